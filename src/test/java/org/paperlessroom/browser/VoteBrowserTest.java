package org.paperlessroom.browser;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.Meetings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Votes in the live room: the chair (also a voting member) on a laptop creates and opens a vote, two
 * members vote on phones with the confirmation step, the chair follows n/m (and the running tally
 * of a named vote), closes it, and the result shows on every screen including the projector. A
 * ballot is "recorded" only after the server answered; a ballot whose answer was lost is sent again
 * with the same clientId and counted once; a ballot kept while offline is sent after a reload.
 */
class VoteBrowserTest {
  private static final String PASSWORD = "vote-password-1";
  private static final Pattern SNAPSHOT_SEQ = Pattern.compile("^\\d+$");
  private static final String BALLOTS = "**/api/votes/*/ballots";

  private final List<String> pageErrors = new ArrayList<>();

  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }

  private record Person(String username, long id, String name) {
  }

  /** A meeting in progress with its chair (also a voting member) and two members, all checked in. */
  private record Room(long meetingId, Person chair, Person an, Person cuong, Api chairApi, String path) {
  }

  private static Person person(Api admin, String name) {
    JsonObject user = admin.createUser(name, PASSWORD);
    return new Person(user.getString("username"), user.getLong("id"), name);
  }

  private static JsonObject participant(Person p, String... roles) {
    return new JsonObject().put("userId", p.id()).put("roles", new JsonArray(List.of((Object[]) roles)));
  }

  private static Room room(String title) {
    Api admin = Api.admin();
    Person chair = person(admin, Api.unique("Chủ trì Nguyễn Văn Bình"));
    Person an = person(admin, Api.unique("Thành viên Trần Thị An"));
    Person cuong = person(admin, Api.unique("Thành viên Lê Văn Cường"));
    HttpResponse<Buffer> created = admin.post("/api/meetings", new JsonObject()
        .put("title", Api.unique(title)).put("startsAt", "2026-12-01T01:00:00Z").put("location", "Phòng họp tầng 2")
        .put("participants", new JsonArray().add(participant(chair, "chair", "member"))
            .add(participant(an, "member")).add(participant(cuong, "member"))));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    Api chairApi = Api.forTestApp().signIn(chair.username(), PASSWORD);
    Meetings.addItem(chairApi, meetingId, new JsonObject().put("title", "Kế hoạch công tác năm 2027").put("plannedMinutes", 15));
    Meetings.ok(chairApi.post("/api/meetings/" + meetingId + "/start", new JsonObject()));
    Meetings.ok(chairApi.put("/api/meetings/" + meetingId + "/attendance", new JsonObject()
        .put("userIds", new JsonArray().add(chair.id()).add(an.id()).add(cuong.id())).put("status", "in_person")));
    return new Room(meetingId, chair, an, cuong, chairApi, "/live.html?id=" + meetingId);
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

  private static Locator option(Page page, int i) {
    return page.getByTestId("vote-option-" + i);
  }

  private static Locator resultOption(Page page, int i) {
    return page.getByTestId("vote-result-option-" + i);
  }

  private static String stored(Page page, long voteId) {
    return (String) page.evaluate("id => localStorage.getItem('ballot-' + id)", String.valueOf(voteId));
  }

  private static String clientIdOf(String postData) {
    return new JsonObject(postData).getString("clientId");
  }

  @Test
  void aNamedVoteIsCastOnPhonesFollowedByTheChairAndItsResultShownEverywhere() {
    Room r = room("Họp Ủy ban kiểm sát tháng 12");
    String question = "Thông qua kế hoạch công tác năm 2027?";
    try (BrowserContext laptop = Browsers.laptop(); BrowserContext phoneA = Browsers.phone();
         BrowserContext phoneC = Browsers.phone(); BrowserContext projectorContext = Browsers.laptop()) {
      Page chairPage = open(laptop, r.chair(), r.path());
      Page anPage = open(phoneA, r.an(), r.path());
      Page cuongPage = open(phoneC, r.cuong(), r.path());
      Page projector = open(projectorContext, r.chair(), r.path() + "&projector=1");

      // Only the chair has the vote panel; nobody sees a vote card yet.
      assertThat(chairPage.locator("#live-votes")).isVisible();
      assertThat(anPage.locator("#live-votes")).isHidden();
      assertThat(projector.locator("#live-votes")).isHidden();
      for (Page p : List.of(chairPage, anPage, cuongPage, projector)) {
        assertThat(p.locator("#vote-card")).isHidden();
      }

      // The chair writes the question; named yes/no, the default rule, quorum required, on the current item.
      chairPage.locator("#vote-new").click();
      assertThat(chairPage.locator("#vote-form")).isVisible();
      assertThat(chairPage.locator("#vote-kind-yes_no")).isChecked();
      assertThat(chairPage.locator("#vote-method-named")).isChecked();
      assertThat(chairPage.locator("#vote-quorum-input")).isChecked();
      assertThat(chairPage.locator("#vote-rule-input")).hasValue("majority_members");
      assertThat(chairPage.locator("#vote-rule-help")).containsText("quá nửa tổng số thành viên");
      assertThat(chairPage.locator("#vote-item-label")).hasText("Gắn với nội dung đang họp: Kế hoạch công tác năm 2027");
      assertThat(chairPage.locator("#vote-item-input")).isChecked();
      chairPage.locator("#vote-question-input").fill(question);
      chairPage.locator("#vote-save-open").click();

      // Every screen shows the open vote: the question, named, 0 of the 3 voting members checked in.
      for (Page p : List.of(anPage, cuongPage, chairPage, projector)) {
        assertThat(p.locator("#vote-card")).hasAttribute("data-status", "open");
        assertThat(p.locator("#vote-question")).hasText(question);
        assertThat(p.locator("#vote-method")).hasText("Biểu quyết công khai");
        assertThat(p.locator("#vote-progress-text")).hasText("0/3 đã biểu quyết");
      }
      long voteId = Long.parseLong(anPage.locator("#vote-card").getAttribute("data-vote-id"));
      JsonObject vote = Meetings.ok(r.chairApi().get("/api/votes/" + voteId)).getJsonObject("vote");
      assertEquals("yes_no", vote.getString("kind"));
      assertFalse(vote.getBoolean("secret"));
      assertNotNull(vote.getLong("itemId"), "attached to the current agenda item");
      assertThat(chairPage.locator("#vote-admin-open")).isVisible();
      assertThat(chairPage.locator("#vote-admin-progress")).hasText("0/3 đã biểu quyết");
      // The projector has no buttons: the question and n/m over the stage.
      assertThat(projector.locator("#vote-ballot")).isHidden();
      assertThat(projector.locator("#vote-card")).isVisible();
      for (Page p : List.of(anPage, cuongPage)) {
        assertThat(p.locator("#vote-ballot")).hasAttribute("data-state", "choose");
        assertThat(option(p, 0)).hasText("Tán thành");
        assertThat(option(p, 1)).hasText("Không tán thành");
        assertThat(option(p, 2)).hasText("Không có ý kiến");
      }
      Browsers.screenshot(anPage, "vote-phone-voting");
      Browsers.assertNoHorizontalScroll(anPage);
      assertTallButtons(anPage);

      // Member An: "Tán thành", confirmed on the page; the ballot is held on its way to the server.
      AtomicReference<Route> held = new AtomicReference<>();
      List<String> anBallots = new CopyOnWriteArrayList<>();
      anPage.route(BALLOTS, route -> {
        anBallots.add(route.request().postData());
        held.set(route);
      });
      option(anPage, 0).tap();
      assertThat(anPage.locator("#vote-confirm-text")).hasText("Bạn chọn: Tán thành. Xác nhận?");
      assertThat(anPage.locator("#vote-rechoose")).hasText("Chọn lại");
      // "Chọn lại" goes back to the options; nothing was sent.
      anPage.locator("#vote-rechoose").tap();
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-state", "choose");
      assertEquals(0, anBallots.size());
      option(anPage, 0).tap();
      Browsers.screenshot(anPage, "vote-phone-confirm");
      anPage.locator("#vote-confirm").tap();
      anPage.waitForCondition(() -> held.get() != null);
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-state", "sending");
      assertThat(anPage.locator("#vote-sending")).hasText("Đang gửi phiếu…");
      // Kept on the phone before it left, with the same clientId as the request.
      String kept = stored(anPage, voteId);
      assertNotNull(kept, "the ballot is in localStorage while it is on its way");
      assertEquals(clientIdOf(anBallots.get(0)), new JsonObject(kept).getString("clientId"));
      assertEquals(new JsonArray().add(0), new JsonObject(anBallots.get(0)).getJsonArray("choices"));
      // No answer yet: never "recorded".
      anPage.waitForTimeout(800);
      assertThat(anPage.locator("#vote-recorded")).hasCount(0);
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-state", "sending");
      held.get().resume();
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-state", "recorded");
      assertThat(anPage.locator("#vote-recorded")).containsText("Phiếu của bạn đã được ghi nhận");
      assertThat(anPage.locator("#vote-my-choice")).hasText("Bạn đã chọn: Tán thành");
      assertNull(stored(anPage, voteId), "an answered ballot is no longer kept");
      assertEquals(1, anBallots.size());
      anPage.unroute(BALLOTS);
      Browsers.screenshot(anPage, "vote-phone-recorded");
      Browsers.assertNoHorizontalScroll(anPage);

      // Member Cường: "Không tán thành".
      option(cuongPage, 1).tap();
      assertThat(cuongPage.locator("#vote-confirm-text")).hasText("Bạn chọn: Không tán thành. Xác nhận?");
      cuongPage.locator("#vote-confirm").tap();
      assertThat(cuongPage.locator("#vote-ballot")).hasAttribute("data-state", "recorded");

      // Everybody sees 2/3; the chair also sees the running tally of this named vote.
      for (Page p : List.of(anPage, cuongPage, projector)) {
        assertThat(p.locator("#vote-progress-text")).hasText("2/3 đã biểu quyết");
      }
      assertThat(chairPage.locator("#vote-admin-progress")).hasText("2/3 đã biểu quyết");
      assertThat(chairPage.getByTestId("vote-tally-0")).hasAttribute("data-count", "1");
      assertThat(chairPage.getByTestId("vote-tally-1")).hasAttribute("data-count", "1");
      assertThat(chairPage.getByTestId("vote-tally-2")).hasAttribute("data-count", "0");
      assertThat(anPage.locator("#vote-admin-tally")).isHidden();
      // The chair is a voting member too and has not voted.
      assertThat(chairPage.locator("#vote-ballot")).hasAttribute("data-state", "choose");
      Browsers.screenshot(chairPage, "vote-chair-laptop");
      Browsers.screenshot(projector, "vote-projector-open");

      // The chair closes the vote: the result on every screen.
      chairPage.locator("#vote-close").click();
      for (Page p : List.of(anPage, cuongPage, chairPage, projector)) {
        assertThat(p.locator("#vote-card")).hasAttribute("data-status", "closed");
        assertThat(p.locator("#vote-passed")).hasAttribute("data-passed", "false");
        assertThat(p.locator("#vote-passed")).hasText("Không được thông qua");
        assertThat(resultOption(p, 0)).hasAttribute("data-count", "1");
        assertThat(resultOption(p, 0)).containsText("Tán thành");
        assertThat(resultOption(p, 0)).containsText("1 phiếu · 33,33%");
        assertThat(resultOption(p, 1)).hasAttribute("data-count", "1");
        assertThat(resultOption(p, 1)).containsText("33,33%");
        assertThat(resultOption(p, 2)).hasAttribute("data-count", "0");
        assertThat(resultOption(p, 2)).containsText("0 phiếu · 0%");
        assertThat(p.locator("#vote-totals")).hasAttribute("data-cast", "2");
        assertThat(p.locator("#vote-totals")).hasAttribute("data-eligible", "3");
        assertThat(p.locator("#vote-totals")).hasAttribute("data-members", "3");
        assertThat(p.getByTestId("vote-named-" + r.an().id())).containsText(r.an().name());
        assertThat(p.getByTestId("vote-named-" + r.an().id())).containsText("Tán thành");
        assertThat(p.getByTestId("vote-named-" + r.cuong().id())).containsText("Không tán thành");
        assertThat(p.locator("#vote-not-voted")).hasText("Không biểu quyết: " + r.chair().name());
        assertThat(p.locator("#vote-ballot")).isHidden();
      }
      assertThat(chairPage.locator("#vote-admin-open")).isHidden();
      assertThat(chairPage.getByTestId("vote-past-" + voteId)).hasAttribute("data-passed", "false");
      // The bars are as wide as each option's share of all members.
      double width = ((Number) anPage.evaluate("() => { const f = document.querySelector('[data-testid=vote-result-option-0] .vote-bar-fill');"
          + " return f.getBoundingClientRect().width / f.parentElement.getBoundingClientRect().width; }")).doubleValue();
      assertTrue(width > 0.3 && width < 0.37, "the bar of 1 of 3 members: " + width);
      assertThat(projector.locator("#vote-card")).isVisible();
      Browsers.screenshot(projector, "vote-projector-result");
      Browsers.screenshot(anPage, "vote-phone-result");
      anPage.locator("#vote-card").screenshot(new Locator.ScreenshotOptions().setPath(Browsers.SCREENSHOTS.resolve("vote-phone-result-card.png")));
      Browsers.screenshot(chairPage, "vote-chair-result");
      Browsers.assertNoHorizontalScroll(anPage);
      Browsers.assertNoHorizontalScroll(cuongPage);

      JsonObject result = Meetings.ok(r.chairApi().get("/api/votes/" + voteId)).getJsonObject("vote").getJsonObject("result");
      assertEquals(2, result.getInteger("cast"));
      assertFalse(result.getBoolean("passed"));
      assertEquals(1, anBallots.size(), "sent once: the answer came");
    }
  }

  @Test
  void aSecretBallotShowsNoTallyAndALostAnswerOrAnOfflineBallotIsSentAgainAndCountedOnce() {
    Room r = room("Họp Ủy ban kiểm sát — nhân sự");
    String question = "Bỏ phiếu tín nhiệm đối với đồng chí Phó Viện trưởng?";
    try (BrowserContext laptop = Browsers.laptop(); BrowserContext phoneA = Browsers.phone();
         BrowserContext phoneC = Browsers.phone()) {
      Page chairPage = open(laptop, r.chair(), r.path());
      Page anPage = open(phoneA, r.an(), r.path());
      Page cuongPage = open(phoneC, r.cuong(), r.path());

      // A secret ballot saved as a draft: changing a ballot and the chair's tie-break are not possible.
      chairPage.locator("#vote-new").click();
      chairPage.locator("#vote-question-input").fill(question);
      chairPage.locator("#vote-change-input").check();
      chairPage.locator("#vote-method-secret").check();
      assertThat(chairPage.locator("#vote-change-input")).isDisabled();
      assertThat(chairPage.locator("#vote-change-input")).not().isChecked();
      assertThat(chairPage.locator("#vote-tie-input")).isDisabled();
      assertThat(chairPage.locator("#vote-secret-limits")).isVisible();
      Browsers.screenshot(chairPage, "vote-chair-form");
      chairPage.locator("#vote-save").click();
      Locator draft = chairPage.locator("#vote-drafts [data-testid^='vote-draft-']");
      assertThat(draft).hasCount(1);
      assertThat(draft).containsText(question);
      assertThat(draft).containsText("Bỏ phiếu kín");
      long voteId = Long.parseLong(draft.getAttribute("data-testid").substring("vote-draft-".length()));
      assertThat(anPage.locator("#vote-card")).isHidden();
      chairPage.getByTestId("vote-open-" + voteId).click();

      for (Page p : List.of(anPage, cuongPage, chairPage)) {
        assertThat(p.locator("#vote-card")).hasAttribute("data-status", "open");
        assertThat(p.locator("#vote-card")).hasAttribute("data-secret", "true");
        assertThat(p.locator("#vote-method")).hasText("Bỏ phiếu kín");
        assertThat(p.locator("#vote-method-note")).containsText("kể cả quản trị viên");
      }
      assertThat(chairPage.getByTestId("vote-draft-" + voteId)).hasCount(0);
      // The chair sees no tally: there is none for a secret ballot.
      assertThat(chairPage.locator("#vote-admin-secret")).isVisible();
      assertThat(chairPage.locator("#vote-admin-tally")).isHidden();
      assertFalse(Meetings.ok(r.chairApi().get("/api/votes/" + voteId)).containsKey("tally"));
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-state", "choose");
      Browsers.screenshot(anPage, "vote-phone-secret");
      Browsers.assertNoHorizontalScroll(anPage);

      // An's first ballot reaches the server but the answer is lost; the phone sends it again, same clientId.
      List<String> anBallots = new CopyOnWriteArrayList<>();
      List<String> anAnswers = new CopyOnWriteArrayList<>();
      anPage.route(BALLOTS, route -> {
        anBallots.add(route.request().postData());
        APIResponse answer = route.fetch();
        anAnswers.add(answer.status() + " " + answer.text());
        if (anBallots.size() == 1) {
          route.abort();
        } else {
          route.fulfill(new Route.FulfillOptions().setResponse(answer));
        }
      });
      option(anPage, 0).tap();
      assertThat(anPage.locator("#vote-confirm-text")).hasText("Bạn chọn: Tán thành. Xác nhận?");
      anPage.locator("#vote-confirm").tap();
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-retrying", "true");
      assertThat(anPage.locator("#vote-retrying")).isVisible();
      assertThat(anPage.locator("#vote-recorded")).hasCount(0);
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-state", "recorded");
      assertEquals(2, anBallots.size(), "sent again after the lost answer");
      assertEquals(clientIdOf(anBallots.get(0)), clientIdOf(anBallots.get(1)), "the same clientId both times");
      assertTrue(anAnswers.get(0).startsWith("200") && anAnswers.get(0).contains("\"recorded\""), anAnswers.toString());
      assertTrue(anAnswers.get(1).startsWith("200") && anAnswers.get(1).contains("already_recorded"), anAnswers.toString());
      // A secret ballot shows no choice, and nothing of it stays on the phone.
      assertThat(anPage.locator("#vote-my-choice")).hasCount(0);
      assertNull(stored(anPage, voteId));
      anPage.unroute(BALLOTS);

      // Cường's phone is offline when he confirms: the ballot is kept, and sent after a reload.
      AtomicBoolean offline = new AtomicBoolean(true);
      cuongPage.route(BALLOTS, route -> {
        if (offline.get()) {
          route.abort();
        } else {
          route.resume();
        }
      });
      option(cuongPage, 1).tap();
      cuongPage.locator("#vote-confirm").tap();
      assertThat(cuongPage.locator("#vote-ballot")).hasAttribute("data-retrying", "true");
      String kept = stored(cuongPage, voteId);
      assertNotNull(kept);
      assertEquals(new JsonArray().add(1), new JsonObject(kept).getJsonArray("choices"));
      assertThat(chairPage.locator("#vote-admin-progress")).hasText("1/3 đã biểu quyết");
      cuongPage.unroute(BALLOTS);
      offline.set(false);
      cuongPage.reload();
      assertThat(cuongPage.locator("#vote-ballot")).hasAttribute("data-state", "recorded");
      assertNull(stored(cuongPage, voteId));

      assertThat(chairPage.locator("#vote-admin-progress")).hasText("2/3 đã biểu quyết");
      assertThat(anPage.locator("#vote-progress-text")).hasText("2/3 đã biểu quyết");
      chairPage.locator("#vote-close").click();
      for (Page p : List.of(anPage, cuongPage, chairPage)) {
        assertThat(p.locator("#vote-card")).hasAttribute("data-status", "closed");
        assertThat(resultOption(p, 0)).hasAttribute("data-count", "1");
        assertThat(resultOption(p, 1)).hasAttribute("data-count", "1");
        assertThat(resultOption(p, 2)).hasAttribute("data-count", "0");
        assertThat(p.locator("#vote-passed")).hasText("Không được thông qua");
        assertThat(p.locator("#vote-named")).hasCount(0);
      }
      JsonObject result = Meetings.ok(r.chairApi().get("/api/votes/" + voteId)).getJsonObject("vote").getJsonObject("result");
      assertEquals(2, result.getInteger("cast"), "two voters, two ballots: the resent one counted once");
      assertEquals(3, result.getInteger("eligible"));
      assertNull(result.getJsonObject("named"));
      Browsers.screenshot(cuongPage, "vote-phone-secret-result");
    }
  }

  @Test
  void aChoiceVoteTakesSeveralOptionsAllowsAChangeShowsItsCountdownAndIsCancelledWithAReason() {
    Room r = room("Họp chọn đơn vị thi đua");
    // Cường is away: not eligible for a vote opened now.
    Meetings.ok(r.chairApi().put("/api/meetings/" + r.meetingId() + "/attendance", new JsonObject()
        .put("userIds", new JsonArray().add(r.cuong().id())).put("status", "absent").put("reason", "Đi công tác")));
    try (BrowserContext laptop = Browsers.laptop(); BrowserContext phoneA = Browsers.phone();
         BrowserContext phoneC = Browsers.phone()) {
      Page chairPage = open(laptop, r.chair(), r.path());
      Page anPage = open(phoneA, r.an(), r.path());
      Page cuongPage = open(phoneC, r.cuong(), r.path());
      HttpResponse<Buffer> created = r.chairApi().post("/api/meetings/" + r.meetingId() + "/votes", new JsonObject()
          .put("question", "Chọn đơn vị đề nghị khen thưởng năm 2026").put("kind", "choice")
          .put("options", new JsonArray().add("Phòng 1").add("Phòng 2").add("Phòng 3")).put("maxChoices", 2)
          .put("allowChange", true).put("rule", "majority_cast").put("countdownSeconds", 600));
      assertEquals(201, created.statusCode(), created::bodyAsString);
      long voteId = created.bodyAsJsonObject().getJsonObject("vote").getLong("id");
      Meetings.ok(r.chairApi().post("/api/votes/" + voteId + "/open", new JsonObject()));

      assertThat(anPage.locator("#vote-card")).hasAttribute("data-status", "open");
      assertThat(anPage.locator("#vote-countdown")).containsText("Còn lại 9:");
      assertThat(anPage.locator("#vote-progress-text")).hasText("0/2 đã biểu quyết");
      assertThat(cuongPage.locator("#vote-ballot")).hasAttribute("data-state", "ineligible");
      assertThat(cuongPage.locator("#vote-ineligible")).containsText("đã điểm danh lúc mở biểu quyết");
      assertThat(option(cuongPage, 0)).hasCount(0);

      // Two of three: toggles, then "Gửi phiếu"; the third is off once two are chosen.
      assertThat(anPage.locator("#vote-submit")).isDisabled();
      option(anPage, 0).tap();
      option(anPage, 2).tap();
      assertThat(option(anPage, 0)).hasAttribute("aria-pressed", "true");
      assertThat(option(anPage, 2)).hasAttribute("aria-pressed", "true");
      assertThat(option(anPage, 1)).isDisabled();
      Browsers.screenshot(anPage, "vote-phone-choice");
      Browsers.assertNoHorizontalScroll(anPage);
      anPage.locator("#vote-submit").tap();
      assertThat(anPage.locator("#vote-confirm-text")).hasText("Bạn chọn: Phòng 1, Phòng 3. Xác nhận?");
      anPage.locator("#vote-confirm").tap();
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-state", "recorded");
      assertThat(anPage.locator("#vote-my-choice")).hasText("Bạn đã chọn: Phòng 1, Phòng 3");

      // "Đổi phiếu": a new ballot replaces the first.
      anPage.locator("#vote-change").tap();
      assertThat(anPage.locator("#vote-ballot")).hasAttribute("data-state", "choose");
      option(anPage, 1).tap();
      anPage.locator("#vote-submit").tap();
      assertThat(anPage.locator("#vote-confirm-text")).hasText("Bạn chọn: Phòng 2. Xác nhận?");
      anPage.locator("#vote-confirm").tap();
      assertThat(anPage.locator("#vote-my-choice")).hasText("Bạn đã chọn: Phòng 2");
      assertThat(chairPage.getByTestId("vote-tally-0")).hasAttribute("data-count", "0");
      assertThat(chairPage.getByTestId("vote-tally-1")).hasAttribute("data-count", "1");
      assertThat(chairPage.locator("#vote-admin-progress")).hasText("1/2 đã biểu quyết");

      // The chair cancels, giving the reason on the page.
      chairPage.locator("#vote-cancel").click();
      chairPage.locator("#vote-cancel-reason").fill("Cần bổ sung hồ sơ của Phòng 3");
      chairPage.locator("#vote-cancel-confirm").click();
      for (Page p : List.of(anPage, cuongPage, chairPage)) {
        assertThat(p.locator("#vote-card")).hasAttribute("data-status", "cancelled");
        assertThat(p.locator("#vote-cancelled")).hasText("Đã hủy biểu quyết: Cần bổ sung hồ sơ của Phòng 3");
        assertThat(p.locator("#vote-ballot")).isHidden();
      }
      assertThat(chairPage.getByTestId("vote-past-" + voteId)).hasAttribute("data-status", "cancelled");
      // Folded on request, unfolded again.
      anPage.locator("#vote-toggle").tap();
      assertThat(anPage.locator("#vote-cancelled")).isHidden();
      assertThat(anPage.locator("#vote-summary")).hasText("Đã hủy biểu quyết");
      anPage.locator("#vote-toggle").tap();
      assertThat(anPage.locator("#vote-cancelled")).isVisible();

      // With An away too, 1 of 3 voting members is present: opening is refused, with the figures.
      Meetings.ok(r.chairApi().put("/api/meetings/" + r.meetingId() + "/attendance", new JsonObject()
          .put("userIds", new JsonArray().add(r.an().id())).put("status", "absent").put("reason", "Ốm")));
      assertThat(chairPage.locator("#run-quorum")).hasAttribute("data-met", "false");
      chairPage.locator("#vote-new").click();
      chairPage.locator("#vote-question-input").fill("Thông qua danh sách đề nghị khen thưởng?");
      chairPage.locator("#vote-save-open").click();
      assertThat(chairPage.locator("#vote-admin-error")).hasAttribute("data-code", "quorum_not_met");
      assertThat(chairPage.locator("#vote-admin-error")).containsText("Chưa đủ số thành viên có mặt");
      assertThat(chairPage.locator("#vote-admin-error")).containsText("Thành viên có mặt: 1/3, cần 2.");
      // The draft is kept, ready for when the members are back.
      assertThat(chairPage.locator("#vote-drafts [data-testid^='vote-draft-']")).containsText("Thông qua danh sách đề nghị khen thưởng?");
      assertThat(anPage.locator("#vote-card")).hasAttribute("data-status", "cancelled");
    }
  }

  /** Every button on the card is at least 48 px tall (senior users, big fingers). */
  private static void assertTallButtons(Page page) {
    Object small = page.evaluate("() => [...document.querySelectorAll('#vote-card .button')]"
        + ".filter(b => b.offsetParent && b.getBoundingClientRect().height < 48).map(b => b.textContent)");
    assertEquals(List.of(), small);
  }
}
