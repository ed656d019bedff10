package org.paperlessroom.demo;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The demo meeting's slide deck, made on the spot (16:9, Vietnamese, the bundled DejaVu Sans). */
final class DemoDeck {
  private record Slide(String title, List<String> lines) {
  }

  private static final List<Slide> SLIDES = List.of(
      new Slide("Báo cáo kết quả công tác tháng 11", List.of("Viện kiểm sát nhân dân khu vực", "Cuộc họp giao ban (bản trình diễn)")),
      new Slide("Công tác thực hành quyền công tố", List.of("Thụ lý 42 vụ, giải quyết 38 vụ (90,5%)", "Không có án bị hủy do lỗi chủ quan")),
      new Slide("Công tác kiểm sát hoạt động tư pháp", List.of("Kiểm sát 15 cuộc trực tiếp", "Ban hành 6 kiến nghị, 4 đã được tiếp thu")),
      new Slide("Tồn tại, hạn chế", List.of("Một số hồ sơ chậm chuyển", "Ứng dụng công nghệ thông tin chưa đồng đều")),
      new Slide("Phương hướng tháng 12", List.of("Hoàn thành chỉ tiêu năm 2026", "Triển khai họp không giấy ở tất cả các phòng")),
      new Slide("Xin cảm ơn!", List.of("Ý kiến thảo luận: đăng ký phát biểu trên điện thoại")));

  private DemoDeck() {
  }

  static byte[] pdf() {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType0Font bold = font(doc, "/fonts/DejaVuSans-Bold.ttf");
      PDType0Font regular = font(doc, "/fonts/DejaVuSans.ttf");
      int n = 0;
      for (Slide slide : SLIDES) {
        n++;
        PDPage page = new PDPage(new PDRectangle(960, 540));
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.setNonStrokingColor(new Color(10, 53, 99));
          content.addRect(0, 470, 960, 70);
          content.fill();
          content.setNonStrokingColor(Color.WHITE);
          text(content, bold, 30, 50, 492, slide.title());
          content.setNonStrokingColor(new Color(26, 31, 38));
          float y = 380;
          for (String line : slide.lines()) {
            text(content, regular, 28, 70, y, "• " + line);
            y -= 60;
          }
          content.setNonStrokingColor(new Color(74, 85, 99));
          text(content, regular, 16, 860, 30, n + " / " + SLIDES.size());
        }
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PDType0Font font(PDDocument doc, String resource) throws IOException {
    try (InputStream in = DemoDeck.class.getResourceAsStream(resource)) {
      return PDType0Font.load(doc, in);
    }
  }

  private static void text(PDPageContentStream content, PDType0Font font, float size, float x, float y, String text) throws IOException {
    content.beginText();
    content.setFont(font, size);
    content.newLineAtOffset(x, y);
    content.showText(text);
    content.endText();
  }
}
