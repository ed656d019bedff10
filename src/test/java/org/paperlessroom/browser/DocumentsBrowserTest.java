package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TestPdfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A chair uploads documents on a laptop; a member reads them on a phone, page by page, and searches them. */
class DocumentsBrowserTest {
  private static byte[] corpus(String name) throws Exception {
    return Files.readAllBytes(Path.of(System.getProperty("paperless.corpus", "../shared/corpus"), name));
  }


  @Test
  void uploadWithProgressThenReadOnAPhoneAndSearch() throws Exception {
    Api admin = Api.admin();
    var chair = admin.createUser("Chủ trì Phạm", "chair-password");
    var member = admin.createUser("Thành viên Lê", "member-password");
    var meeting = admin.post("/api/meetings", new io.vertx.core.json.JsonObject()
        .put("title", Api.unique("Họp xét xử"))
        .put("startsAt", "2026-12-01T01:00:00Z")
        .put("participants", new io.vertx.core.json.JsonArray()
            .add(new io.vertx.core.json.JsonObject().put("userId", chair.getLong("id")).put("roles", new io.vertx.core.json.JsonArray().add("chair")))
            .add(new io.vertx.core.json.JsonObject().put("userId", member.getLong("id")).put("roles", new io.vertx.core.json.JsonArray().add("member")))))
        .bodyAsJsonObject().getJsonObject("meeting");
    String meetingPath = "/meeting.html?id=" + meeting.getLong("id");

    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = laptop.newPage();
      page.navigate(meetingPath);
      Browsers.signIn(page, chair.getString("username"), "chair-password");
      assertThat(page.locator("#upload-panel")).isVisible();
      // Two files at once, plus one that is not what its name says.
      page.locator("#upload-input").setInputFiles(new FilePayload[] {
          new FilePayload("slides.pdf", "application/pdf", corpus("slides.pdf")),
          new FilePayload("bien-ban.pdf", "application/pdf", corpus("vietnamese.pdf")),
          new FilePayload("fake.pdf", "application/pdf", "<html><body>not a pdf</body></html>".getBytes())});
      assertThat(page.locator("#upload-list [data-testid^=upload-]").first()).isVisible();
      assertThat(page.locator("#upload-list progress").first()).isAttached();
      assertThat(page.locator("#upload-list [data-state=error]")).hasCount(1);
      assertThat(page.locator("#upload-list [data-state=error]")).containsText("fake.pdf");
      assertThat(page.locator("#upload-list [data-state=ready]")).hasCount(2,
          new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(120_000));
      assertThat(page.locator("#documents [data-testid^=document-]")).hasCount(2);
      Browsers.screenshot(page, "documents-upload-laptop");
    }

    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.navigate(meetingPath);
      Browsers.signIn(page, member.getString("username"), "member-password");
      assertThat(page.locator("#upload-panel")).isHidden();
      var slides = page.locator("#documents [data-testid^=document-]", new Page.LocatorOptions().setHasText("slides.pdf"));
      slides.locator("[data-testid^=view-]").click();
      assertThat(page.locator("#viewer")).isVisible();
      assertThat(page.locator("#viewer-page-number")).containsText("1");
      assertThat(page.locator("#viewer-page")).hasAttribute("srcset",
          Pattern.compile(".*/1/480\\.jpg 480w.*/1/1920\\.jpg 1920w.*"));
      page.waitForFunction("() => { const i = document.querySelector('#viewer-page'); return i.complete && i.naturalWidth > 0; }");
      String chosen = (String) page.evaluate("() => document.querySelector('#viewer-page').currentSrc");
      assertTrue(chosen.endsWith("/1024.jpg") || chosen.endsWith("/1920.jpg"),
          "a 390 px phone at 3x picks a sharp width from srcset: " + chosen);
      page.locator("#viewer-next").click();
      assertThat(page.locator("#viewer-page-number")).containsText("2");
      assertThat(page.locator("#viewer-page")).hasAttribute("src", Pattern.compile(".*/2/\\d+\\.jpg"));
      Browsers.assertNoHorizontalScroll(page);
      Browsers.screenshot(page, "viewer-phone");
      page.locator("#viewer-close").click();

