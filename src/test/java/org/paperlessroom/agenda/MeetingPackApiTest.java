package org.paperlessroom.agenda;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TestPdfs;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperlessroom.support.Meetings.addItem;

/** The meeting pack and the calendar file, downloaded as a participant would. */
class MeetingPackApiTest {

  private static String text(PDDocument pdf, int fromPage, int toPage) throws Exception {
    PDFTextStripper stripper = new PDFTextStripper();
    stripper.setStartPage(fromPage);
    stripper.setEndPage(toPage);
    return stripper.getText(pdf);
  }

  @Test
  void thePackHasEveryPageInAgendaOrderABookmarkPerItemAndNoClassifiedDocument() throws Exception {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    String tagA = Api.unique("A");
    String tagB = Api.unique("B");
    String tagC = Api.unique("C");
    String secretTag = Api.unique("MAT");
    long a = room.chair().uploadReady(id, "bao-cao.pdf", TestPdfs.slides(2, tagA), false).getLong("id");
    long b = room.chair().uploadReady(id, "phu-luc.pdf", TestPdfs.slides(3, tagB), false).getLong("id");
    long c = room.chair().uploadReady(id, "ke-hoach.pdf", TestPdfs.slides(1, tagC), false).getLong("id");
    long secret = room.chair().uploadReady(id, "Hồ sơ vụ án.pdf", TestPdfs.slides(2, secretTag), true).getLong("id");
    addItem(room.chair(), id, new JsonObject().put("title", "Báo cáo kết quả công tác quý IV")
        .put("presenterId", room.memberId()).put("plannedMinutes", 20).put("documentIds", new JsonArray().add(a).add(b)));
    addItem(room.chair(), id, new JsonObject().put("title", "Ý kiến các đồng chí"));
    addItem(room.chair(), id, new JsonObject().put("title", "Kế hoạch năm 2027")
        .put("documentIds", new JsonArray().add(secret).add(c)));

    var response = room.member().get("/api/meetings/" + id + "/pack.pdf");
    assertEquals(200, response.statusCode(), response::bodyAsString);
    assertEquals("application/pdf", response.getHeader("Content-Type"));
    try (PDDocument pdf = Loader.loadPDF(response.body().getBytes())) {
      int cover = pdf.getNumberOfPages() - 6;
      assertTrue(cover >= 1, "a cover, then 2 + 3 + 1 pages");
      String coverText = text(pdf, 1, cover);
      assertTrue(coverText.contains("CHƯƠNG TRÌNH HỌP"), coverText);
      assertTrue(coverText.contains("Báo cáo kết quả công tác quý IV"), coverText);
      assertTrue(coverText.contains("Thành viên"), "the presenter's name: " + coverText);
      assertTrue(coverText.contains("Tài liệu mật") && coverText.contains("Hồ sơ vụ án"), "the classified note: " + coverText);
      List<String> expected = List.of("Slide 1 " + tagA, "Slide 2 " + tagA, "Slide 1 " + tagB, "Slide 2 " + tagB,
          "Slide 3 " + tagB, "Slide 1 " + tagC);
      for (int i = 0; i < expected.size(); i++) {
        String page = text(pdf, cover + 1 + i, cover + 1 + i).replaceAll("\\s+", " ").trim();
        assertEquals(expected.get(i), page, "page " + (cover + 1 + i));
      }
      assertFalse(text(pdf, 1, pdf.getNumberOfPages()).contains(secretTag), "classified pages are left out");

      List<String> bookmarks = new ArrayList<>();
      List<Integer> targets = new ArrayList<>();
      for (PDOutlineItem item : pdf.getDocumentCatalog().getDocumentOutline().children()) {
        bookmarks.add(item.getTitle());
        targets.add(pdf.getPages().indexOf(item.findDestinationPage(pdf)));
      }
      assertEquals(List.of("1. Báo cáo kết quả công tác quý IV", "2. Ý kiến các đồng chí", "3. Kế hoạch năm 2027"), bookmarks);
      assertEquals(List.of(cover, 0, cover + 5), targets, "each bookmark opens its item's first page (the cover for none)");
    }
    assertEquals(403, room.outsider().get("/api/meetings/" + id + "/pack.pdf").statusCode());
    var english = room.member().get("/api/meetings/" + id + "/pack.pdf?lang=en");
    try (PDDocument pdf = Loader.loadPDF(english.body().getBytes())) {
      assertTrue(text(pdf, 1, 1).contains("AGENDA"));
    }
  }

  @Test
  void theCalendarFileNamesTheMeetingItsTimePlaceAndJoinLink() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    addItem(room.chair(), id, new JsonObject().put("title", "Một").put("plannedMinutes", 45));
    addItem(room.chair(), id, new JsonObject().put("title", "Hai").put("plannedMinutes", 45));
    var ics = room.member().get("/api/meetings/" + id + "/calendar.ics");
    assertEquals(200, ics.statusCode());
    assertTrue(ics.getHeader("Content-Type").startsWith("text/calendar"));
    String text = ics.bodyAsString().replace("\r\n ", "");
    JsonObject meeting = Meetings.ok(room.member().get("/api/meetings/" + id)).getJsonObject("meeting");
    assertTrue(text.contains("SUMMARY:" + meeting.getString("title")), text);
    assertTrue(text.contains("DTSTART:20261201T010000Z"), text);
    assertTrue(text.contains("DTEND:20261201T023000Z"), "the planned 90 minutes: " + text);
    assertTrue(text.contains("LOCATION:Phòng họp số 1"), text);
    assertTrue(text.contains(meeting.getString("joinUrl")), text);
    assertEquals(403, room.outsider().get("/api/meetings/" + id + "/calendar.ics").statusCode());
  }
}
