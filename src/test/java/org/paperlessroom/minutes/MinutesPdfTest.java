package org.paperlessroom.minutes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Browsers;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The biên bản as exported: the form's fixed text, the people, the votes, read back exactly with PDFBox. */
class MinutesPdfTest {

  private static String text(PDDocument pdf, int from, int to) throws Exception {
    PDFTextStripper stripper = new PDFTextStripper();
    stripper.setSortByPosition(true);
    stripper.setStartPage(from);
    stripper.setEndPage(to);
    return stripper.getText(pdf);
  }

  /** The text with line breaks and runs of spaces as single spaces (lines wrap where the layout says). */
  private static String flat(String text) {
    return text.replaceAll("\\s+", " ");
  }

  @Test
  void theExportedMinutesReadBackExactlyInVietnameseAndEnglish() throws Exception {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    Meetings.Person secretary = Meetings.addPerson(room, "Thư ký Nguyễn Thị Hằng", "secretary");
    Meetings.Person absent = Meetings.addPerson(room, "Kiểm sát viên Lê Quốc Việt", "member");
    long item = Meetings.addItem(room.chair(), id, new JsonObject().put("title", "Báo cáo kết quả công tác năm 2026")
        .put("presenterId", room.memberId()));
    Meetings.ok(room.chair().post("/api/meetings/" + id + "/start", new JsonObject()));
    Meetings.ok(room.chair().put("/api/meetings/" + id + "/attendance", new JsonObject()
        .put("userIds", new JsonArray().add(room.chairId()).add(room.memberId()).add(secretary.id())).put("status", "in_person")));
    Meetings.ok(room.chair().put("/api/meetings/" + id + "/attendance", new JsonObject()
        .put("userIds", new JsonArray().add(absent.id())).put("status", "absent").put("reason", "Đi công tác")));
    // A named vote on the item: both eligible voters in favour, 2 of the 3 voting members; it closes by itself.
    long vote = room.chair().post("/api/meetings/" + id + "/votes", new JsonObject().put("question", "Thông qua báo cáo?")
        .put("itemId", item)).bodyAsJsonObject().getJsonObject("vote").getLong("id");
    Meetings.ok(room.chair().post("/api/votes/" + vote + "/open", new JsonObject()));
    for (var who : new org.paperlessroom.support.Api[] {room.chair(), room.member()}) {
      Meetings.ok(who.post("/api/votes/" + vote + "/ballots", new JsonObject().put("clientId", UUID.randomUUID().toString())
          .put("choices", new JsonArray().add(0))));
    }
    Meetings.eventually(() -> Meetings.ok(room.chair().get("/api/votes/" + vote)).getJsonObject("vote").getString("status"),
        "closed"::equals);
    // What the secretary wrote, long enough for a second page.
    StringBuilder discussion = new StringBuilder("Đồng chí **Thành viên** trình bày báo cáo.\n\n");
    for (int i = 1; i <= 40; i++) {
      discussion.append("- Ý kiến thứ ").append(i).append(": đề nghị làm rõ số liệu về công tác thực hành quyền công tố và kiểm sát hoạt động tư pháp.\n");
    }
    // Text typed decomposed (NFD, as some keyboards do) comes out composed.
    String nfd = java.text.Normalizer.normalize("Kết luận: thống nhất thông qua.", java.text.Normalizer.Form.NFD);
    Meetings.ok(MinutesApiTest.save(secretary.api(), id, "item:" + item + ":discussion", discussion.toString(), 0));
    Meetings.ok(MinutesApiTest.save(secretary.api(), id, "item:" + item + ":conclusion", nfd, 0));
    Meetings.ok(MinutesApiTest.save(secretary.api(), id, "item:" + item + ":tasks", new JsonArray()
        .add(new JsonObject().put("task", "Hoàn thiện báo cáo").put("who", "Phòng Tổng hợp").put("deadline", "31/12/2026")), 0));
    Meetings.ok(MinutesApiTest.save(secretary.api(), id, "general:number", "05/BB-VKS", 0));
    Meetings.ok(MinutesApiTest.save(secretary.api(), id, "general:recipients", "Viện trưởng;\nCác phòng nghiệp vụ", 0));
    Meetings.ok(room.chair().post("/api/meetings/" + id + "/end", new JsonObject()));

    var response = room.chair().get("/api/meetings/" + id + "/minutes.pdf");
    assertEquals(200, response.statusCode(), response::bodyAsString);
    assertEquals("application/pdf", response.getHeader("Content-Type"));
    try (PDDocument pdf = Loader.loadPDF(response.body().getBytes())) {
      String all = flat(text(pdf, 1, pdf.getNumberOfPages()));
      for (String exact : new String[] {"BIÊN BẢN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          "Số: 05/BB-VKS", "NỘI DUNG", "Thư ký Nguyễn Thị Hằng", "Kiểm sát viên Lê Quốc Việt (Đi công tác)",
          "Báo cáo kết quả công tác năm 2026", "Đồng chí Thành viên trình bày báo cáo.", "Tán thành: 2 phiếu (66,67% tổng số thành viên)",
          "Không tán thành: 0 phiếu", "Kết quả: Được thông qua.", "Kết luận: thống nhất thông qua.",
          "Hoàn thiện báo cáo", "Cuộc họp kết thúc vào", "THƯ KÝ", "CHỦ TỌA", "(Ký, ghi rõ họ tên)", "Nơi nhận:",
          "- Viện trưởng;", "- Lưu: VT, hồ sơ."}) {
        assertTrue(all.contains(exact), "missing \"" + exact + "\" in:\n" + all);
      }
      assertTrue(pdf.getNumberOfPages() >= 2, "long minutes break across pages");
      assertTrue(!text(pdf, 1, 1).strip().startsWith("1"), "no page number on page 1");
      assertTrue(text(pdf, 2, 2).strip().startsWith("2"), "page numbers from page 2: " + text(pdf, 2, 2).substring(0, 40));
      Set<String> fonts = new HashSet<>();
      for (PDPage page : pdf.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          fonts.add(font.getName().replaceAll("^[A-Z]{6}\\+", ""));
          assertTrue(font.isEmbedded(), font.getName() + " is embedded");
        }
      }
      assertTrue(fonts.stream().allMatch(f -> f.startsWith("LiberationSerif")), "only Liberation Serif: " + fonts);
      // Looked at: page 1 as an image.
      Files.createDirectories(Browsers.SCREENSHOTS);
      ImageIO.write(new PDFRenderer(pdf).renderImageWithDPI(0, 80), "png", Browsers.SCREENSHOTS.resolve("minutes-page-1.png").toFile());
      ImageIO.write(new PDFRenderer(pdf).renderImageWithDPI(pdf.getNumberOfPages() - 1, 80), "png",
          Browsers.SCREENSHOTS.resolve("minutes-last-page.png").toFile());
    }
    var english = room.chair().get("/api/meetings/" + id + "/minutes.pdf?lang=en");
    try (PDDocument pdf = Loader.loadPDF(english.body().getBytes())) {
      String all = flat(text(pdf, 1, pdf.getNumberOfPages()));
      for (String exact : new String[] {"MINUTES", "SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness",
          "Thư ký Nguyễn Thị Hằng", "Tán thành: 2 (66.67% of all members)", "Result: passed."}) {
        assertTrue(all.contains(exact), "missing \"" + exact + "\" in:\n" + all);
      }
    }
    assertEquals(403, room.member().get("/api/meetings/" + id + "/minutes.pdf").statusCode(), "a draft is not for members");
  }
}
