package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.TestPdfs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chair runs a whole meeting from the agenda on a laptop while two members follow on phones:
 * start (everybody connected is checked in, the quorum is met), the current item and its timer on
 * every screen, next item presenting its document, pause, requests to speak and the floor, any
 * item, end. The projector shows the current item too.
 */
class RunMeetingBrowserTest {
  private static final String PASSWORD = "run-password-1";
  private static final Pattern SNAPSHOT_SEQ = Pattern.compile("^\\d+$");

  private final List<String> pageErrors = new ArrayList<>();

  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }

  private record Person(String username, long id, String name) {
  }

  private Page open(BrowserContext context, Person who, String path) {
    Page page = context.newPage();
    page.onPageError(error -> pageErrors.add(who.name() + ": " + error));
    page.navigate(path);
    Browsers.signIn(page, who.username(), PASSWORD);
    page.waitForURL(Pattern.compile(".*/live\\.html\\?id=\\d+.*"));
    assertThat(page.locator("#live-stage")).hasAttribute("data-seq", SNAPSHOT_SEQ);
    return page;
  }

  private static Person person(Api admin, String name) {
    JsonObject user = admin.createUser(name, PASSWORD);
    return new Person(user.getString("username"), user.getLong("id"), name);
  }

  private static JsonObject participant(Person p, String... roles) {
    return new JsonObject().put("userId", p.id()).put("roles", new JsonArray(List.of((Object[]) roles)));
  }

  private static Locator item(Page page, long itemId) {
    return page.getByTestId("agenda-item-" + itemId);
  }

  @Test
  void theChairRunsTheMeetingFromTheAgendaWhileMembersFollowOnPhones() {
    Api admin = Api.admin();
    Person chair = person(admin, Api.unique("Chủ trì Nguyễn Văn Bình"));
    Person an = person(admin, Api.unique("Thành viên Trần Thị An"));
    Person cuong = person(admin, Api.unique("Thành viên Lê Văn Cường"));
    HttpResponse<Buffer> created = admin.post("/api/meetings", new JsonObject()
        .put("title", Api.unique("Họp giao ban tháng 12")).put("startsAt", "2026-12-01T01:00:00Z")
        .put("location", "Phòng họp tầng 2")
        .put("participants", new JsonArray().add(participant(chair, "chair", "member"))
            .add(participant(an, "member")).add(participant(cuong, "member"))));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    Api chairApi = Api.forTestApp().signIn(chair.username(), PASSWORD);
    long deck = chairApi.uploadReady(meetingId, "bao-cao-thang-11.pdf", TestPdfs.slides(3, Api.unique("run")), false).getLong("id");
    long opening = Meetings.addItem(chairApi, meetingId, new JsonObject().put("title", "Khai mạc").put("plannedMinutes", 5));
    long report = Meetings.addItem(chairApi, meetingId, new JsonObject().put("title", "Báo cáo kết quả công tác tháng 11")
        .put("presenterId", an.id()).put("plannedMinutes", 20).put("documentIds", new JsonArray().add(deck)));
    long closing = Meetings.addItem(chairApi, meetingId, new JsonObject().put("title", "Kết luận của chủ trì").put("plannedMinutes", 10));
    String path = "/live.html?id=" + meetingId;

    try (BrowserContext laptop = Browsers.laptop(); BrowserContext phoneA = Browsers.phone();
         BrowserContext phoneC = Browsers.phone(); BrowserContext projectorContext = Browsers.laptop()) {
      Page chairPage = open(laptop, chair, path);
      Page anPage = open(phoneA, an, path);
      Page cuongPage = open(phoneC, cuong, path);

      // Before the start: everybody sees the agenda; only the chair has the controls.
      for (Page p : List.of(anPage, cuongPage, chairPage)) {
        assertThat(p.locator("#agenda-status")).hasText("Chưa bắt đầu");
        assertThat(item(p, report)).containsText("Báo cáo kết quả công tác tháng 11");
        assertThat(p.locator("#run-bar")).isHidden();
      }
      assertThat(item(anPage, report)).containsText("Thành viên Trần Thị An");
      assertThat(anPage.locator("#run-controls")).isHidden();
      assertThat(chairPage.locator("#run-start")).isVisible();

      chairPage.locator("#run-start").click();
      for (Page p : List.of(anPage, cuongPage, chairPage)) {
        assertThat(p.locator("#agenda-status")).hasText("Đang diễn ra");
        assertThat(p.locator("#run-item")).hasText("Nội dung 1/3: Khai mạc");
        assertThat(item(p, opening)).hasAttribute("aria-current", "step");
      }
      // Everybody connected was checked in: three of three voting members.
      assertThat(chairPage.locator("#run-quorum")).hasAttribute("data-met", "true");
      assertThat(chairPage.locator("#run-quorum")).containsText("3/3");
      // The timer runs on the phones (the server's clock).
      anPage.waitForFunction("() => Number(document.querySelector('#run-timer').dataset.elapsedMs) >= 1000");
      assertThat(anPage.locator("#run-timer")).containsText("/ 5:00");

      // Next item, presenting its document: the phones show the item and the first page.
      chairPage.locator("#run-next").click();
      for (Page p : List.of(anPage, cuongPage)) {
        assertThat(p.locator("#run-item")).hasText("Nội dung 2/3: Báo cáo kết quả công tác tháng 11");
        assertThat(item(p, report)).hasAttribute("aria-current", "step");
        assertThat(p.locator("#live-stage")).hasAttribute("data-document-id", String.valueOf(deck));
        assertThat(p.locator("#live-stage")).hasAttribute("data-page", "1");
      }
      assertThat(item(anPage, opening)).not().hasAttribute("aria-current", "step");
      assertThat(anPage.getByTestId("agenda-doc-" + deck)).isVisible();

      // The chair pauses the timer: paused everywhere.
      chairPage.locator("#run-pause").click();
      assertThat(cuongPage.locator("#run-timer")).hasAttribute("data-paused", "true");
      assertThat(chairPage.locator("#run-pause")).hasText("Tiếp tục đồng hồ");

      // A member cannot move the meeting (the server refuses it), and nothing moves.
      Api anApi = Api.forTestApp().signIn(an.username(), PASSWORD);
      assertEquals(403, anApi.post("/api/meetings/" + meetingId + "/agenda/current", new JsonObject().put("step", 1)).statusCode());
      assertThat(cuongPage.locator("#run-item")).hasText("Nội dung 2/3: Báo cáo kết quả công tác tháng 11");

      // Requests to speak: An, then Cường; the chair gives the floor to Cường first.
      anPage.locator("#speak-request").tap();
      assertThat(anPage.locator("#speak-request")).hasAttribute("data-state", "waiting");
      cuongPage.locator("#speak-request").tap();
      Locator queue = chairPage.locator("#speak-queue .speaker");
      assertThat(queue).hasCount(2);
      assertThat(queue.nth(0)).containsText("1. " + an.name());
      assertThat(queue.nth(1)).containsText("2. " + cuong.name());
      chairPage.getByTestId("speaker-floor-" + cuong.id()).click();
      for (Page p : List.of(anPage, cuongPage, chairPage)) {
        assertThat(p.locator("#run-speaker")).hasText("Đang phát biểu: " + cuong.name());
      }
      assertThat(cuongPage.locator("#speak-request")).hasAttribute("data-state", "speaking");
      assertThat(anPage.locator("#speak-request")).hasAttribute("data-state", "waiting");
      Browsers.screenshot(chairPage, "run-chair-laptop");
      Browsers.screenshot(anPage, "run-member-phone");
      Browsers.assertNoHorizontalScroll(anPage);

      // The projector shows the current item and the speaker over the page.
      Page projector = open(projectorContext, chair, path + "&projector=1");
      assertThat(projector.locator("#run-bar")).isVisible();
      assertThat(projector.locator("#run-item")).hasText("Nội dung 2/3: Báo cáo kết quả công tác tháng 11");
      Browsers.screenshot(projector, "run-projector");

      // Straight to the last item from the agenda; then the end.
      chairPage.getByTestId("agenda-go-" + closing).click();
      assertThat(item(cuongPage, closing)).hasAttribute("aria-current", "step");
      assertThat(cuongPage.locator("#run-timer")).hasAttribute("data-paused", "false");
      chairPage.onDialog(dialog -> dialog.accept());
      chairPage.locator("#run-end").click();
      for (Page p : List.of(anPage, cuongPage)) {
        assertThat(p.locator("#agenda-status")).hasText("Đã kết thúc");
        assertThat(p.locator("#run-bar")).isHidden();
        assertThat(p.locator("#live-speakers")).isHidden();
      }
      JsonObject agenda = Meetings.agenda(chairApi, meetingId);
      for (Object o : agenda.getJsonArray("items")) {
        assertTrue(((JsonObject) o).getString("startedAt") != null, "every item was current: " + o);
      }
      assertThat(chairPage.locator("#run-start")).isHidden(new LocatorAssertions.IsHiddenOptions());

      // Each item's documents are one tap away on the phone: the viewer opens on the meeting page.
      anPage.getByTestId("agenda-doc-" + deck).tap();
      anPage.waitForURL(Pattern.compile(".*/meeting\\.html\\?id=" + meetingId + "&doc=" + deck));
      assertThat(anPage.locator("#viewer")).isVisible();
      assertThat(anPage.locator("#viewer-title")).hasText("bao-cao-thang-11.pdf");
    }
  }
}
