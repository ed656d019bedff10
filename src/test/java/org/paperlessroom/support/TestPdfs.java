package org.paperlessroom.support;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small PDFs made on the spot: quick to render, each page saying its number. */
public final class TestPdfs {
  private TestPdfs() {
  }

  /** A landscape slide deck of {@code pages} pages, "Slide 1" … "Slide n", with a tag to make the content unique. */
  public static byte[] slides(int pages, String tag) {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      for (int i = 1; i <= pages; i++) {
        PDPage page = new PDPage(new PDRectangle(800, 450));
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.setFont(font, 64);
          content.newLineAtOffset(60, 250);
          content.showText("Slide " + i);
          content.setFont(font, 18);
          content.newLineAtOffset(0, -60);
          content.showText(tag);
          content.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
