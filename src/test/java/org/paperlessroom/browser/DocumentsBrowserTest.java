package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.Rooms;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
