package org.paperlessroom.document;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.TestApp;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentApiTest {

  private static long count(String sql, Object... params) {
    return TestApp.get().database().pool().preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.from(params)).await()
        .iterator().next().getLong(0);
  }

  static JsonObject uploaded(HttpResponse<Buffer> r) {
    assertEquals(201, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject().getJsonObject("document");
  }

  @Test
  void uploadRendersEveryPageAtEveryWidthAndServesThemCacheably() throws Exception {
    var room = Rooms.create();
    JsonObject doc = uploaded(room.chair().upload(room.meetingId(), "slides.pdf", Corpus.read("slides.pdf"), false));
    assertEquals(24, doc.getInteger("pageCount"));
    JsonObject done = room.chair().awaitRendered(doc.getLong("id"), Duration.ofSeconds(120));
    assertEquals("ready", done.getString("status"), done::encode);
    assertEquals(24, done.getJsonArray("pages").size());
    assertTrue(done.getJsonArray("pages").stream().allMatch(p -> "ready".equals(((JsonObject) p).getString("status"))));

    String hash = done.getString("hash");
    for (int width : new int[] {200, 480, 1024, 1920}) {
      HttpResponse<Buffer> image = room.member().get("/api/pages/" + hash + "/1/" + width + ".jpg");
      assertEquals(200, image.statusCode());
      assertEquals("image/jpeg", image.getHeader("Content-Type"));
      assertEquals("public, max-age=31536000, immutable", image.getHeader("Cache-Control"));
      var decoded = ImageIO.read(new ByteArrayInputStream(image.body().getBytes()));
      assertEquals(width, decoded.getWidth(), "page image at its width");
      String etag = image.getHeader("ETag");
      assertTrue(etag.startsWith("\"") && etag.endsWith("\""), "a strong ETag");
      HttpResponse<Buffer> again = room.member().getWithHeader("/api/pages/" + hash + "/1/" + width + ".jpg",
          "If-None-Match", etag);
      assertEquals(304, again.statusCode());
    }
    assertEquals(400, room.member().get("/api/pages/" + hash + "/1/333.jpg").statusCode());
    assertEquals(404, room.outsider().get("/api/pages/" + hash + "/1/480.jpg").statusCode(), "not for outsiders");
    assertEquals(401, Api.forTestApp().get("/api/pages/" + hash + "/1/480.jpg").statusCode());
    HttpResponse<Buffer> original = room.member().get("/api/documents/" + doc.getLong("id") + "/original");
    assertEquals(200, original.statusCode());
    assertEquals(Corpus.read("slides.pdf").length, original.body().length());
  }

  @Test
  void theSameFileUploadedTwiceIsStoredAndRenderedOnce() {
    var first = Rooms.create();
    var second = Rooms.create();
    byte[] pdf = Corpus.read("text.pdf");
    JsonObject a = uploaded(first.chair().upload(first.meetingId(), "bien-ban.pdf", pdf, false));
    first.chair().awaitRendered(a.getLong("id"), Duration.ofSeconds(120));
    long documents = count("SELECT count(*) FROM documents WHERE file_sha256 = $1", a.getString("hash"));
    JsonObject b = uploaded(second.chair().upload(second.meetingId(), "copy.pdf", pdf, false));
    assertEquals(a.getString("hash"), b.getString("hash"));
    assertEquals("ready", b.getString("status"), "already rendered: nothing to wait for");
    assertEquals(1, count("SELECT count(*) FROM files WHERE sha256 = $1", a.getString("hash")));
    assertEquals(40, count("SELECT count(*) FROM pages WHERE file_sha256 = $1", a.getString("hash")));
    assertEquals(documents + 1, count("SELECT count(*) FROM documents WHERE file_sha256 = $1", a.getString("hash")));
  }

  @Test
  void searchFindsPagesWithAndWithoutDiacritics() {
    var room = Rooms.create();
    JsonObject doc = uploaded(room.chair().upload(room.meetingId(), "bien-ban.pdf", Corpus.read("vietnamese.pdf"), false));
    room.chair().awaitRendered(doc.getLong("id"), Duration.ofSeconds(120));
    for (String q : new String[] {"biên bản", "bien ban", "BIEN BAN"}) {
      JsonArray results = room.member().get("/api/meetings/" + room.meetingId() + "/search?q="
          + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)).bodyAsJsonObject().getJsonArray("results");
      assertFalse(results.isEmpty(), q);
      JsonObject hit = results.getJsonObject(0);
      assertEquals(doc.getLong("id"), hit.getLong("documentId"));
      assertTrue(hit.getInteger("page") >= 1);
      assertTrue(hit.getString("snippet").toLowerCase().contains("biên bản"), hit.getString("snippet"));
    }
    assertTrue(room.member().get("/api/meetings/" + room.meetingId() + "/search?q=xylophone").bodyAsJsonObject()
        .getJsonArray("results").isEmpty());
    assertEquals(403, room.outsider().get("/api/meetings/" + room.meetingId() + "/search?q=bien").statusCode());
    assertEquals(400, room.member().get("/api/meetings/" + room.meetingId() + "/search?q=").statusCode());
  }

  @Test
  void onlyChairPresenterOrSecretaryUpload() {
    var room = Rooms.create();
    long before = count("SELECT count(*) FROM documents WHERE meeting_id = $1", room.meetingId());
    HttpResponse<Buffer> byMember = room.member().upload(room.meetingId(), "x.pdf", RawPdfs.simple(), false);
    assertEquals(403, byMember.statusCode());
    assertEquals(403, room.outsider().upload(room.meetingId(), "x.pdf", RawPdfs.simple(), false).statusCode());
    Api anonymous = Api.forTestApp();
    anonymous.get("/api/session");
    assertEquals(401, anonymous.upload(room.meetingId(), "x.pdf", RawPdfs.simple(), false).statusCode());
    assertEquals(before, count("SELECT count(*) FROM documents WHERE meeting_id = $1", room.meetingId()));
  }

  @Test
  void imagesBecomeOnePageDocuments() throws Exception {
    var room = Rooms.create();
    var image = new java.awt.image.BufferedImage(800, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(java.awt.Color.ORANGE);
    g.fillRect(100, 100, 400, 300);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    JsonObject doc = uploaded(room.chair().upload(room.meetingId(), "ảnh chụp.png", png.toByteArray(), false));
    assertEquals(1, doc.getInteger("pageCount"));
    assertEquals("image", doc.getString("kind"));
    assertEquals("ready", room.chair().awaitRendered(doc.getLong("id"), Duration.ofSeconds(60)).getString("status"));
  }

  @Test
  void badFilesGetAClearRefusalAndLeaveNothingBehind() throws Exception {
    var room = Rooms.create();
    Api chair = room.chair();
    long files = count("SELECT count(*) FROM files");
    assertRefused(chair.upload(room.meetingId(), "slides.pdf", pngBytes(), false), 415, "not_a_pdf", "PNG image");
    assertRefused(chair.upload(room.meetingId(), "page.pdf",
        "<!DOCTYPE html><html><body>hi</body></html>".getBytes(), false), 415, "not_a_pdf", "web page");
    assertRefused(chair.upload(room.meetingId(), "archive.pdf", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0}, false),
        415, "not_a_pdf", "ZIP");
    assertRefused(chair.upload(room.meetingId(), "empty.pdf", new byte[0], false), 400, "empty_file", "empty");
    assertRefused(chair.upload(room.meetingId(), "notes.txt", "just text".getBytes(), false), 415, "unsupported_file", "PDF");
    assertRefused(chair.upload(room.meetingId(), "slides.pptx", new byte[] {'P', 'K', 3, 4, 1, 2, 3, 4}, false),
        415, "office_unavailable", "LibreOffice");
    assertRefused(chair.upload(room.meetingId(), "secret.pdf", encrypted("user-pw"), false), 422, "pdf_encrypted", "password");
    byte[] garbage = "%PDF-1.7\n1 0 obj << /Type /Catalog >> nonsense garbage".getBytes();
    assertRefused(chair.upload(room.meetingId(), "broken.pdf", garbage, false), 422, "pdf_broken", "not a readable PDF");
    assertEquals(files, count("SELECT count(*) FROM files"), "no file recorded for refused uploads");
    try (var left = java.nio.file.Files.list(TestApp.get().config().documentsDir().resolve("incoming"))) {
      assertEquals(0, left.count(), "no temporary upload left behind");
    }
  }

  @Test
  void ownerPasswordOnlyPdfsRenderAndNamesAreStoredSafely() throws Exception {
    var room = Rooms.create();
    JsonObject doc = uploaded(room.chair().upload(room.meetingId(), "../../etc/passwd <img src onerror alert(1)>\u0007.pdf",
        encrypted(""), false));
    assertEquals("passwd <img src onerror alert(1)>.pdf", doc.getString("name"),
        "no path, no control characters; the UI shows it as text");
    assertEquals("ready", room.chair().awaitRendered(doc.getLong("id"), Duration.ofSeconds(60)).getString("status"));
  }

  @Test
  void classifiedDocumentsAreNeverDownloadedCachedOrViewedUnrecorded() {
    var room = Rooms.create();
    JsonObject doc = uploaded(room.chair().upload(room.meetingId(), "ho-so-mat.pdf", RawPdfs.simple(), true));
    assertTrue(doc.getBoolean("classified"));
    JsonObject done = room.chair().awaitRendered(doc.getLong("id"), Duration.ofSeconds(60));
    HttpResponse<Buffer> download = room.member().get("/api/documents/" + doc.getLong("id") + "/original");
    assertEquals(403, download.statusCode());
    assertTrue(download.bodyAsJsonObject().getString("message").contains("classified"));
    long views = count("SELECT count(*) FROM audit_log WHERE action = 'document.page_view' AND meeting_id = $1",
        room.meetingId());
    JsonObject hit = room.member().get("/api/meetings/" + room.meetingId() + "/search?q=document").bodyAsJsonObject()
        .getJsonArray("results").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("documentId").equals(doc.getLong("id"))).findFirst().orElse(null);
    if (hit != null) {
      assertEquals("", hit.getString("snippet"), "no words of a classified page outside the page itself");
    }
    // A member sees a classified page only while the live room shows it (LiveBridgeTest); the chair prepares.
    HttpResponse<Buffer> notShown = room.member().get("/api/pages/" + done.getString("hash") + "/1/480.jpg");
    assertEquals(403, notShown.statusCode());
    assertTrue(notShown.bodyAsJsonObject().getString("message").contains("presented"), notShown::bodyAsString);
    HttpResponse<Buffer> page = room.chair().get("/api/pages/" + done.getString("hash") + "/1/480.jpg");
    assertEquals(200, page.statusCode());
    assertEquals("no-store", page.getHeader("Cache-Control"));
    assertEquals(views + 1, count("SELECT count(*) FROM audit_log WHERE action = 'document.page_view' AND meeting_id = $1",
        room.meetingId()));
  }

  static void assertRefused(HttpResponse<Buffer> r, int status, String code, String words) {
    assertEquals(status, r.statusCode(), r::bodyAsString);
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(code, body.getString("error"));
    assertTrue(body.getString("message").contains(words), body.getString("message"));
  }

  static byte[] pngBytes() throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new java.awt.image.BufferedImage(10, 10, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
    return png.toByteArray();
  }

  static byte[] encrypted(String userPassword) throws Exception {
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      doc.protect(new StandardProtectionPolicy("owner-secret", userPassword, new AccessPermission()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }
}
