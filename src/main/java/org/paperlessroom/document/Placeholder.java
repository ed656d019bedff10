package org.paperlessroom.document;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image shown instead of a page that could not be rendered: a grey page with a warning sign and
 * a short reason. Drawn by the server itself (no document content is decoded). Blocking.
 */
final class Placeholder {
  private Placeholder() {
  }

  static void write(Path dir, int page, String reason) throws IOException {
    Files.createDirectories(dir);
    for (int width : DocumentStore.WIDTHS) {
      int height = width * 9 / 16;
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(0xEE, 0xEE, 0xEE));
      g.fillRect(0, 0, width, height);
      float unit = width / 40f;
      int cx = width / 2;
      int top = (int) (height * 0.18);
      int size = (int) (unit * 6);
      g.setColor(new Color(0xB2, 0x6B, 0x00));
      g.setStroke(new BasicStroke(Math.max(1, unit / 2)));
      g.drawPolygon(new int[] {cx, cx - size / 2, cx + size / 2}, new int[] {top, top + size, top + size}, 3);
      g.fillRect(cx - (int) (unit / 4), top + size / 3, Math.max(1, (int) (unit / 2)), size / 3);
      g.setColor(new Color(0x33, 0x33, 0x33));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, (int) (unit * 1.6))));
      center(g, "Page " + page + " could not be shown", width, top + size + (int) (unit * 3));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(7, (int) (unit * 1.1))));
      String ascii = reason.replaceAll("[^\\x20-\\x7E]", "?");
      center(g, ascii.length() > 70 ? ascii.substring(0, 70) + "..." : ascii, width, top + size + (int) (unit * 5.5));
      g.dispose();
      ImageIO.write(image, "jpeg", dir.resolve(page + "-" + width + ".jpg").toFile());
    }
  }

  private static void center(Graphics2D g, String text, int width, int y) {
    int w = g.getFontMetrics().stringWidth(text);
    g.drawString(text, Math.max(2, (width - w) / 2), y);
  }
}
