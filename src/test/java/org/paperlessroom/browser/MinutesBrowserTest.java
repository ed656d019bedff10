package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minutes page: the secretary writes on a laptop and everything saves by itself (also while the
 * connection is gone, kept on the device across a reload), inserts the live context with one tap,
 * merges a conflict with a second secretary without losing a word, restores an earlier revision; the
 * chair approves; the secretary's page is then read-only; a member reads the approved minutes on a
 * phone and downloads the PDF.
 */
class MinutesBrowserTest {
  private static final String PASSWORD = "minutes-password-1";
  private static final LocatorAssertions.HasAttributeOptions SLOW = new LocatorAssertions.HasAttributeOptions().setTimeout(15_000);

  private final List<String> pageErrors = new ArrayList<>();

  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }

  private record Person(String username, long id, String name, Api api) {
  }

  /** A meeting with a chair (also a voting member), two secretaries, two members and two agenda items. */
  private record Room(long meetingId, Person chair, Person secretary, Person secretary2, Person member, Person member2,
                      long itemA, long itemB) {
    String path() {
      return "/minutes.html?id=" + meetingId;
    }

    String api() {
      return "/api/meetings/" + meetingId;
    }
  }

  private static Person person(Api admin, String name) {
    JsonObject user = admin.createUser(name, PASSWORD);
    return new Person(user.getString("username"), user.getLong("id"), name,
        Api.forTestApp().signIn(user.getString("username"), PASSWORD));
  }

  private static JsonObject participant(Person p, String... roles) {
    return new JsonObject().put("userId", p.id()).put("roles", new JsonArray(List.of((Object[]) roles)));
  }

  private static Room room(boolean withDocument) {
    Api admin = Api.admin();
    Person chair = person(admin, "Nguyễn Văn Khải");
    Person secretary = person(admin, "Trần Thị Hương");
    Person secretary2 = person(admin, "Lê Minh Đức");
    Person member = person(admin, "Phạm Thị Ngọc Ánh");
    Person member2 = person(admin, "Võ Quốc Việt");
    HttpResponse<Buffer> created = admin.post("/api/meetings", new JsonObject()
        .put("title", Api.unique("Họp Ủy ban kiểm sát tháng 12")).put("startsAt", "2026-12-01T01:00:00Z")
        .put("location", "Phòng họp tầng 3")
        .put("participants", new JsonArray().add(participant(chair, "chair", "member"))
            .add(participant(secretary, "secretary")).add(participant(secretary2, "secretary"))
            .add(participant(member, "member")).add(participant(member2, "member"))));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    JsonObject first = new JsonObject().put("title", "Báo cáo kết quả công tác tháng 11").put("presenterId", member.id());
    if (withDocument) {
      long doc = secretary.api().uploadReady(meetingId, "bao-cao-thang-11.pdf", TestPdfs.slides(3, Api.unique("bien ban")), false)
          .getLong("id");
      first.put("documentIds", new JsonArray().add(doc));
    }
    long a = Meetings.addItem(secretary.api(), meetingId, first);
    long b = Meetings.addItem(secretary.api(), meetingId, new JsonObject().put("title", "Kế hoạch công tác năm 2027"));
    return new Room(meetingId, chair, secretary, secretary2, member, member2, a, b);
  }

  private Page open(BrowserContext context, Person who, String path) {
    Page page = context.newPage();
    page.onPageError(error -> pageErrors.add(who.name() + ": " + error));
    page.navigate(path);
    Browsers.signIn(page, who.username(), PASSWORD);
    page.waitForURL(Pattern.compile(".*/minutes\\.html\\?id=\\d+"));
    return page;
  }

  private static Locator field(Page page, String key) {
    return page.getByTestId("minutes-field-" + key);
  }

  private static Locator input(Page page, String key) {
    return page.locator("#minutes-input-" + key.replace(':', '-'));
  }

  private static JsonObject minutes(Api api, long meetingId) {
    return Meetings.ok(api.get("/api/meetings/" + meetingId + "/minutes"));
  }

  private static String text(Api api, long meetingId, String key) {
    JsonObject f = minutes(api, meetingId).getJsonObject("fields").getJsonObject(key);
    return f == null ? null : f.getJsonObject("content").getString("text");
  }

  private static HttpResponse<Buffer> save(Person who, Room r, String key, Object content, int base) {
    return who.api().put(r.api() + "/minutes/fields/" + key, new JsonObject().put("content", content).put("baseVersion", base));
  }

  /** A literal for a regular expression that also runs in the browser (no \\Q…\\E there). */
  private static String jsQuote(String literal) {
    return literal.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
  }

  private static String stored(Page page, long meetingId) {
    return (String) page.evaluate("id => localStorage.getItem('minutes-' + id)", String.valueOf(meetingId));
  }

  /** (a) Writing on a laptop: saving → saved without pressing anything, tasks, the live context, a reload shows it all. */
  @Test
  void theSecretaryWritesOnALaptopAndEverythingSavesByItself() {
    Room r = room(true);
    // The meeting runs: item 1 presents its document, a member has the floor.
    Meetings.ok(r.chair().api().post(r.api() + "/start", new JsonObject()));
    Meetings.ok(r.chair().api().post(r.api() + "/agenda/current", new JsonObject().put("itemId", r.itemA()).put("present", true)));
    HttpResponse<Buffer> asked = r.member().api().post(r.api() + "/speakers", new JsonObject());
    assertEquals(201, asked.statusCode(), asked::bodyAsString);
    long requestId = asked.bodyAsJsonObject().getJsonArray("queue").stream().map(JsonObject.class::cast)
        .filter(q -> q.getLong("userId") == r.member().id()).findFirst().orElseThrow().getLong("id");
    Meetings.ok(r.chair().api().post(r.api() + "/speakers/" + requestId + "/floor", new JsonObject()));
    String discussion = "item:" + r.itemA() + ":discussion";
    String conclusion = "item:" + r.itemA() + ":conclusion";

    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = open(laptop, r.secretary(), r.path());
      assertThat(page.locator("#minutes-view")).hasAttribute("data-mode", "edit");
      assertThat(page.locator("#minutes-state")).hasText("Dự thảo");
      // The automatic header, read-only.
      assertThat(page.getByTestId("minutes-fact-chair")).containsText("Nguyễn Văn Khải");
      assertThat(page.getByTestId("minutes-fact-secretary")).containsText("Trần Thị Hương");
      assertThat(page.getByTestId("minutes-fact-secretary")).containsText("Lê Minh Đức");
      assertThat(page.getByTestId("minutes-fact-place")).containsText("Phòng họp tầng 3");
      Locator item = page.getByTestId("minutes-item-" + r.itemA());
      assertThat(item.locator(".item-heading")).hasText("Nội dung 1: Báo cáo kết quả công tác tháng 11");
      assertThat(item).containsText("bao-cao-thang-11.pdf");
      assertThat(item).containsText("Người trình bày");
      assertThat(page.locator("#minutes-editor textarea")).hasCount(2 * 2 + 3); // 2 per item, opening, closing, recipients

      // The number, then the discussion: "Đang lưu…" at once, "Đã lưu" a moment after typing stops.
      input(page, "general:number").fill("05/BB-VKS");
      input(page, discussion).click();
      input(page, discussion).pressSequentially("- Đ/c Ánh trình bày báo cáo;\n- Đ/c Khải đề nghị **bổ sung** số liệu.", new Locator.PressSequentiallyOptions().setDelay(5));
      assertThat(field(page, discussion)).hasAttribute("data-state", "saving");
      assertThat(page.locator("#minutes-status")).hasAttribute("data-state", "saving");
      assertThat(page.locator("#minutes-status-text")).hasText("Đang lưu…");
      assertThat(field(page, discussion)).hasAttribute("data-state", "saved", SLOW);
      assertThat(page.getByTestId("minutes-field-state-" + discussion)).hasText("Đã lưu");
      assertThat(page.locator("#minutes-status")).hasAttribute("data-state", "saved", SLOW);
      assertThat(page.locator("#minutes-status-text")).hasText("Đã lưu");
      assertTrue(input(page, discussion).evaluate("e => e === document.activeElement").equals(true), "nothing took the focus");

      // One tap inserts where the meeting is, at the cursor.
      Locator contextButton = page.locator("#minutes-context");
      assertThat(contextButton).isVisible();
      assertThat(contextButton).hasText("Chèn thông tin hiện tại");
      input(page, discussion).press("End");
      input(page, discussion).press("Enter");
      input(page, discussion).pressSequentially("- ");
      contextButton.click();
      String expected = "Nội dung 1: Báo cáo kết quả công tác tháng 11; tài liệu bao-cao-thang-11.pdf, trang 1; Phạm Thị Ngọc Ánh phát biểu";
      assertThat(input(page, discussion)).hasValue(Pattern.compile(
          "\\n- \\[\\d{2}:\\d{2}\\] " + jsQuote(expected) + " $", Pattern.DOTALL));
      input(page, discussion).pressSequentially("đồng ý.");
      assertThat(field(page, discussion)).hasAttribute("data-state", "saved", SLOW);

      // The conclusion, and a task (saved when leaving the task boxes).
      input(page, conclusion).fill("Thống nhất **thông qua** báo cáo.");
      page.getByTestId("minutes-task-add-" + r.itemA()).click();
      page.locator("#minutes-task-" + r.itemA() + "-0-task").fill("Hoàn thiện báo cáo tổng kết");
      page.locator("#minutes-task-" + r.itemA() + "-0-who").fill("Phòng Tổng hợp");
      page.locator("#minutes-task-" + r.itemA() + "-0-deadline").fill("15/12/2026");
      assertThat(field(page, "item:" + r.itemA() + ":tasks")).hasAttribute("data-state", "saved", SLOW);
      assertThat(field(page, conclusion)).hasAttribute("data-state", "saved", SLOW);
      assertThat(page.locator("#minutes-status")).hasAttribute("data-state", "saved", SLOW);
      Browsers.screenshot(page, "minutes-secretary-laptop");
      page.getByTestId("minutes-item-" + r.itemA()).screenshot(new Locator.ScreenshotOptions()
          .setPath(Browsers.SCREENSHOTS.resolve("minutes-secretary-item.png")));

      // The server has it all.
      JsonObject fields = minutes(r.secretary().api(), r.meetingId()).getJsonObject("fields");
      assertEquals("05/BB-VKS", fields.getJsonObject("general:number").getJsonObject("content").getString("text"));
      assertTrue(fields.getJsonObject(discussion).getJsonObject("content").getString("text").endsWith(expected + " đồng ý."),
          fields.encodePrettily());
      assertEquals("<p>Thống nhất <strong>thông qua</strong> báo cáo.</p>\n", fields.getJsonObject(conclusion).getString("html"));
      JsonObject task = fields.getJsonObject("item:" + r.itemA() + ":tasks").getJsonObject("content").getJsonArray("tasks").getJsonObject(0);
      assertEquals(new JsonObject().put("task", "Hoàn thiện báo cáo tổng kết").put("who", "Phòng Tổng hợp").put("deadline", "15/12/2026"), task);
      assertEquals(null, stored(page, r.meetingId()), "nothing left waiting on the device");

      // A reload shows the same.
      page.reload();
      assertThat(input(page, conclusion)).hasValue("Thống nhất **thông qua** báo cáo.");
      assertThat(input(page, discussion)).hasValue(Pattern.compile("^- Đ/c Ánh trình bày báo cáo;.*đồng ý\\.$", Pattern.DOTALL));
      assertThat(input(page, "general:number")).hasValue("05/BB-VKS");
      assertThat(page.locator("#minutes-task-" + r.itemA() + "-0-who")).hasValue("Phòng Tổng hợp");
      assertThat(field(page, conclusion)).hasAttribute("data-version", "1");

      // Removing the task saves at once.
      page.getByTestId("minutes-task-remove-" + r.itemA() + "-0").click();
      assertThat(field(page, "item:" + r.itemA() + ":tasks")).hasAttribute("data-version", "2", SLOW);
      assertThat(page.getByTestId("minutes-task-" + r.itemA() + "-0")).hasCount(0);
    }
  }

  /** (b) Offline: kept in localStorage before sending, "Mất kết nối — sẽ thử lại", saved when back; and across a reload. */
  @Test
  void editsMadeWithoutAConnectionAreKeptAndSavedLater() {
    Room r = room(false);
    String discussion = "item:" + r.itemB() + ":discussion";
    String conclusion = "item:" + r.itemB() + ":conclusion";
    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = open(laptop, r.secretary(), r.path());
      assertThat(page.locator("#minutes-view")).hasAttribute("data-mode", "edit");

      laptop.setOffline(true);
      String offlineText = "Ý kiến ghi lúc mất mạng: đề nghị giữ nguyên kế hoạch.";
      input(page, discussion).fill(offlineText);
      assertThat(field(page, discussion)).hasAttribute("data-state", "offline");
      assertThat(page.locator("#minutes-status")).hasAttribute("data-state", "offline");
      assertThat(page.locator("#minutes-status-text")).hasText("Mất kết nối — sẽ thử lại");
      assertThat(page.getByTestId("minutes-field-state-" + discussion)).hasText("Mất kết nối — sẽ thử lại");
      JsonObject kept = new JsonObject(stored(page, r.meetingId()));
      assertEquals(offlineText, kept.getJsonObject(discussion).getString("content"));
      assertEquals(0, kept.getJsonObject(discussion).getInteger("baseVersion"));
      input(page, discussion).blur(); // leaving the field tries again: still offline, still kept
      assertThat(field(page, discussion)).hasAttribute("data-state", "offline");

      laptop.setOffline(false);
      assertThat(field(page, discussion)).hasAttribute("data-state", "saved", SLOW);
      assertThat(page.locator("#minutes-status")).hasAttribute("data-state", "saved");
      assertEquals(offlineText, text(r.secretary().api(), r.meetingId(), discussion));
      assertEquals(null, stored(page, r.meetingId()));

      // Saves that cannot get through survive a reload: restored into the field, then saved.
      page.route("**/minutes/fields/**", route -> route.abort());
      String kept2 = "Kết luận: giao Văn phòng hoàn thiện kế hoạch.";
      input(page, conclusion).fill(kept2);
      assertThat(field(page, conclusion)).hasAttribute("data-state", "offline", SLOW);
      assertTrue(stored(page, r.meetingId()).contains("giao Văn phòng"));
      page.reload();
      assertThat(input(page, conclusion)).hasValue(kept2);
      assertThat(page.locator("#minutes-message")).hasText("Đã đưa lại những gì bạn gõ mà chưa kịp lưu; đang lưu.");
      assertThat(field(page, conclusion)).hasAttribute("data-state", "offline", SLOW);
      page.unroute("**/minutes/fields/**");
      assertThat(field(page, conclusion)).hasAttribute("data-state", "saved", SLOW);
      assertEquals(kept2, text(r.secretary().api(), r.meetingId(), conclusion));
      assertEquals(null, stored(page, r.meetingId()));
      assertThat(input(page, discussion)).hasValue(offlineText);
    }

    // The editor fits a phone too.
    try (BrowserContext phone = Browsers.phone()) {
      Page page = open(phone, r.secretary(), r.path());
      assertThat(input(page, conclusion)).hasValue("Kết luận: giao Văn phòng hoàn thiện kế hoạch.");
      page.getByTestId("minutes-task-add-" + r.itemB()).tap();
      page.locator("#minutes-task-" + r.itemB() + "-0-task").fill("Hoàn thiện kế hoạch");
      Browsers.assertNoHorizontalScroll(page);
      Browsers.screenshot(page, "minutes-secretary-phone");
    }
  }

  /** (c) Two secretaries: the second save is refused, both texts are shown, the merge keeps both. */
  @Test
  void aConflictShowsBothTextsAndTheMergeKeepsBoth() {
    Room r = room(false);
    String discussion = "item:" + r.itemA() + ":discussion";
    try (BrowserContext first = Browsers.laptop(); BrowserContext second = Browsers.laptop()) {
      Page huong = open(first, r.secretary(), r.path());
      Page duc = open(second, r.secretary2(), r.path());
      assertThat(huong.locator("#minutes-view")).hasAttribute("data-mode", "edit");
      assertThat(duc.locator("#minutes-view")).hasAttribute("data-mode", "edit");

      // Đức saves first (leaving the field saves at once).
      String theirs = "Đ/c Thắng: đề nghị bổ sung số liệu quý IV.";
      input(duc, discussion).fill(theirs);
      input(duc, discussion).blur();
      assertThat(field(duc, discussion)).hasAttribute("data-state", "saved", SLOW);

      // Hương's page still has the empty version 0: her save is refused, nothing is overwritten.
      String mine = "Đ/c Ánh: nhất trí với báo cáo.";
      input(huong, discussion).fill(mine);
      input(huong, discussion).blur();
      Locator conflict = huong.locator("#minutes-conflict");
      assertThat(conflict).isVisible();
      assertThat(conflict).hasAttribute("data-field", discussion);
      assertThat(field(huong, discussion)).hasAttribute("data-state", "conflict");
      assertThat(huong.locator("#minutes-status")).hasAttribute("data-state", "conflict");
      assertThat(huong.locator("#minutes-conflict-heading")).containsText("Ý kiến thảo luận – Nội dung 1: Báo cáo kết quả công tác tháng 11");
      assertThat(huong.locator("#minutes-conflict-yours")).hasText(mine);
      assertThat(huong.locator("#minutes-conflict-theirs")).hasText(theirs);
      assertThat(huong.locator("#minutes-conflict-theirs-label")).containsText("Bản đã lưu bởi Lê Minh Đức lúc ");
      assertThat(huong.locator("#minutes-merge")).hasValue(theirs + "\n\n" + mine);
      assertThat(input(huong, discussion)).hasJSProperty("readOnly", true);
      assertEquals(theirs, text(r.secretary().api(), r.meetingId(), discussion), "the server kept Đức's text");
      assertTrue(stored(huong, r.meetingId()).contains("nhất trí với báo cáo"), "Hương's text is kept until she chooses");
      Browsers.screenshot(huong, "minutes-conflict");
      conflict.screenshot(new Locator.ScreenshotOptions().setPath(Browsers.SCREENSHOTS.resolve("minutes-conflict-panel.png")));

      // She merges and saves on the version now saved.
      huong.locator("#minutes-merge").fill(theirs + "\n" + mine + " Thống nhất cả hai ý kiến.");
      huong.locator("#minutes-merge-save").click();
      assertThat(conflict).isHidden();
      assertThat(field(huong, discussion)).hasAttribute("data-state", "saved");
      assertThat(field(huong, discussion)).hasAttribute("data-version", "2");
      assertThat(input(huong, discussion)).hasValue(theirs + "\n" + mine + " Thống nhất cả hai ý kiến.");
      assertThat(input(huong, discussion)).hasJSProperty("readOnly", false);
      assertThat(huong.locator("#minutes-message")).hasText("Đã lưu bản gộp.");
      String saved = text(r.secretary().api(), r.meetingId(), discussion);
      assertTrue(saved.contains(theirs) && saved.contains(mine), saved);
      assertEquals(null, stored(huong, r.meetingId()));

      // Đức, now behind, types again: his conflict offers "use the saved version".
      input(duc, discussion).fill(theirs + " Bổ sung thêm.");
      input(duc, discussion).blur();
      assertThat(duc.locator("#minutes-conflict")).isVisible();
      assertThat(duc.locator("#minutes-conflict-theirs-label")).containsText("Bản đã lưu bởi Trần Thị Hương lúc ");
      duc.locator("#minutes-use-saved").click();
      assertThat(duc.locator("#minutes-conflict")).isHidden();
      assertThat(input(duc, discussion)).hasValue(saved);
      assertThat(field(duc, discussion)).hasAttribute("data-version", "2");
      assertEquals(saved, text(r.secretary().api(), r.meetingId(), discussion));
    }
  }

  /** (d) History: every save listed, an earlier one restored as a new revision. */
  @Test
  void anEarlierRevisionIsRestored() {
    Room r = room(false);
    String conclusion = "item:" + r.itemB() + ":conclusion";
    Meetings.ok(save(r.secretary(), r, conclusion, "Giao Văn phòng xây dựng kế hoạch.", 0));
    Meetings.ok(save(r.secretary2(), r, conclusion, "Giao Phòng Tổng hợp xây dựng kế hoạch.", 1));
    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = open(laptop, r.secretary(), r.path());
      assertThat(input(page, conclusion)).hasValue("Giao Phòng Tổng hợp xây dựng kế hoạch.");
      page.getByTestId("minutes-history-" + conclusion).click();
      assertThat(page.getByTestId("minutes-history-" + conclusion)).hasAttribute("aria-expanded", "true");
      Locator panel = page.getByTestId("minutes-history-panel-" + conclusion);
      assertThat(panel.locator(".revision")).hasCount(2);
      Locator v1 = page.getByTestId("minutes-revision-" + conclusion + "-1");
      assertThat(v1).containsText("Bản 1 · Trần Thị Hương");
      assertThat(v1).containsText("Giao Văn phòng xây dựng kế hoạch.");
      assertThat(page.getByTestId("minutes-revision-" + conclusion + "-2")).containsText("Bản hiện tại");
      assertThat(page.getByTestId("minutes-revision-" + conclusion + "-2")).containsText("Lê Minh Đức");
      assertThat(page.getByTestId("minutes-restore-" + conclusion + "-2")).hasCount(0);

      page.getByTestId("minutes-restore-" + conclusion + "-1").click();
      assertThat(page.getByTestId("minutes-history-status-" + conclusion)).hasText("Đã khôi phục bản 1; nay là bản 3.");
      assertThat(input(page, conclusion)).hasValue("Giao Văn phòng xây dựng kế hoạch.");
      assertThat(field(page, conclusion)).hasAttribute("data-version", "3");
      assertThat(panel.locator(".revision")).hasCount(3);
      assertThat(page.getByTestId("minutes-revision-" + conclusion + "-3")).containsText("(khôi phục từ bản 1)");
      assertEquals("Giao Văn phòng xây dựng kế hoạch.", text(r.secretary().api(), r.meetingId(), conclusion));

      // Writing on after the restore continues from version 3.
      input(page, conclusion).fill("Giao Văn phòng xây dựng kế hoạch, xong trước 20/12.");
      input(page, conclusion).blur();
      assertThat(field(page, conclusion)).hasAttribute("data-version", "4", SLOW);
    }
  }

  /** (e) The chair approves; the secretary can no longer edit; a member reads it on a phone and downloads the PDF. */
  @Test
  void theChairApprovesAndAMemberReadsTheMinutesOnAPhone() {
    Room r = room(false);
    Api chair = r.chair().api();
    // The meeting: two of the three voting members present (one absent with a reason), one vote on item 2.
    Meetings.ok(chair.post(r.api() + "/start", new JsonObject()));
    Meetings.ok(chair.put(r.api() + "/attendance", new JsonObject()
        .put("userIds", new JsonArray().add(r.chair().id()).add(r.member().id()).add(r.secretary().id())).put("status", "in_person")));
    Meetings.ok(chair.put(r.api() + "/attendance", new JsonObject()
        .put("userIds", new JsonArray().add(r.member2().id())).put("status", "absent").put("reason", "đi công tác")));
    HttpResponse<Buffer> made = chair.post(r.api() + "/votes", new JsonObject()
        .put("question", "Thông qua kế hoạch công tác năm 2027?").put("kind", "yes_no").put("itemId", r.itemB()));
    assertEquals(201, made.statusCode(), made::bodyAsString);
    long voteId = made.bodyAsJsonObject().getJsonObject("vote").getLong("id");
    Meetings.ok(chair.post("/api/votes/" + voteId + "/open", new JsonObject()));
    for (Person p : List.of(r.chair(), r.member())) {
      Meetings.ok(p.api().post("/api/votes/" + voteId + "/ballots", new JsonObject()
          .put("clientId", UUID.randomUUID().toString()).put("choices", new JsonArray().add(0))));
    }
    Meetings.eventually(() -> Meetings.ok(chair.get("/api/votes/" + voteId)).getJsonObject("vote").getString("status"),
        "closed"::equals);
    Meetings.ok(chair.post(r.api() + "/end", new JsonObject()));
    // What the secretary wrote.
    Meetings.ok(save(r.secretary(), r, "general:number", "05/BB-VKS", 0));
    Meetings.ok(save(r.secretary(), r, "item:" + r.itemB() + ":discussion",
        "- Đ/c Ánh: nhất trí với dự thảo kế hoạch;\n- Đ/c Khải: đề nghị làm rõ tiến độ.", 0));
    Meetings.ok(save(r.secretary(), r, "item:" + r.itemB() + ":conclusion", "Thống nhất **thông qua** kế hoạch công tác năm 2027.", 0));
    Meetings.ok(save(r.secretary(), r, "item:" + r.itemB() + ":tasks", new JsonArray().add(new JsonObject()
        .put("task", "Ban hành kế hoạch").put("who", "Văn phòng").put("deadline", "20/12/2026")), 0));
    Meetings.ok(save(r.secretary(), r, "general:recipients", "Viện trưởng;\nCác phòng nghiệp vụ;", 0));

    try (BrowserContext secretaryLaptop = Browsers.laptop(); BrowserContext chairLaptop = Browsers.laptop();
         BrowserContext phone = Browsers.phone()) {
      // Before approval: the secretary edits; a member is told calmly that it is not approved yet.
      Page secretaryPage = open(secretaryLaptop, r.secretary(), r.path());
      assertThat(secretaryPage.locator("#minutes-view")).hasAttribute("data-mode", "edit");
      Page memberPage = open(phone, r.member(), r.path());
      assertThat(memberPage.locator("#minutes-not-ready")).isVisible();
      assertThat(memberPage.locator("#minutes-not-ready-heading")).hasText("Biên bản chưa được duyệt");
      assertThat(memberPage.locator("#minutes-view")).isHidden();
      assertThat(memberPage.locator("#minutes-error")).isHidden();

      // The chair reads the draft and approves it after confirming on the page.
      Page chairPage = open(chairLaptop, r.chair(), r.path());
      assertThat(chairPage.locator("#minutes-view")).hasAttribute("data-mode", "read");
      assertThat(chairPage.locator("#minutes-view")).hasAttribute("data-draft", "true");
      assertThat(chairPage.locator("#minutes-draft-note")).isVisible();
      assertThat(chairPage.locator("#minutes-document .doc-draft-mark")).hasText("DỰ THẢO");
      assertThat(chairPage.locator("#minutes-unlock")).isHidden();
      chairPage.locator("#minutes-approve").click();
      assertThat(chairPage.locator("#minutes-approve-confirm")).isVisible();
      chairPage.locator("#minutes-approve-no").click();
      assertThat(chairPage.locator("#minutes-approve-confirm")).isHidden();
      assertEquals("draft", minutes(chair, r.meetingId()).getJsonObject("state").getString("status"));
      chairPage.locator("#minutes-approve").click();
      chairPage.locator("#minutes-approve-yes").click();
      assertThat(chairPage.locator("#minutes-state")).hasAttribute("data-status", "approved");
      assertThat(chairPage.locator("#minutes-state")).hasText("Đã duyệt");
      assertThat(chairPage.locator("#minutes-approved")).containsText("Đã duyệt bởi Nguyễn Văn Khải lúc ");
      JsonObject state = minutes(chair, r.meetingId()).getJsonObject("state");
      assertEquals("approved", state.getString("status"));
      assertThat(chairPage.locator("#minutes-sha")).hasText("Mã kiểm tra (SHA-256): " + state.getString("sha256"));
      assertThat(chairPage.locator("#minutes-approve")).isHidden();
      assertThat(chairPage.locator("#minutes-unlock")).isVisible();
      assertThat(chairPage.locator("#minutes-document .doc-draft-mark")).hasCount(0);

      // The secretary's page, reloaded, is read-only.
      secretaryPage.reload();
      assertThat(secretaryPage.locator("#minutes-view")).hasAttribute("data-mode", "read");
      assertThat(secretaryPage.locator("#minutes-locked-note")).isVisible();
      assertThat(secretaryPage.locator("#minutes-editor")).isHidden();
      assertThat(secretaryPage.locator("textarea:visible")).hasCount(0);
      assertThat(secretaryPage.locator("#minutes-toolbar")).isHidden();

      // The member reads the approved minutes on the phone.
      memberPage.reload();
      assertThat(memberPage.locator("#minutes-view")).hasAttribute("data-mode", "read");
      Locator doc = memberPage.locator("#minutes-document");
      assertThat(doc).isVisible();
      assertThat(memberPage.locator("#minutes-doc-number")).hasText("Số: 05/BB-VKS");
      assertThat(doc.locator(".doc-title")).hasText("BIÊN BẢN");
      assertThat(memberPage.getByTestId("minutes-read-present")).containsText("có mặt 2/3 thành viên");
      assertThat(memberPage.getByTestId("minutes-read-present")).containsText("Phạm Thị Ngọc Ánh");
      assertThat(memberPage.getByTestId("minutes-read-absent")).containsText("Võ Quốc Việt (đi công tác)");
      assertThat(doc).containsText("Chủ trì (chủ tọa): Nguyễn Văn Khải");
      assertThat(doc).containsText(Pattern.compile("Thư ký \\(người ghi biên bản\\): (Trần Thị Hương, Lê Minh Đức|Lê Minh Đức, Trần Thị Hương)"));
      Locator item = memberPage.getByTestId("minutes-read-item-" + r.itemB());
      assertThat(item.locator(".doc-item-title")).hasText("Nội dung 2: Kế hoạch công tác năm 2027");
      assertThat(memberPage.getByTestId("minutes-read-discussion-" + r.itemB()).locator("li")).hasCount(2);
      assertThat(memberPage.getByTestId("minutes-read-conclusion-" + r.itemB()).locator("strong")).hasText("thông qua");
      assertThat(memberPage.getByTestId("minutes-vote-" + voteId + "-option-0")).hasText("Tán thành: 2 phiếu (66,67% tổng số thành viên)");
      assertThat(memberPage.getByTestId("minutes-vote-" + voteId).locator(".vote-outcome")).hasText("Kết quả: Được thông qua.");
      assertThat(memberPage.getByTestId("minutes-read-tasks-" + r.itemB())).containsText("Ban hành kế hoạch – Người thực hiện: Văn phòng – Thời hạn: 20/12/2026");
      assertThat(memberPage.locator("#minutes-read-recipients li")).hasText(new String[] {"- Viện trưởng;", "- Các phòng nghiệp vụ;", "- Lưu: VT, hồ sơ."});
      assertThat(memberPage.locator("#minutes-approve")).isHidden();
      assertThat(memberPage.locator("#minutes-unlock")).isHidden();
      Browsers.assertNoHorizontalScroll(memberPage);
      Browsers.screenshot(memberPage, "minutes-phone-reading");
      memberPage.screenshot(new Page.ScreenshotOptions().setPath(Browsers.SCREENSHOTS.resolve("minutes-phone-top.png")));

      // The PDF downloads on the phone.
      assertThat(memberPage.locator("#minutes-pdf")).hasAttribute("href", r.api() + "/minutes.pdf");
      assertThat(memberPage.locator("#minutes-pdf-en")).hasAttribute("href", r.api() + "/minutes.pdf?lang=en");
      Download pdf = memberPage.waitForDownload(() -> memberPage.locator("#minutes-pdf").tap());
      try {
        byte[] bytes = Files.readAllBytes(pdf.path());
        assertTrue(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).startsWith("%PDF-"), "a PDF");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }

      // In English too.
      memberPage.locator("#lang-switch").tap();
      assertThat(memberPage.locator("#minutes-state")).hasText("Approved");
      assertThat(doc.locator(".doc-title")).hasText("MINUTES");
      assertThat(memberPage.getByTestId("minutes-vote-" + voteId + "-option-0")).hasText("Tán thành: 2 (66.67% of all members)");
      memberPage.locator("#lang-switch").tap();
      assertThat(doc.locator(".doc-title")).hasText("BIÊN BẢN");

      // The chair unlocks: a draft again, and the secretary writes again.
      chairPage.locator("#minutes-unlock").click();
      chairPage.locator("#minutes-unlock-yes").click();
      assertThat(chairPage.locator("#minutes-state")).hasAttribute("data-status", "draft");
      assertThat(chairPage.locator("#minutes-edition")).hasText("Lần sửa đổi thứ 2");
      secretaryPage.reload();
      assertThat(secretaryPage.locator("#minutes-view")).hasAttribute("data-mode", "edit");
      assertNotNull(secretaryPage.locator("#minutes-input-general-number").inputValue());
    }
  }
}
