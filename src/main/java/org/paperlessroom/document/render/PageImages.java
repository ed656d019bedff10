package org.paperlessroom.document.render;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Scaling a rendered page down to each screen width and writing it as JPEG. */
final class PageImages {
  private PageImages() {
  }

  /** Scales by halving steps (bilinear), which keeps text sharp where one big step would alias it. */
  static BufferedImage scaleToWidth(BufferedImage source, int width) {
    if (source.getWidth() <= width) {
      return source;
    }
    BufferedImage current = source;
    int targetHeight = Math.max(1, (int) Math.round((double) source.getHeight() * width / source.getWidth()));
    while (current.getWidth() > width) {
      int w = Math.max(width, current.getWidth() / 2);
      int h = w == width ? targetHeight : Math.max(1, current.getHeight() / 2);
      BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = next.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(current, 0, 0, w, h, null);
      g.dispose();
      current = next;
    }
    return current;
  }

  /** Writes a JPEG atomically (a reader never sees half a file); returns its size in bytes. */
  static long writeJpeg(BufferedImage image, float quality, Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(tmp))) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return Files.size(target);
  }

  /** Quality per width: the phone sizes must stay small on mobile data. */
  static float qualityFor(int width) {
    return width <= 240 ? 0.6f : width <= 480 ? 0.65f : 0.78f;
  }
}
