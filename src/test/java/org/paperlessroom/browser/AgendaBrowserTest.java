package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.TestPdfs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meeting page's agenda, attendance and run buttons: a secretary builds and reorders the agenda
 * on a laptop (keyboard buttons and a drag), a member reads it on a phone and opens a document, the
 * secretary takes attendance with the quorum following the rule, and the chair starts the meeting.
 */
class AgendaBrowserTest {

  /** A meeting with a chair (also a voting member), a secretary and three members, names with diacritics. */
  private record Setup(long meetingId, Api admin, JsonObject chair, JsonObject secretary, List<JsonObject> members,
                       Api secretaryApi, Api memberApi) {
    String path() {
      return "/meeting.html?id=" + meetingId;
    }

    long memberId(int i) {
      return members.get(i).getLong("id");
    }
  }

  private static Setup setup() {
    Api admin = Api.admin();
    JsonObject chair = admin.createUser("Nguyễn Văn Khải", "chair-password");
    JsonObject secretary = admin.createUser("Trần Thị Hương", "secretary-password");
    List<JsonObject> members = List.of(
        admin.createUser("Lê Đức Thắng", "member-password"),
        admin.createUser("Phạm Thị Ngọc Ánh", "member-password"),
        admin.createUser("Võ Quốc Việt", "member-password"));
    JsonArray participants = new JsonArray()
        .add(participant(chair, "chair", "member"))
        .add(participant(secretary, "secretary"));
    members.forEach(m -> participants.add(participant(m, "member")));
    HttpResponse<Buffer> created = admin.post("/api/meetings", new JsonObject()
        .put("title", Api.unique("Họp Ủy ban kiểm sát"))
        .put("startsAt", "2026-12-01T01:00:00Z")
        .put("location", "Phòng họp tầng 3")
        .put("participants", participants));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    return new Setup(meetingId, admin, chair, secretary, members,
        Api.forTestApp().signIn(secretary.getString("username"), "secretary-password"),
        Api.forTestApp().signIn(members.get(0).getString("username"), "member-password"));
  }

  private static JsonObject participant(JsonObject user, String... roles) {
    return new JsonObject().put("userId", user.getLong("id")).put("roles", new JsonArray(List.of((Object[]) roles)));
  }

  private static String testid(String id) {
    return "[data-testid=\"" + id + "\"]";
  }

  private static List<Long> apiOrder(Api api, long meetingId) {
    HttpResponse<Buffer> r = api.get("/api/meetings/" + meetingId + "/agenda");
    assertEquals(200, r.statusCode(), r::bodyAsString);
    List<Long> ids = new ArrayList<>();
    r.bodyAsJsonObject().getJsonArray("items").forEach(i -> ids.add(((JsonObject) i).getLong("id")));
    return ids;
  }

  /** The list on the page (waiting for it) and the server agree on this order. */
  private static void assertOrder(Page page, Api api, long meetingId, List<Long> expected) {
    Locator rows = page.locator("#agenda-list > li.agenda-item");
    assertThat(rows).hasCount(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(rows.nth(i)).hasAttribute("data-item-id", String.valueOf(expected.get(i)));
      assertThat(rows.nth(i)).hasAttribute("data-position", String.valueOf(i + 1));
    }
    assertEquals(expected, apiOrder(api, meetingId), "the server's order");
  }

  private static String focusedTestid(Page page) {
    return (String) page.evaluate("() => document.activeElement && document.activeElement.dataset.testid || null");
  }

