package org.paperlessroom.document;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes the viewer's name across a classified page, so that a photo of the screen says whose it
 * was. Blocking (image decode and encode): call on the worker pool.
 */
final class Watermark {
  /** Bundled (DejaVu Sans Bold, with Vietnamese): the server needs no fonts installed. */
  private static final Font FONT = loadFont();

  private Watermark() {
  }

  private static Font loadFont() {
    try (var in = Watermark.class.getResourceAsStream("/fonts/DejaVuSans-Bold.ttf")) {
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (java.awt.FontFormatException | IOException | NullPointerException e) {
      throw new IllegalStateException("The bundled watermark font is missing or broken", e);
    }
  }

  static byte[] apply(Path jpeg, String text) {
    try {
      BufferedImage page = ImageIO.read(jpeg.toFile());
      Graphics2D g = page.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int size = Math.max(12, page.getWidth() / 28);
        g.setFont(FONT.deriveFont((float) size));
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.22f));
        g.setColor(new Color(180, 0, 0));
        g.rotate(-Math.PI / 6, page.getWidth() / 2.0, page.getHeight() / 2.0);
        int step = size * 5;
        for (int y = -page.getHeight(); y < page.getHeight() * 2; y += step) {
          for (int x = -page.getWidth(); x < page.getWidth() * 2; x += g.getFontMetrics().stringWidth(text) + size * 3) {
            g.drawString(text, x, y);
          }
        }
      } finally {
        g.dispose();
      }
      return encode(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.85f);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
