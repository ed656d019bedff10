package org.paperlessroom.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TestApp;
import org.paperlessroom.support.TestPdfs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Looking after the installation: taking a document off a meeting, the administrator's system facts and a backup. */
class OperationsBrowserTest {
  private final List<String> pageErrors = new ArrayList<>();

  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), pageErrors, "uncaught script errors in the pages");
  }

  @Test
  void theChairRemovesADocumentAndTheAdministratorSeesTheSystemAndBacksUp() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    long listed = room.chair().uploadReady(id, "tren-chuong-trinh.pdf", TestPdfs.slides(1, Api.unique("ct")), false).getLong("id");
    long spare = room.chair().uploadReady(id, "thua.pdf", TestPdfs.slides(1, Api.unique("thua")), false).getLong("id");
    Meetings.addItem(room.chair(), id, new JsonObject().put("title", "Có tài liệu").put("documentIds", new JsonArray().add(listed)));

    try (BrowserContext laptop = Browsers.laptop()) {
      Page page = laptop.newPage();
      page.onPageError(e -> pageErrors.add(e));
      page.onDialog(dialog -> dialog.accept());
      page.navigate("/meeting.html?id=" + id);
      Browsers.signIn(page, "admin", TestApp.ADMIN_PASSWORD);
      page.waitForURL(Pattern.compile(".*/meeting\\.html\\?id=" + id));
      // On the agenda: refused with the reason, nothing removed.
      page.getByTestId("remove-" + listed).click();
      assertThat(page.locator("#documents-error")).containsText("chương trình họp");
      assertThat(page.getByTestId("document-" + listed)).isVisible();
      // Not used anywhere: removed.
      page.getByTestId("remove-" + spare).click();
      assertThat(page.getByTestId("document-" + spare)).hasCount(0);
      assertEquals(404, room.chair().get("/api/documents/" + spare).statusCode());

      page.navigate("/admin.html");
      assertThat(page.getByTestId("system-meetings")).not().isEmpty();
      assertThat(page.getByTestId("system-version")).not().isEmpty();
      assertThat(page.getByTestId("system-nodes")).hasText("1");
      assertThat(page.getByTestId("system-documents")).containsText("tài liệu");
      page.locator("#system-backup").click();
      assertThat(page.locator("#system-note")).hasText("Đã sao lưu xong.");
      assertThat(page.getByTestId("system-last-backup")).not().hasText("Chưa sao lưu");
      page.locator("#system-section").scrollIntoViewIfNeeded();
      Browsers.screenshot(page, "admin-system-laptop");
    }
  }
}
