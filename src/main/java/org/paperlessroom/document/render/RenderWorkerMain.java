package org.paperlessroom.document.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A render worker: a separate JVM (started by the server from the same jar with its own heap and
 * stack limits) that opens one PDF at a time and renders its pages on request. Hostile files can
 * exhaust this process, never the server: the server kills and replaces a worker that dies or
 * overruns. Protocol: one JSON request per line on stdin, one JSON answer per line on stdout.
 */
public final class RenderWorkerMain {
  /** Antialiased text and shapes (legible on phones), bilinear images: faster than the bicubic default. */
  private static final java.awt.RenderingHints HINTS = new java.awt.RenderingHints(java.util.Map.of(
      java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON,
      java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON,
      java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR,
      java.awt.RenderingHints.KEY_RENDERING, java.awt.RenderingHints.VALUE_RENDER_SPEED,
      java.awt.RenderingHints.KEY_COLOR_RENDERING, java.awt.RenderingHints.VALUE_COLOR_RENDER_SPEED));

  private PDDocument document;
  private List<COSDictionary> pages = List.of();

  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err); // library logging must never corrupt the protocol
    System.setProperty("java.awt.headless", "true");
    RenderWorkerMain worker = new RenderWorkerMain();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      JsonObject request;
      try {
        request = new JsonObject(line);
      } catch (RuntimeException e) {
        protocol.println(error(null, "bad_request", "not JSON").encode());
        continue;
      }
      JsonObject answer;
      try {
        answer = worker.handle(request);
      } catch (InvalidPasswordException e) {
        answer = error(request, "encrypted", "The PDF is protected with a password; remove the password and upload it again.");
      } catch (PageTree.TooManyPages e) {
        answer = error(request, "too_many_pages", e.getMessage());
      } catch (StackOverflowError e) {
        answer = error(request, "broken", "The PDF's structure is nested too deeply to be read.");
      } catch (OutOfMemoryError e) {
        throw e; // -XX:+ExitOnOutOfMemoryError ends the process; the server replaces it
      } catch (Throwable e) {
        answer = error(request, request.getString("op", "").equals("open") ? "broken" : "render_failed",
            shortReason(e));
      }
      answer.put("id", request.getValue("id"));
      protocol.println(answer.encode());
    }
  }

  private JsonObject handle(JsonObject request) throws Exception {
    return switch (request.getString("op", "")) {
      case "open" -> open(Path.of(request.getString("file")), request.getInteger("maxPages", 2000));
      case "render" -> render(request);
      case "imageToPdf" -> imageToPdf(Path.of(request.getString("file")), Path.of(request.getString("out")));
      case "pack" -> pack(request);
      case "close" -> {
        close();
        yield new JsonObject().put("ok", true);
      }
      default -> error(request, "bad_request", "unknown op");
    };
  }

  private JsonObject open(Path file, int maxPages) throws Exception {
    close();
    // Parsed objects beyond a small memory budget go to temporary files in this worker's private tmp.
    RandomAccessStreamCache.StreamCacheCreateFunction cache = MemoryUsageSetting.setupMixed(16L * 1024 * 1024)
        .streamCache;
    document = Loader.loadPDF(file.toFile(), "", cache);
    pages = PageTree.pages(document, maxPages);
    if (pages.isEmpty()) {
      close();
      return error(null, "broken", "The PDF has no pages.");
    }
    return new JsonObject().put("ok", true).put("pages", pages.size());
  }

  private JsonObject render(JsonObject request) throws Exception {
    int index = request.getInteger("page");
    if (document == null || index < 0 || index >= pages.size()) {
      return error(request, "bad_request", "no such page");
    }
    Path outDir = Path.of(request.getString("outDir"));
    JsonArray widths = request.getJsonArray("widths");
    long maxPixels = request.getLong("maxPixels", 4_000_000L);
    int largest = widths.stream().mapToInt(w -> ((Number) w).intValue()).max().orElse(1920);

    try (PDDocument single = new PDDocument()) {
      PDPage page = new PDPage(pages.get(index));
      single.addPage(page);
      PDRectangle box = page.getCropBox();
      boolean rotated = page.getRotation() % 180 != 0;
      float widthPt = Math.max(1f, rotated ? box.getHeight() : box.getWidth());
      float heightPt = Math.max(1f, rotated ? box.getWidth() : box.getHeight());
      // Render once at the largest width; a huge page renders smaller, within the pixel budget.
      float scale = Math.min(largest / widthPt, (float) Math.sqrt(maxPixels / (double) (widthPt * heightPt)));
      PDFRenderer renderer = new PDFRenderer(single);
      renderer.setSubsamplingAllowed(true);
      renderer.setRenderingHints(HINTS);
      long t0 = System.nanoTime();
      BufferedImage full = renderer.renderImage(0, scale, ImageType.BGR);
      long rendered = System.nanoTime();
      long scaling = 0;
      long encoding = 0;

      Files.createDirectories(outDir);
      JsonObject sizes = new JsonObject();
      BufferedImage current = full;
      for (Object w : widths.stream().sorted((a, b) -> ((Number) b).intValue() - ((Number) a).intValue()).toList()) {
        int width = ((Number) w).intValue();
        long s0 = System.nanoTime();
        current = PageImages.scaleToWidth(current, width);
        long s1 = System.nanoTime();
        Path target = outDir.resolve((index + 1) + "-" + width + ".jpg");
        sizes.put(Integer.toString(width), PageImages.writeJpeg(current, PageImages.qualityFor(width), target));
        scaling += s1 - s0;
        encoding += System.nanoTime() - s1;
      }
      long t1 = System.nanoTime();
      String text = "";
      if (request.getBoolean("text", true)) {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        text = stripper.getText(single);
      }
      // Where the time went, for scripts/bench-render.
      JsonObject micros = new JsonObject().put("render", (rendered - t0) / 1000).put("scale", scaling / 1000)
          .put("encode", encoding / 1000).put("text", (System.nanoTime() - t1) / 1000);
      return new JsonObject().put("ok", true).put("text", text.length() > 200_000 ? text.substring(0, 200_000) : text)
          .put("width", full.getWidth()).put("height", full.getHeight()).put("sizes", sizes).put("micros", micros);
    }
  }

  /**
   * The meeting pack ({@link MeetingPackBuilder}). Leaves the open document alone: the server keeps
   * track of which file each worker has open, and a render after a pack must find it still open.
   */
  private JsonObject pack(JsonObject request) throws Exception {
    try {
      return new JsonObject().put("ok", true).put("pages", MeetingPackBuilder.build(request));
    } catch (MeetingPackBuilder.SourceException e) {
      return error(request, e.code(), e.getMessage()).put("item", e.item()).put("file", e.file());
    }
  }

  /**
   * A JPEG or PNG as a one-page PDF, the page the size of the image at 150 dpi. Like a pack, leaves
   * the open document alone (closing it here made the next render of that file answer "no such page").
   */
  private JsonObject imageToPdf(Path image, Path out) throws Exception {
    try (PDDocument pdf = new PDDocument()) {
      var xobject = org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject.createFromFileByContent(image.toFile(), pdf);
      float w = xobject.getWidth() * 72f / 150f;
      float h = xobject.getHeight() * 72f / 150f;
      PDPage page = new PDPage(new PDRectangle(w, h));
      pdf.addPage(page);
      try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(pdf, page)) {
        content.drawImage(xobject, 0, 0, w, h);
      }
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      pdf.save(tmp.toFile());
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return new JsonObject().put("ok", true);
  }

  private void close() throws Exception {
    if (document != null) {
      document.close();
      document = null;
      pages = List.of();
    }
  }

  private static JsonObject error(JsonObject request, String code, String message) {
    return new JsonObject().put("ok", false).put("code", code).put("message", message);
  }

  private static String shortReason(Throwable e) {
    String m = e.getMessage();
    String reason = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return reason.length() > 300 ? reason.substring(0, 300) : reason;
  }
}