      page.locator("#doc-search").fill("bien ban");
      page.locator("#doc-search-button").click();
      // Both documents mention "biên bản"; the uploads ran in parallel, so their order is not fixed.
      var hit = page.locator("[data-testid^=search-result-]", new Page.LocatorOptions().setHasText("bien-ban.pdf")).first();
      assertThat(hit).containsText(Pattern.compile("biên bản", Pattern.CASE_INSENSITIVE));
      hit.click();
      assertThat(page.locator("#viewer")).isVisible();
      Browsers.screenshot(page, "search-phone");
      assertEquals(0, ((Number) page.evaluate("() => document.querySelectorAll('script[src*=\"http\"]').length")).intValue(),
          "no script from another host");
    }
  }

  private static io.vertx.core.json.JsonObject participant(io.vertx.core.json.JsonObject user, String role) {
    return new io.vertx.core.json.JsonObject().put("userId", user.getLong("id"))
        .put("roles", new io.vertx.core.json.JsonArray().add(role));
  }

  private static String testid(String id) {
    return "[data-testid=\"" + id + "\"]";
  }

  /** Waits until the viewer's page image is loaded and has pixels. */
  private static void assertViewerImageLoaded(Page page) {
    page.waitForFunction("() => { const i = document.querySelector('#viewer-page');"
        + " return !i.hidden && i.complete && i.naturalWidth > 0; }");
  }

  /**
   * A classified (Mật) document: a member may see its pages only while the live room presents them,
   * so the list and the search offer the live room instead of the viewer, and nothing asks for a page
   * image; the chair browses it in the viewer (watermarked pages); a secretary who loses the role
   * while reading gets a clear message and the live room's link instead of a broken image.
   */
  @Test
  void classifiedDocumentIsForTheLiveRoomUnlessOneMayBrowseIt() {
    Api admin = Api.admin();
    var chair = admin.createUser("Chủ trì Mật", "chair-password");
    var member = admin.createUser("Thành viên Mật", "member-password");
    var secretary = admin.createUser("Thư ký Mật", "secretary-password");
    var created = admin.post("/api/meetings", new io.vertx.core.json.JsonObject()
        .put("title", Api.unique("Họp hồ sơ mật"))
        .put("startsAt", "2026-12-01T01:00:00Z")
        .put("participants", new io.vertx.core.json.JsonArray()
            .add(participant(chair, "chair")).add(participant(member, "member")).add(participant(secretary, "secretary"))));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    String meetingPath = "/meeting.html?id=" + meetingId;
    String liveHref = "live.html?id=" + meetingId;

    String word = "mat" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Api chairApi = Api.forTestApp().signIn(chair.getString("username"), "chair-password");
    var rendered = chairApi.uploadReady(meetingId, "ho-so-mat.pdf", TestPdfs.slides(2, "Ho so " + word), true);
    long docId = rendered.getLong("id");
    String hash = rendered.getString("hash");

    List<String> pageErrors = new ArrayList<>();

    // A member: the live room's link instead of the viewer, in the list and in the search results.
    try (BrowserContext phone = Browsers.phone()) {
      List<String> pagesAsked = new ArrayList<>();
      phone.onRequest(request -> {
        if (request.url().contains("/api/pages/")) {
          pagesAsked.add(request.url());
        }
      });
      Page page = phone.newPage();
      page.onPageError(error -> pageErrors.add("member: " + error));
      page.navigate(meetingPath);
      Browsers.signIn(page, member.getString("username"), "member-password");
      var item = page.locator(testid("document-" + docId));
      assertThat(item).hasAttribute("data-status", "ready");
      assertThat(item.locator(testid("classified-" + docId))).isVisible();
      var note = item.locator(testid("classified-live-" + docId));
      assertThat(note).isVisible();
      assertThat(note).containsText("chỉ xem được khi đang trình chiếu");
      assertThat(note.locator(testid("classified-live-link-" + docId))).hasAttribute("href", liveHref);
      assertThat(item.locator(testid("view-" + docId))).isHidden();
      assertThat(item.locator(testid("download-" + docId))).isHidden();
      assertThat(item).hasAttribute("data-live-only", "true");

      page.locator("#doc-search").fill(word);
      page.locator("#doc-search-button").click();
      var hit = page.locator(testid("search-result-0"));
      assertThat(hit).isVisible();
      assertThat(hit).hasAttribute("data-live-only", "true");
      assertThat(hit).containsText("chỉ xem được khi đang trình chiếu");
      assertThat(page.locator(testid("search-result-0-live"))).hasAttribute("href", liveHref);
      hit.locator(".search-result-name").click();
      page.waitForTimeout(300);
      assertThat(page.locator("#viewer")).isHidden();
      Browsers.assertNoHorizontalScroll(page);
      Browsers.screenshot(page, "classified-member-phone");
      assertEquals(List.of(), pagesAsked, "no page image of the classified document is asked for");

      // In English too.
      page.locator("#lang-switch").click();
      assertThat(note).containsText("only while it is presented");
      assertThat(hit).containsText("only while it is presented");
    }

    // The chair: the viewer, with the (watermarked) page 1 shown.
    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = laptop.newPage();
      page.onPageError(error -> pageErrors.add("chair: " + error));
      page.navigate(meetingPath);
      Browsers.signIn(page, chair.getString("username"), "chair-password");
      var item = page.locator(testid("document-" + docId));
      assertThat(item).hasAttribute("data-status", "ready");
      assertThat(item.locator(testid("classified-live-" + docId))).isHidden();
      var view = item.locator(testid("view-" + docId));
      assertThat(view).isVisible();
      view.click();
      assertThat(page.locator("#viewer")).isVisible();
      assertThat(page.locator("#viewer-classified")).isVisible();
      assertThat(page.locator("#viewer-page")).hasAttribute("src", Pattern.compile(".*/" + hash + "/1/\\d+\\.jpg"));
      assertViewerImageLoaded(page);
      assertThat(page.locator("#viewer-denied")).isHidden();
      Browsers.screenshot(page, "classified-chair-viewer");
      page.locator("#viewer-close").click();

      // The search opens the viewer at the page found.
      page.locator("#doc-search").fill(word);
      page.locator("#doc-search-button").click();
      var hit = page.locator("[data-testid^=search-result-][data-page=\"2\"]");
      assertThat(hit).isVisible();
      assertEquals("BUTTON", hit.evaluate("e => e.tagName"), "the chair's results open the viewer");
      hit.click();
      assertThat(page.locator("#viewer")).isVisible();
      assertThat(page.locator("#viewer-page-number")).containsText("2");
      assertViewerImageLoaded(page);
    }

    // A secretary reads it, then is made a plain member: the next page is refused (403).
    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.onPageError(error -> pageErrors.add("secretary: " + error));
      page.navigate(meetingPath);
      Browsers.signIn(page, secretary.getString("username"), "secretary-password");
      var item = page.locator(testid("document-" + docId));
      item.locator(testid("view-" + docId)).click();
      assertViewerImageLoaded(page);
      var demoted = admin.put("/api/meetings/" + meetingId + "/participants/" + secretary.getLong("id"),
          new io.vertx.core.json.JsonObject().put("roles", new io.vertx.core.json.JsonArray().add("member")));
      assertEquals(200, demoted.statusCode(), demoted::bodyAsString);
      page.locator("#viewer-next").click();
      assertThat(page.locator("#viewer-page-number")).containsText("2");
      var denied = page.locator("#viewer-denied");
      assertThat(denied).isVisible();
      assertThat(denied).containsText("chỉ xem được khi đang được trình chiếu");
      assertThat(page.locator("#viewer-live-link")).isVisible();
      assertThat(page.locator("#viewer-live-link")).hasText("Vào phòng trình chiếu");
      assertThat(page.locator("#viewer-live-link")).hasAttribute("href", liveHref);
      assertThat(page.locator("#viewer-page")).isHidden();
      page.screenshot(new Page.ScreenshotOptions().setPath(Browsers.SCREENSHOTS.resolve("classified-refused-phone.png")));
      page.locator("#viewer-close").click();
      // The list has asked again what the secretary-turned-member may do.
      assertThat(item.locator(testid("classified-live-" + docId))).isVisible();
      assertThat(item.locator(testid("view-" + docId))).isHidden();
    }
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }
}
