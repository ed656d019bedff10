package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.TestApp;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first flows in a real browser: an administrator sets up a meeting, a member joins from a phone. */
class SignInAndJoinBrowserTest {


  @Test
  void adminCreatesAUserAndAMeetingAndTheUserJoinsFromAPhoneByTheJoinLink() {
    String username = "member" + System.nanoTime() % 1_000_000_000L;
    String meetingTitle = Api.unique("Họp giao ban tuần");
    String displayName = "Nguyễn Thị Thu Hà " + (System.nanoTime() % 1000);
    String joinUrl;
    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = laptop.newPage();
      page.navigate("/");
      assertThat(page.locator("#sign-in-button")).isVisible();
      assertThat(page.locator("html")).hasAttribute("lang", "vi");
      Browsers.signIn(page, "admin", TestApp.ADMIN_PASSWORD);
      assertThat(page.locator("#dashboard-view")).isVisible();
      Browsers.screenshot(page, "dashboard-laptop");

      // Admin page: create the user.
      page.locator("#admin-link").click();
      assertThat(page.locator("#new-user-form")).isVisible();
      page.locator("#new-username").fill(username);
      page.locator("#new-display-name").fill(displayName);
      page.locator("#new-position").fill("Kiểm sát viên");
      page.locator("#new-user-password").fill("phone-password-1");
      page.locator("#create-user").click();
      assertThat(page.locator("[data-testid=user-" + username + "]")).containsText(displayName);
      Browsers.screenshot(page, "admin-users-laptop");

      // Dashboard: create the meeting.
      page.navigate("/");
      page.locator("#new-title").fill(meetingTitle);
      page.locator("#new-starts-at").fill("2026-12-01T08:00");
      page.locator("#new-location").fill("Phòng họp tầng 2");
      page.locator("#create-meeting").click();
      page.waitForURL(Pattern.compile(".*/meeting\\.html\\?id=\\d+"));
      assertThat(page.locator("#meeting-title")).hasText(meetingTitle);

      // Add the new user as a member.
      String userId = page.locator("#add-participant-user option",
          new Page.LocatorOptions().setHasText(displayName)).first().getAttribute("value");
      page.locator("#add-participant-user").selectOption(userId);
      page.locator("#add-role-member").check();
      page.locator("#add-participant-button").click();
      assertThat(page.locator("#participants")).containsText(displayName);
      assertThat(page.locator("#join-code")).hasText(Pattern.compile("[A-Z2-9]{8}"));
      joinUrl = page.locator("#join-url").textContent().strip();
      Browsers.screenshot(page, "meeting-laptop");
    }
    assertTrue(joinUrl.contains("/join/"), joinUrl);
    String path = joinUrl.substring(joinUrl.indexOf("/join/"));

    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.navigate(path);
      assertThat(page.locator("#sign-in-button")).isVisible();
      Browsers.screenshot(page, "sign-in-phone");
      Browsers.assertNoHorizontalScroll(page);
      Browsers.signIn(page, username, "phone-password-1");
      page.waitForURL(Pattern.compile(".*/meeting\\.html\\?id=\\d+"));
      assertThat(page.locator("#meeting-title")).hasText(meetingTitle);
      assertThat(page.locator("#my-roles")).containsText("Thành viên");
      Browsers.assertNoHorizontalScroll(page);
      Browsers.screenshot(page, "meeting-phone");

      // Language switch, remembered across pages.
      page.locator("#lang-switch").click();
      assertThat(page.locator("html")).hasAttribute("lang", "en");
      assertThat(page.locator("#my-roles")).containsText("Voting member");
      page.navigate("/");
      assertThat(page.locator("html")).hasAttribute("lang", "en");
      assertThat(page.locator("#meetings-upcoming")).containsText(meetingTitle);
      Browsers.screenshot(page, "dashboard-phone-en");
      Browsers.assertNoHorizontalScroll(page);

      // Sign out.
      page.locator("#sign-out").click();
      assertThat(page.locator("#sign-in-button")).isVisible();
      assertEquals(401, page.request().get("/api/meetings").status());
    }
  }

  @Test
  void aWrongPasswordShowsAClearMessageInVietnamese() {
    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.navigate("/");
      Browsers.signIn(page, "admin", "not-the-password");
      assertThat(page.locator("#sign-in-error")).isVisible();
      assertThat(page.locator("#sign-in-error")).containsText(Pattern.compile("mật khẩu", Pattern.CASE_INSENSITIVE));
      Browsers.screenshot(page, "sign-in-error-phone");
    }
  }

  @Test
  void aNonParticipantWhoOpensTheJoinLinkIsToldWhy() {
    Api admin = Api.admin();
    JsonObject outsider = admin.createUser("Người ngoài cuộc", "outsider-pass");
    String code = admin.post("/api/meetings", new JsonObject().put("title", Api.unique("Họp kín"))
        .put("startsAt", "2026-12-01T01:00:00Z")).bodyAsJsonObject().getJsonObject("meeting").getString("joinCode");
    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.navigate("/join/" + code);
      Browsers.signIn(page, outsider.getString("username"), "outsider-pass");
      assertThat(page.locator("[role=alert]:visible").first()).containsText(Pattern.compile("thành phần tham dự"));
      Browsers.screenshot(page, "join-refused-phone");
    }
  }
}