  private static long addItem(Api api, long meetingId, JsonObject fields) {
    HttpResponse<Buffer> r = api.post("/api/meetings/" + meetingId + "/agenda", fields);
    assertEquals(201, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject().getLong("itemId");
  }

  /** (a) The secretary adds, edits, deletes and reorders items on a laptop. */
  @Test
  void secretaryBuildsAndReordersTheAgendaOnALaptop() {
    Setup s = setup();
    long docId = s.secretaryApi().uploadReady(s.meetingId(), "to-trinh-vu-an.pdf", TestPdfs.slides(2, Api.unique("to trinh")), false)
        .getLong("id");
    List<String> pageErrors = new ArrayList<>();

    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = laptop.newPage();
      page.onPageError(error -> pageErrors.add(error));
      page.navigate(s.path());
      Browsers.signIn(page, s.secretary().getString("username"), "secretary-password");
      assertThat(page.locator("#agenda-panel")).isVisible();
      assertThat(page.locator("#agenda-add-panel")).isVisible();
      assertThat(page.locator("#agenda-list")).containsText("Chưa có nội dung họp");
      assertThat(page.locator("#start-meeting")).isHidden(); // the secretary does not run the meeting
      assertThat(page.locator("#pack-link")).hasAttribute("href", "/api/meetings/" + s.meetingId() + "/pack.pdf");
      assertThat(page.locator("#calendar-link")).hasAttribute("href", "/api/meetings/" + s.meetingId() + "/calendar.ics");

      // Four items; the first with a presenter, a description and a document.
      page.locator("#agenda-add-title").fill("Báo cáo kết quả công tác tháng 11");
      page.locator("#agenda-add-presenter").selectOption(String.valueOf(s.memberId(0)));
      page.locator("#agenda-add-minutes").fill("20");
      page.locator("#agenda-add-description").fill("Đồng chí Thắng trình bày; các thành viên góp ý.");
      page.locator("#agenda-add-doc-" + docId).check();
      page.locator("#agenda-add-submit").click();
      assertThat(page.locator("#agenda-status")).hasText("Đã thêm “Báo cáo kết quả công tác tháng 11” vào chương trình họp.");
      assertThat(page.locator("#agenda-add-title")).hasValue("");
      assertThat(page.locator("#agenda-add-title")).isFocused();
      String[] titles = {"Thảo luận vụ án số 12/2026", "Ý kiến của thành viên", "Các việc khác"};
      int[] minutes = {30, 15, 10};
      for (int i = 0; i < titles.length; i++) {
        page.locator("#agenda-add-title").fill(titles[i]);
        page.locator("#agenda-add-minutes").fill(String.valueOf(minutes[i]));
        page.locator("#agenda-add-submit").click();
        assertThat(page.locator("#agenda-list > li.agenda-item")).hasCount(i + 2);
      }
      List<Long> ids = apiOrder(s.secretaryApi(), s.meetingId());
      assertEquals(4, ids.size());
      long a = ids.get(0);
      long b = ids.get(1);
      long c = ids.get(2);
      long d = ids.get(3);
      Locator first = page.locator(testid("agenda-item-" + a));
      assertThat(first.locator(testid("agenda-presenter-" + a))).hasText("Người trình bày: Lê Đức Thắng");
      assertThat(first.locator(testid("agenda-minutes-" + a))).hasText("Dự kiến: 20 phút");
      assertThat(first.locator(testid("agenda-doc-" + a + "-" + docId))).containsText("to-trinh-vu-an.pdf");
      assertThat(page.locator("#agenda-total")).hasText("Tổng thời gian dự kiến: 1 giờ 15 phút");

      // Edit the third in place.
      page.locator(testid("agenda-edit-" + c)).click();
      assertThat(page.locator("#agenda-edit-" + c + "-title")).isFocused();
      assertThat(page.locator("#agenda-edit-" + c + "-title")).hasValue("Ý kiến của thành viên");
      page.locator("#agenda-edit-" + c + "-title").fill("Ý kiến của các thành viên Ủy ban");
      page.locator("#agenda-edit-" + c + "-minutes").fill("25");
      page.locator("#agenda-edit-" + c + "-presenter").selectOption(String.valueOf(s.memberId(1)));
      page.locator("#agenda-edit-" + c + "-submit").click();
      assertThat(page.locator(testid("agenda-title-" + c))).hasText("Nội dung 3: Ý kiến của các thành viên Ủy ban");
      assertThat(page.locator(testid("agenda-presenter-" + c))).hasText("Người trình bày: Phạm Thị Ngọc Ánh");
      assertThat(page.locator("#agenda-status")).hasText("Đã lưu nội dung “Ý kiến của các thành viên Ủy ban”.");
      assertThat(page.locator(testid("agenda-edit-" + c))).isFocused();
      assertThat(page.locator("#agenda-total")).hasText("Tổng thời gian dự kiến: 1 giờ 25 phút");

      // Delete the second, after confirming; cancelling first changes nothing.
      page.locator(testid("agenda-delete-" + b)).click();
      assertThat(page.locator(testid("agenda-delete-confirm-" + b))).containsText("Xóa nội dung “Thảo luận vụ án số 12/2026”");
      page.locator(testid("agenda-delete-no-" + b)).click();
      assertThat(page.locator(testid("agenda-delete-confirm-" + b))).hasCount(0);
      page.locator(testid("agenda-delete-" + b)).click();
      page.locator(testid("agenda-delete-yes-" + b)).click();
      assertThat(page.locator("#agenda-status")).hasText("Đã xóa nội dung “Thảo luận vụ án số 12/2026”.");
      assertOrder(page, s.secretaryApi(), s.meetingId(), List.of(a, c, d));
      assertThat(page.locator("#agenda-total")).hasText("Tổng thời gian dự kiến: 55 phút");

      // Reorder with the keyboard: the first item down twice; focus stays on the moved item.
      Locator down = page.locator(testid("agenda-down-" + a));
      assertThat(down).hasAttribute("aria-label", "Chuyển “Báo cáo kết quả công tác tháng 11” xuống dưới");
      assertThat(page.locator(testid("agenda-up-" + a))).isDisabled();
      down.focus();
      page.keyboard().press("Enter");
      assertOrder(page, s.secretaryApi(), s.meetingId(), List.of(c, a, d));
      assertEquals("agenda-down-" + a, focusedTestid(page));
      assertThat(page.locator("#agenda-status")).hasText("Đã chuyển “Báo cáo kết quả công tác tháng 11” đến vị trí 2.");
      page.keyboard().press("Enter");
      assertOrder(page, s.secretaryApi(), s.meetingId(), List.of(c, d, a));
      assertThat(page.locator(testid("agenda-down-" + a))).isDisabled();
      assertEquals("agenda-up-" + a, focusedTestid(page), "the last item cannot go down: focus moves to Up");
      page.keyboard().press("Enter"); // and up again by the keyboard
      assertOrder(page, s.secretaryApi(), s.meetingId(), List.of(c, a, d));

      // Reorder by dragging the last item's handle onto the first item.
      page.locator(testid("agenda-handle-" + d)).dragTo(page.locator(testid("agenda-handle-" + c)));
      assertOrder(page, s.secretaryApi(), s.meetingId(), List.of(d, c, a));
      assertThat(page.locator("#agenda-status")).hasText("Đã chuyển “Các việc khác” đến vị trí 1.");
      // And the first one down onto the last.
      page.locator(testid("agenda-handle-" + d)).dragTo(page.locator(testid("agenda-handle-" + a)));
      assertOrder(page, s.secretaryApi(), s.meetingId(), List.of(c, a, d));

      // Someone else adds an item meanwhile: the next reorder is refused (409), reloaded and said so.
      long e = addItem(s.secretaryApi(), s.meetingId(), new JsonObject().put("title", "Nội dung bổ sung"));
      page.locator(testid("agenda-down-" + c)).click();
      assertThat(page.locator("#agenda-error")).containsText("vừa được người khác thay đổi");
      assertOrder(page, s.secretaryApi(), s.meetingId(), List.of(c, a, d, e));

      Browsers.screenshot(page, "agenda-secretary-laptop");
      page.locator(testid("agenda-edit-" + a)).click();
      assertThat(page.locator("#agenda-edit-" + a + "-doc-" + docId)).isChecked();
      Browsers.screenshot(page, "agenda-edit-laptop");
      page.locator("#agenda-edit-" + a + "-cancel").click();
      assertThat(page.locator(testid("agenda-edit-" + a))).isFocused();

      // In English too.
      page.locator("#lang-switch").click();
      assertThat(page.locator("#agenda-heading")).hasText("Agenda");
      assertThat(page.locator(testid("agenda-minutes-" + a))).hasText("Planned: 20 min");
      assertThat(page.locator(testid("agenda-down-" + a))).hasAttribute("aria-label", "Move “Báo cáo kết quả công tác tháng 11” down");
      page.locator("#lang-switch").click();
      assertThat(page.locator("#agenda-heading")).hasText("Chương trình họp");
    }

    // The same secretary on a phone: everything fits, nothing scrolls sideways.
    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.onPageError(error -> pageErrors.add(error));
      page.navigate(s.path());
      Browsers.signIn(page, s.secretary().getString("username"), "secretary-password");
      assertThat(page.locator("#agenda-list > li.agenda-item")).hasCount(4);
      assertThat(page.locator("#agenda-add-doc-" + docId)).isVisible();
      Browsers.assertNoHorizontalScroll(page);
      Browsers.screenshot(page, "agenda-secretary-phone");
      // A finger drag on the handle works too (touch pointer events).
      List<Long> before = apiOrder(s.secretaryApi(), s.meetingId());
      page.locator(testid("agenda-item-" + before.get(0))).evaluate("e => e.scrollIntoView({ block: 'start' })");
      touchDrag(page, testid("agenda-handle-" + before.get(0)), testid("agenda-handle-" + before.get(1)));
      List<Long> expected = new ArrayList<>(List.of(before.get(1), before.get(0), before.get(2), before.get(3)));
      assertOrder(page, s.secretaryApi(), s.meetingId(), expected);
    }
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }

  /** Drags with a finger (CDP touch events) from the centre of one element to the centre of another. */
  private static void touchDrag(Page page, String from, String to) {
    var a = page.locator(from).boundingBox();
    var b = page.locator(to).boundingBox();
    double x1 = a.x + a.width / 2;
    double y1 = a.y + a.height / 2;
    double x2 = b.x + b.width / 2;
    double y2 = b.y + b.height / 2;
    var cdp = page.context().newCDPSession(page);
    cdp.send("Input.dispatchTouchEvent", com.google.gson.JsonParser.parseString(
        "{\"type\":\"touchStart\",\"touchPoints\":[{\"x\":" + x1 + ",\"y\":" + y1 + "}]}").getAsJsonObject());
    for (int i = 1; i <= 5; i++) {
      double y = y1 + (y2 - y1) * i / 5;
      double x = x1 + (x2 - x1) * i / 5;
      cdp.send("Input.dispatchTouchEvent", com.google.gson.JsonParser.parseString(
          "{\"type\":\"touchMove\",\"touchPoints\":[{\"x\":" + x + ",\"y\":" + y + "}]}").getAsJsonObject());
    }
    cdp.send("Input.dispatchTouchEvent", com.google.gson.JsonParser.parseString(
        "{\"type\":\"touchEnd\",\"touchPoints\":[]}").getAsJsonObject());
    cdp.detach();
  }

  /** (b) A member reads the agenda on a phone, without edit controls, and opens an item's document. */
  @Test
  void memberReadsTheAgendaOnAPhoneAndOpensADocument() {
    Setup s = setup();
    long docId = s.secretaryApi().uploadReady(s.meetingId(), "bao-cao-thang.pdf", TestPdfs.slides(3, Api.unique("bao cao")), false)
        .getLong("id");
    long secretId = s.secretaryApi().uploadReady(s.meetingId(), "ho-so-mat.pdf", TestPdfs.slides(1, Api.unique("mat")), true)
        .getLong("id");
    long first = addItem(s.secretaryApi(), s.meetingId(), new JsonObject().put("title", "Báo cáo công tác kiểm sát tháng 11")
        .put("description", "Báo cáo tóm tắt kết quả; thảo luận.\nBiểu quyết thông qua.")
        .put("presenterId", s.memberId(0)).put("plannedMinutes", 45)
        .put("documentIds", new JsonArray().add(docId).add(secretId)));
    long second = addItem(s.secretaryApi(), s.meetingId(), new JsonObject().put("title", "Kết luận của đồng chí Chủ trì")
        .put("plannedMinutes", 30));
    List<String> pageErrors = new ArrayList<>();

    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.onPageError(error -> pageErrors.add(error));
      page.navigate(s.path());
      Browsers.signIn(page, s.members().get(0).getString("username"), "member-password");
      Locator rows = page.locator("#agenda-list > li.agenda-item");
      assertThat(rows).hasCount(2);
      assertThat(rows.nth(0)).hasAttribute("data-item-id", String.valueOf(first));
      assertThat(rows.nth(1)).hasAttribute("data-item-id", String.valueOf(second));
      assertThat(page.locator(testid("agenda-title-" + first))).containsText("Báo cáo công tác kiểm sát tháng 11");
      assertThat(page.locator(testid("agenda-description-" + first))).containsText("Biểu quyết thông qua.");
      assertThat(page.locator("#agenda-total")).hasText("Tổng thời gian dự kiến: 1 giờ 15 phút");
      // No edit controls, no add form, no run buttons, no attendance.
      assertThat(page.locator("#agenda-add-panel")).isHidden();
      assertThat(page.locator("#agenda-list [data-testid^=agenda-up-]")).hasCount(0);
      assertThat(page.locator("#agenda-list [data-testid^=agenda-handle-]")).hasCount(0);
      assertThat(page.locator("#agenda-list [data-testid^=agenda-edit-]")).hasCount(0);
      assertThat(page.locator("#agenda-list [data-testid^=agenda-delete-]")).hasCount(0);
      assertThat(page.locator("#start-meeting")).isHidden();
      assertThat(page.locator("#attendance-panel")).isHidden();
      assertThat(page.locator("#pack-link")).isVisible();
      assertThat(page.locator("#calendar-link")).isVisible();
      // The classified document: the Mật badge and the live room instead of the viewer.
      Locator secret = page.locator(testid("agenda-doc-" + first + "-" + secretId));
      assertThat(secret).hasAttribute("data-live-only", "true");
      assertThat(page.locator(testid("agenda-doc-classified-" + first + "-" + secretId))).hasText("Mật");
      assertThat(page.locator(testid("agenda-doc-live-" + first + "-" + secretId))).hasAttribute("href", "live.html?id=" + s.meetingId());
      Browsers.assertNoHorizontalScroll(page);
      page.locator("#agenda-panel").scrollIntoViewIfNeeded();
      Browsers.screenshot(page, "agenda-member-phone");

      page.locator(testid("agenda-doc-" + first + "-" + docId)).tap();
      assertThat(page.locator("#viewer")).isVisible();
      assertThat(page.locator("#viewer-title")).hasText("bao-cao-thang.pdf");
      assertThat(page.locator("#viewer-page-number")).containsText("1");
      page.waitForFunction("() => { const i = document.querySelector('#viewer-page'); return !i.hidden && i.complete && i.naturalWidth > 0; }");
      page.screenshot(new Page.ScreenshotOptions().setPath(Browsers.SCREENSHOTS.resolve("agenda-viewer-phone.png")));
      page.locator("#viewer-close").tap();
      assertThat(page.locator("#viewer")).isHidden();

      // The meeting pack downloads on the phone: a PDF with the cover and the item's (not classified) pages.
      Download pack = page.waitForDownload(() -> page.locator("#pack-link").tap());
      try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(pack.path().toFile())) {
        assertEquals(2, countBookmarks(pdf), "one bookmark per agenda item");
        assertTrue(new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).contains("CHƯƠNG TRÌNH HỌP"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    // The API refuses a member's changes.
    HttpResponse<Buffer> refused = s.memberApi().post("/api/meetings/" + s.meetingId() + "/agenda",
        new JsonObject().put("title", "Nội dung tự thêm"));
    assertEquals(403, refused.statusCode(), refused::bodyAsString);
    HttpResponse<Buffer> reorder = s.memberApi().put("/api/meetings/" + s.meetingId() + "/agenda/order",
        new JsonObject().put("itemIds", new JsonArray().add(second).add(first)));
    assertEquals(403, reorder.statusCode(), reorder::bodyAsString);
    assertEquals(List.of(first, second), apiOrder(s.secretaryApi(), s.meetingId()));
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }

  /** (c) The secretary takes attendance; the quorum follows the rule; the list downloads as CSV. */
  @Test
  void secretaryTakesAttendanceAndTheQuorumFollowsTheRule() throws Exception {
    Setup s = setup();
    long m0 = s.memberId(0);
    long m1 = s.memberId(1);
    long m2 = s.memberId(2);
    List<String> pageErrors = new ArrayList<>();

    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = laptop.newPage();
      page.onPageError(error -> pageErrors.add(error));
      page.navigate(s.path());
      Browsers.signIn(page, s.secretary().getString("username"), "secretary-password");
      assertThat(page.locator("#attendance-panel")).isVisible();
      assertThat(page.locator("#attendance-list > li.attendance-row")).hasCount(5);
      // Four voting members (the chair is one); more than half: 3.
      Locator quorum = page.locator("#attendance-quorum");
      assertThat(quorum).hasText("Thành viên có mặt: 0/4 — Chưa đủ số thành viên (cần 3)");
      assertThat(quorum).hasAttribute("data-met", "false");
      assertThat(page.locator(testid("attendance-state-" + m0))).hasText("Chưa điểm danh");

      // Two at once.
      page.locator(testid("attendance-select-" + m0)).check();
      page.locator(testid("attendance-select-" + m1)).check();
      assertThat(page.locator("#attendance-selected-count")).hasText("Đã chọn 2 người");
      assertThat(page.locator("#attendance-select-all")).isChecked(new com.microsoft.playwright.assertions.LocatorAssertions.IsCheckedOptions().setChecked(false));
      page.locator("#attendance-bulk-present").click();
      assertThat(page.locator(testid("attendance-state-" + m0))).hasText("Có mặt trực tiếp");
      assertThat(page.locator(testid("attendance-state-" + m1))).hasText("Có mặt trực tiếp");
      assertThat(page.locator(testid("attendance-" + m0))).hasAttribute("data-status", "in_person");
      assertThat(page.locator(testid("attendance-time-" + m0))).containsText("lúc");
      assertThat(page.locator(testid("attendance-auto-" + m0))).hasCount(0); // by hand, not automatic
      assertThat(page.locator(testid("attendance-connected-" + m0))).hasAttribute("data-connected", "false");
      assertThat(page.locator(testid("attendance-mark-in_person-" + m0))).hasAttribute("aria-pressed", "true");
      assertThat(page.locator("#attendance-status")).containsText("Có mặt trực tiếp: ");
      assertThat(page.locator("#attendance-status")).containsText("Lê Đức Thắng");
      assertThat(page.locator("#attendance-status")).containsText("Phạm Thị Ngọc Ánh");
      assertThat(page.locator("#attendance-selected-count")).hasText("Đã chọn 0 người");
      assertThat(quorum).hasText("Thành viên có mặt: 2/4 — Chưa đủ số thành viên (cần 3)");
      assertThat(page.locator("#attendance-present")).hasText("Tổng số người có mặt: 2/5");

      // One absent, with a reason.
      page.locator(testid("attendance-mark-absent-" + m2)).click();
      assertThat(page.locator(testid("attendance-reason-" + m2))).isFocused();
      page.locator(testid("attendance-reason-" + m2)).fill("Đi công tác tại Hà Nội");
      page.locator(testid("attendance-absent-save-" + m2)).click();
      assertThat(page.locator(testid("attendance-state-" + m2))).hasText("Vắng mặt (Đi công tác tại Hà Nội)");
      assertThat(page.locator(testid("attendance-" + m2))).hasAttribute("data-status", "absent");
      assertThat(page.locator(testid("attendance-absent-form-" + m2))).hasCount(0);
      assertThat(quorum).hasText("Thành viên có mặt: 2/4 — Chưa đủ số thành viên (cần 3)");

      // The rule: at least 2 → met; two-thirds → 3, not met.
      page.locator("#attendance-rule").selectOption("count");
      assertThat(page.locator("#attendance-count")).isVisible();
      page.locator("#attendance-count").fill("2");
      page.locator("#attendance-rules-save").click();
      assertThat(quorum).hasText("Thành viên có mặt: 2/4 — Đủ số thành viên (cần 2)");
      assertThat(quorum).hasAttribute("data-met", "true");
      assertThat(page.locator("#attendance-status")).hasText("Đã lưu điều kiện đủ số thành viên.");
      Browsers.screenshot(page, "agenda-attendance-laptop");
      page.locator("#attendance-rule").selectOption("two_thirds");
      assertThat(page.locator("#attendance-count")).isHidden();
      page.locator("#attendance-rules-save").click();
      assertThat(quorum).hasText("Thành viên có mặt: 2/4 — Chưa đủ số thành viên (cần 3)");
      assertThat(quorum).hasAttribute("data-met", "false");
      JsonObject figures = s.secretaryApi().get("/api/meetings/" + s.meetingId() + "/attendance").bodyAsJsonObject()
          .getJsonObject("figures");
      assertEquals("two_thirds", figures.getString("rule"));
      assertEquals(2, figures.getInteger("membersPresent"));
      assertEquals(3, figures.getInteger("required"));
      assertEquals(false, figures.getBoolean("met"));

      // The CSV, in the page's language, with the Vietnamese letters intact.
      assertThat(page.locator("#attendance-csv")).hasAttribute("href", "/api/meetings/" + s.meetingId() + "/attendance.csv?lang=vi");
      Download download = page.waitForDownload(() -> page.locator("#attendance-csv").click());
      String csv = new String(Files.readAllBytes(download.path()), StandardCharsets.UTF_8);
      assertTrue(csv.startsWith("\uFEFF"), "a byte-order mark for spreadsheets");
      for (String name : List.of("Lê Đức Thắng", "Phạm Thị Ngọc Ánh", "Võ Quốc Việt", "Nguyễn Văn Khải", "Trần Thị Hương")) {
        assertTrue(csv.contains(name), name + " in " + csv);
      }
      assertTrue(csv.contains("Có mặt trực tiếp"), csv);
      assertTrue(csv.contains("Đi công tác tại Hà Nội"), csv);
      assertTrue(csv.contains("Chưa điểm danh"), csv);

      // Select all, then the English page's CSV link follows the language.
      page.locator("#attendance-select-all").check();
      assertThat(page.locator("#attendance-selected-count")).hasText("Đã chọn 5 người");
      page.locator("#lang-switch").click();
      assertThat(page.locator("#attendance-csv")).hasAttribute("href", "/api/meetings/" + s.meetingId() + "/attendance.csv?lang=en");
      assertThat(quorum).hasText("Voting members present: 2/4 — Quorum not met (needs 3)");
      assertThat(page.locator(testid("attendance-state-" + m2))).hasText("Absent (Đi công tác tại Hà Nội)");
      page.locator("#lang-switch").click();
      assertThat(quorum).hasText("Thành viên có mặt: 2/4 — Chưa đủ số thành viên (cần 3)");
    }

    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.onPageError(error -> pageErrors.add(error));
      page.navigate(s.path());
      Browsers.signIn(page, s.secretary().getString("username"), "secretary-password");
      assertThat(page.locator("#attendance-list > li.attendance-row")).hasCount(5);
      page.locator(testid("attendance-mark-absent-" + m0)).tap();
      assertThat(page.locator(testid("attendance-reason-" + m0))).isVisible();
      Browsers.assertNoHorizontalScroll(page);
      page.locator("#attendance-panel").scrollIntoViewIfNeeded();
      Browsers.screenshot(page, "agenda-attendance-phone");
      page.locator(testid("attendance-absent-cancel-" + m0)).tap();
      page.locator(testid("attendance-mark-online-" + m0)).tap();
      assertThat(page.locator(testid("attendance-state-" + m0))).hasText("Có mặt trực tuyến");
    }
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }

  /** (d) The chair starts the meeting from the meeting page, lands in the live room, and later ends it. */
  @Test
  void chairStartsAndEndsTheMeeting() {
    Setup s = setup();
    addItem(s.secretaryApi(), s.meetingId(), new JsonObject().put("title", "Khai mạc").put("plannedMinutes", 5));
    Api chairApi = Api.forTestApp().signIn(s.chair().getString("username"), "chair-password");

    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = laptop.newPage();
      page.navigate(s.path());
      Browsers.signIn(page, s.chair().getString("username"), "chair-password");
      Locator start = page.locator("#start-meeting");
      assertThat(start).isVisible();
      assertThat(start).hasText("Bắt đầu cuộc họp");
      assertThat(page.locator("#end-meeting")).isHidden();
      // The edit form does not offer what only the buttons may do.
      assertThat(page.locator("#edit-status option[value=in_progress]")).isDisabled();
      Browsers.screenshot(page, "agenda-chair-laptop");
      start.click();
      page.waitForURL(Pattern.compile(".*/live\\.html\\?id=" + s.meetingId()));
      assertEquals("in_progress", chairApi.get("/api/meetings/" + s.meetingId()).bodyAsJsonObject()
          .getJsonObject("meeting").getString("status"));

      page.navigate(s.path());
      assertThat(page.locator("#meeting-status")).hasAttribute("data-status", "in_progress");
      assertThat(start).isHidden();
      Locator end = page.locator("#end-meeting");
      assertThat(end).isVisible();
      end.click();
      assertThat(page.locator("#end-confirm")).isVisible();
      page.locator("#end-confirm-no").click();
      assertThat(page.locator("#end-confirm")).isHidden();
      assertEquals("in_progress", chairApi.get("/api/meetings/" + s.meetingId()).bodyAsJsonObject()
          .getJsonObject("meeting").getString("status"));
      end.click();
      page.locator("#end-confirm-yes").click();
      assertThat(page.locator("#meeting-status")).hasAttribute("data-status", "ended");
      assertThat(page.locator("#meeting-message")).hasText("Cuộc họp đã kết thúc.");
      assertThat(end).isHidden();
      assertThat(start).isHidden();
      assertEquals("ended", chairApi.get("/api/meetings/" + s.meetingId()).bodyAsJsonObject()
          .getJsonObject("meeting").getString("status"));
    }
  }

  private static int countBookmarks(org.apache.pdfbox.pdmodel.PDDocument pdf) {
    int n = 0;
    for (var ignored : pdf.getDocumentCatalog().getDocumentOutline().children()) {
      n++;
    }
    return n;
  }
}
