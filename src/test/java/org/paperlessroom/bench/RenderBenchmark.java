package org.paperlessroom.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.paperlessroom.Application;
import org.paperlessroom.document.render.RenderPool;
import org.paperlessroom.document.render.RenderSettings;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.TestApp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * scripts/bench-render: page rendering measured against poppler's pdftoppm on the corpus.
 * Not a test: prints tables. Run through the script (it builds and installs pdftoppm).
 */
public final class RenderBenchmark {
  private static final int[] WIDTHS = {1920, 1024, 480, 200};

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    Path corpus = Path.of(System.getProperty("paperless.corpus", "../shared/corpus"));
    List<Path> files;
    try (var list = Files.list(corpus)) {
      files = list.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
    }
    if (quick) {
      files = files.stream().filter(p -> p.getFileName().toString().equals("slides.pdf")).toList();
    }
    Path tmp = Files.createTempDirectory("bench-render-");
    System.out.println("Render benchmark on " + Runtime.getRuntime().availableProcessors() + " cores; files: "
        + files.stream().map(p -> p.getFileName().toString()).toList());
    System.out.println();
    uploadLatency(files, tmp);
    perPage(files, tmp);
  }

  /** Upload accepted → page 1 ready, and whole-document pages/s, through the real server (warm). */
  private static void uploadLatency(List<Path> files, Path tmp) throws Exception {
    Application app = TestApp.start(tmp.resolve("server"), Map.of("PAPERLESS_MAX_UPLOAD_MB", "200"));
    try {
      Api api = new Api(app.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      long meeting = api.post("/api/meetings", new JsonObject().put("title", "Benchmark")
          .put("startsAt", "2026-12-01T01:00:00Z")).bodyAsJsonObject().getJsonObject("meeting").getLong("id");
      // Warm-up: every file once, so the render workers' JIT is warm as on a running server.
      for (Path f : files) {
        long id = api.upload(meeting, "warm-" + f.getFileName(), Files.readAllBytes(f), false).bodyAsJsonObject()
            .getJsonObject("document").getLong("id");
        api.awaitRendered(id, Duration.ofMinutes(5));
      }
      System.out.println("Through the server (2 warm render workers), each file made unique so it is rendered anew:");
      System.out.printf("%-16s %6s %16s %14s %12s%n", "file", "pages", "page 1 ready ms", "document s", "pages/s");
      for (Path f : files) {
        byte[] content = Files.readAllBytes(f);
        byte[] unique = Arrays.copyOf(content, content.length + 24);
        System.arraycopy(("\n%bench " + System.nanoTime()).getBytes(), 0, unique, content.length,
            Math.min(24, ("\n%bench " + System.nanoTime()).length()));
        var r = api.upload(meeting, f.getFileName().toString(), unique, false);
        long accepted = System.nanoTime();
        JsonObject doc = r.bodyAsJsonObject().getJsonObject("document");
        String hash = doc.getString("hash");
        int pages = doc.getInteger("pageCount");
        long page1 = -1;
        while (true) {
          if (page1 < 0 && api.get("/api/pages/" + hash + "/1/200.jpg").statusCode() == 200) {
            page1 = System.nanoTime();
          }
          JsonObject now = api.get("/api/documents/" + doc.getLong("id")).bodyAsJsonObject().getJsonObject("document");
          if (!"pending".equals(now.getString("status"))) {
            if (page1 < 0) {
              page1 = System.nanoTime();
            }
            break;
          }
          Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - accepted) / 1e9;
        System.out.printf("%-16s %6d %16.0f %14.2f %12.1f%n", f.getFileName(), pages, (page1 - accepted) / 1e6,
            seconds, pages / seconds);
      }
      System.out.println();
    } finally {
      app.stop().await();
    }
  }

  /** One warm worker vs pdftoppm (single-threaded both), per page, at each width. */
  private static void perPage(List<Path> files, Path tmp) throws Exception {
    Vertx vertx = Vertx.vertx();
    RenderSettings settings = new RenderSettings(1, 768, tmp.resolve("workers"), 5000, 6_000_000L,
        Duration.ofMinutes(2), Duration.ofMinutes(30), Duration.ofMinutes(1));
    try (RenderPool pool = new RenderPool(vertx, settings)) {
      System.out.println("Per page, one warm render worker vs pdftoppm -jpeg (one core each), median bytes per page:");
      List<String> breakdown = new ArrayList<>();
      System.out.println("(ours = render + JPEG encode in the worker, timed from the server side; text extraction,"
          + " done with each page in production, is the last column)");
      System.out.printf("%-16s %10s %10s %6s %12s %12s %6s %9s %9s %9s %9s %9s%n", "file", "ours 1024", "poppler", "x",
          "ours all 4", "poppler 1920", "x", "B@1920", "B@1024", "B@480", "B@200", "text ms");
      for (Path f : files) {
        int pages = pool.inspect(f).await().answer().getInteger("pages");
        // Warm the worker on this file.
        render(pool, f, tmp.resolve("warm"), List.of(1024), Math.min(pages, 3), false);
        double ours1024 = render(pool, f, tmp.resolve("o1024"), List.of(1024), pages, false) / pages;
        Path all = tmp.resolve("all-" + f.getFileName());
        double oursAll = render(pool, f, all, List.of(1920, 1024, 480, 200), pages, false) / pages;
        long[] phasesAll = PHASES.clone();
        double withText = render(pool, f, tmp.resolve("t1024"), List.of(1024), pages, true) / pages;
        double poppler1024 = pdftoppm(f, 1024, tmp) / pages;
        double poppler1920 = pdftoppm(f, 1920, tmp) / pages;
        long[] medians = new long[WIDTHS.length];
        for (int i = 0; i < WIDTHS.length; i++) {
          List<Long> sizes = new ArrayList<>();
          for (int p = 1; p <= pages; p++) {
            sizes.add(Files.size(all.resolve(p + "-" + WIDTHS[i] + ".jpg")));
          }
          sizes.sort(Long::compare);
          medians[i] = sizes.get(sizes.size() / 2);
        }
        System.out.printf("%-16s %8.1fms %8.1fms %6.2f %10.1fms %10.1fms %6.2f %9d %9d %9d %9d %9.1f%n", f.getFileName(),
            ours1024, poppler1024, ours1024 / poppler1024, oursAll, poppler1920, oursAll / poppler1920,
            medians[0], medians[1], medians[2], medians[3], PHASES[3] / 1000.0 / pages);
        breakdown.add(String.format("%-16s %10.1f %10.1f %10.1f %10.1f", f.getFileName(), phasesAll[0] / 1000.0 / pages,
            phasesAll[1] / 1000.0 / pages, phasesAll[2] / 1000.0 / pages,
            oursAll - (phasesAll[0] + phasesAll[1] + phasesAll[2]) / 1000.0 / pages));
      }
      System.out.println();
      System.out.println("Where the time of 'ours all 4' goes, ms per page (PDFBox render at the largest width, "
          + "downscaling, JPEG encoding of 4 files, the rest = process hop and bookkeeping):");
      System.out.printf("%-16s %10s %10s %10s %10s%n", "file", "render", "scale", "encode", "rest");
      breakdown.forEach(System.out::println);
    } finally {
      vertx.close().await();
    }
  }

  /** Micros per phase (render, scale, encode, text) summed over the last {@link #render} call. */
  private static final long[] PHASES = new long[4];

  private static double render(RenderPool pool, Path file, Path out, List<Integer> widths, int pages, boolean text) {
    Arrays.fill(PHASES, 0);
    long t0 = System.nanoTime();
    for (int p = 0; p < pages; p++) {
      RenderPool.Outcome o = pool.render(file, p, out, widths, text).await();
      if (!o.ok()) {
        throw new IllegalStateException("page " + (p + 1) + " of " + file + ": " + o);
      }
      JsonObject m = o.answer().getJsonObject("micros");
      PHASES[0] += m.getLong("render");
      PHASES[1] += m.getLong("scale");
      PHASES[2] += m.getLong("encode");
      PHASES[3] += m.getLong("text");
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double pdftoppm(Path file, int width, Path tmp) throws IOException, InterruptedException {
    Path out = Files.createDirectories(tmp.resolve("poppler-" + width));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("pdftoppm", "-jpeg", "-scale-to-x", Integer.toString(width), "-scale-to-y", "-1",
        file.toString(), out.resolve("p").toString()).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("pdftoppm failed on " + file);
    }
    return (System.nanoTime() - t0) / 1e6;
  }
}
