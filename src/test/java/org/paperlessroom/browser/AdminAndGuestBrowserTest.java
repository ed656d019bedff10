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

/** Administration, a guest joining by name from a phone, and changing one's own password. */
class AdminAndGuestBrowserTest {


  @Test
  void adminDeactivatesAUserResetsAPasswordAndReadsTheAuditLog() {
    Api admin = Api.admin();
    JsonObject user = admin.createUser("Đặng Văn Khoa", "old-password-1");
    String username = user.getString("username");
    Api session = Api.forTestApp().signIn(username, "old-password-1");
    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = laptop.newPage();
      page.navigate("/admin.html");
      Browsers.signIn(page, "admin", TestApp.ADMIN_PASSWORD);
      page.waitForURL(Pattern.compile(".*/admin\\.html.*"));
      assertThat(page.locator("[data-testid=user-" + username + "]")).isVisible();

      page.locator("[data-testid=reset-" + username + "]").click();
      page.locator("[data-testid=reset-password-" + username + "]").fill("new-password-2");
      page.locator("[data-testid=reset-save-" + username + "]").click();
      assertThat(page.locator("#admin-message")).isVisible();
      assertEquals(401, session.get("/api/meetings").statusCode(), "the reset ended the user's session");
      Api.forTestApp().signIn(username, "new-password-2");

      page.locator("[data-testid=deactivate-" + username + "]").click();
      assertThat(page.locator("[data-testid=activate-" + username + "]")).isVisible();
      Api again = Api.forTestApp();
      again.get("/api/session");
      assertEquals(401, again.post("/api/session", new JsonObject().put("username", username)
          .put("password", "new-password-2")).statusCode(), "a deactivated account cannot sign in");

      page.locator("#audit-load").click();
      assertThat(page.locator("#audit-log li.audit-entry[data-action='user.update']").first()).isVisible();
      assertThat(page.locator("#audit-log li.audit-entry[data-action='user.reset_password']").first()).isVisible();
      Browsers.screenshot(page, "admin-audit-laptop");
    }
  }

  @Test
  void aGuestJoinsByNameFromAPhoneWhenTheChairAllowsIt() {
    Api admin = Api.admin();
    String title = Api.unique("Hội nghị có khách mời");
    JsonObject meeting = admin.post("/api/meetings", new JsonObject().put("title", title)
        .put("startsAt", "2026-12-01T01:00:00Z").put("guestsAllowed", true)).bodyAsJsonObject().getJsonObject("meeting");
    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.navigate("/join/" + meeting.getString("joinCode"));
      assertThat(page.locator("#guest-view")).isVisible();
      page.locator("#guest-name").fill("Ông Trần Văn Khách");
      page.locator("#guest-join").click();
      page.waitForURL(Pattern.compile(".*/meeting\\.html\\?id=\\d+"));
      assertThat(page.locator("#meeting-title")).hasText(title);
      assertThat(page.locator("#my-roles")).containsText("Khách mời");
      assertThat(page.locator("#edit-panel")).isHidden();
      Browsers.assertNoHorizontalScroll(page);
      Browsers.screenshot(page, "guest-meeting-phone");
    }
  }

  @Test
  void aUserChangesTheirOwnPassword() {
    Api admin = Api.admin();
    JsonObject user = admin.createUser("Bùi Thị Lan", "first-password");
    try (BrowserContext phone = Browsers.phone()) {
      Page page = phone.newPage();
      page.navigate("/");
      Browsers.signIn(page, user.getString("username"), "first-password");
      assertThat(page.locator("#dashboard-view")).isVisible();
      page.locator("#current-password").fill("first-password");
      page.locator("#new-password").fill("second-password");
      page.locator("#change-password").click();
      assertThat(page.locator("#change-password-message")).isVisible();
    }
    Api.forTestApp().signIn(user.getString("username"), "second-password");
  }
}
