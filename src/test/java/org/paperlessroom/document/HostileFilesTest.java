package org.paperlessroom.document;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.RawPdf;
import org.paperlessroom.support.TestApp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and oversized files, on a server of its own with small limits: each is answered within
 * 10 s with a clear result, rendering stops within its limits, and the server keeps serving others.
 */
class HostileFilesTest {
  private static Application app;
  private static Api chair;
  private static long meetingId;

  @BeforeAll
  static void start() {
    app = TestApp.start(TestApp.tempDir("paperless-hostile-"), Map.of(
        "PAPERLESS_MAX_UPLOAD_MB", "3",
        "PAPERLESS_MAX_PAGES", "10",
        "PAPERLESS_PAGE_TIMEOUT_SECONDS", "6",
        "PAPERLESS_RENDER_WORKER_HEAP_MB", "256"));
    chair = new Api(app.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
    HttpResponse<Buffer> m = chair.post("/api/meetings", new JsonObject().put("title", "Hồ sơ vụ án")
        .put("startsAt", "2026-12-01T01:00:00Z"));
    assertEquals(201, m.statusCode(), m::bodyAsString);
    meetingId = m.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
  }

  @AfterAll
  static void stop() {
    app.stop().await();
  }

  /** Uploads while another user keeps asking the server for something; returns the upload's answer. */
  private static HttpResponse<Buffer> uploadWhileOthersAreServed(String name, byte[] content) {
    Api other = new Api(app.port());
    AtomicLong slowest = new AtomicLong();
    CompletableFuture<Void> others = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        assertEquals(200, other.get("/health").statusCode());
        slowest.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    long t0 = System.nanoTime();
    HttpResponse<Buffer> r = chair.upload(meetingId, name, content, false);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(millis < 10_000, name + " answered in " + millis + " ms");
    others.join();
    assertTrue(slowest.get() < 2000, "others were served meanwhile; slowest " + slowest.get() + " ms");
    return r;
  }

  /** Uploaded and then rendered, or refused with a 4xx: never a 500, never a hang. */
  private static JsonObject settle(String name, byte[] content) {
    HttpResponse<Buffer> r = uploadWhileOthersAreServed(name, content);
    assertTrue(r.statusCode() == 201 || (r.statusCode() >= 400 && r.statusCode() < 500), r::bodyAsString);
    if (r.statusCode() != 201) {
      assertTrue(r.bodyAsJsonObject().getString("message").contains(name), r.bodyAsString());
      return r.bodyAsJsonObject();
    }
    JsonObject doc = chair.awaitRendered(r.bodyAsJsonObject().getJsonObject("document").getLong("id"),
        Duration.ofSeconds(90));
    assertTrue(List.of("ready", "failed").contains(doc.getString("status")), doc.encode());
    return doc;
  }

  @Test
  void aCyclicPageTreeRendersItsOnePage() {
    JsonObject doc = settle("cyclic.pdf", RawPdfs.cyclicPageTree());
    assertEquals(1, doc.getInteger("pageCount"), doc.encode());
    assertEquals("ready", doc.getString("status"));
  }

  @Test
  void aPageTree5000LevelsDeepIsAnsweredWithoutOverflowingAnything() {
    JsonObject doc = settle("deep.pdf", RawPdfs.deepPageTree(5000));
    if (doc.containsKey("pageCount")) {
      assertEquals(1, doc.getInteger("pageCount"));
    } else {
      assertEquals("pdf_broken", doc.getString("error"));
    }
  }

  @Test
  void aHugePageRendersSmallerWithinThePixelBudget() {
    JsonObject doc = settle("huge.pdf", RawPdfs.hugePage());
    assertEquals("ready", doc.getString("status"), doc.encode());
    JsonObject page = doc.getJsonArray("pages").getJsonObject(0);
    assertEquals("ready", page.getString("status"));
    assertTrue((long) page.getInteger("width") * page.getInteger("height") <= 6_000_000L, page.encode());
  }

  @Test
  void recursiveFormsStopWithinThePageTimeLimit() {
    JsonObject doc = settle("forms.pdf", RawPdfs.recursiveForms());
    assertEquals(1, doc.getInteger("pageCount"));
  }

  @Test
  void decompressionBombsCannotHurtTheServer() {
    for (var sample : Map.of("image-bomb.pdf", RawPdfs.imageBomb(), "content-bomb.pdf", RawPdfs.contentBomb()).entrySet()) {
      assertTrue(sample.getValue().length < 3 * 1024 * 1024, "small on disk");
      JsonObject doc = settle(sample.getKey(), sample.getValue());
      if ("failed".equals(doc.getString("status"))) {
        assertTrue(doc.getString("error").length() > 10, doc.encode());
      }
      assertEquals(200, new Api(app.port()).get("/health").statusCode());
    }
  }

  @Test
  void tooManyPagesAndTooLargeFilesAreRefused() {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    StringBuilder kids = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      kids.append(3 + i).append(" 0 R ");
    }
    pdf.add("<< /Type /Pages /Kids [" + kids + "] /Count 1 >>");
    for (int i = 0; i < 11; i++) {
      pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>");
    }
    DocumentApiTest.assertRefused(uploadWhileOthersAreServed("eleven.pdf", pdf.bytes()), 422, "too_many_pages",
        "more than 10 pages");
    byte[] big = new byte[4 * 1024 * 1024];
    System.arraycopy("%PDF-1.7\n".getBytes(), 0, big, 0, 9);
    DocumentApiTest.assertRefused(chair.upload(meetingId, "big.pdf", big, false), 413, "file_too_large", "3 MB");
  }

  @Test
  void renderingInterruptedByARestartResumes() {
    var dataDir = TestApp.tempDir("paperless-resume-");
    Application first = TestApp.start(dataDir, Map.of());
    Api api = new Api(first.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
    long meeting = api.post("/api/meetings", new JsonObject().put("title", "Resume").put("startsAt", "2026-12-01T01:00:00Z"))
        .bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    JsonObject doc = DocumentApiTest.uploaded(api.upload(meeting, "text.pdf", Corpus.read("text.pdf"), false));
    first.stop().await();
    Application second = TestApp.start(dataDir, Map.of());
    try {
      Api again = new Api(second.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      JsonObject done = again.awaitRendered(doc.getLong("id"), Duration.ofSeconds(120));
      assertEquals("ready", done.getString("status"), done.encode());
      assertEquals(40, done.getJsonArray("pages").size());
    } finally {
      second.stop().await();
    }
  }
}
