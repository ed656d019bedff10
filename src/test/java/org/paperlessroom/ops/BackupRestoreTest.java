package org.paperlessroom.ops;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.TestApp;
import org.paperlessroom.support.TestPdfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backup → wipe → restore on the embedded database: a meeting with everything in it (documents, agenda,
 * attendance, a named and a secret vote, minutes with revisions, approved) comes back row for row and
 * byte for byte in a new data directory, and works there. Restores that must not happen are refused.
 */
class BackupRestoreTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aBackupRestoredIntoANewDataDirectoryBringsBackEveryRowAndEveryFile() throws Exception {
    Path dirA = TestApp.tempDir("paperless-backup-a");
    Path dirB = TestApp.tempDir("paperless-backup-b");
    Path dirC = TestApp.tempDir("paperless-backup-c");
    Map<String, List<String>> before;
    Map<String, byte[]> documentsBefore;
    Content content;
    Path backup;

    Application a = TestApp.start(dirA, Map.of());
    WebClient raw = WebClient.create(a.vertx());
    try {
      content = fillWithARealMeeting(a);

      // The ops endpoint for scripts/backup: the token from the data directory, nothing else.
      Path tokenFile = dirA.resolve(OpsToken.FILE);
      Meetings.eventually(() -> Files.exists(tokenFile), exists -> exists);
      if (Files.getFileStore(tokenFile).supportsFileAttributeView("posix")) {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
      }
      String token = Files.readString(tokenFile).strip();
      var noToken = raw.post(a.port(), "127.0.0.1", "/api/ops/backup").send().await();
      assertEquals(401, noToken.statusCode(), noToken::bodyAsString);
      assertEquals("ops_token_missing", noToken.bodyAsJsonObject().getString("error"));
      assertNotNull(noToken.getHeader("X-Request-Id"), "the ops route assigns a request id too");
      var wrong = raw.post(a.port(), "127.0.0.1", "/api/ops/backup").putHeader("X-Ops-Token", token + "x").send().await();
      assertEquals(403, wrong.statusCode());
      assertEquals("ops_token_invalid", wrong.bodyAsJsonObject().getString("error"));
      var proxied = raw.post(a.port(), "127.0.0.1", "/api/ops/backup").putHeader("X-Ops-Token", token)
          .putHeader("X-Forwarded-For", "203.0.113.9").send().await();
      assertEquals(403, proxied.statusCode(), "relayed by a reverse proxy: not from this machine");
      assertEquals("ops_local_only", proxied.bodyAsJsonObject().getString("error"));

      // scripts/backup (curl) as cron would run it; without curl, the same call made here.
      String scriptFile = opsBackup(a, dirA, token, raw);
      assertTrue(Files.isRegularFile(Path.of(scriptFile)), scriptFile);
      assertTrue(Path.of(scriptFile).startsWith(dirA.resolve("backups")), scriptFile);

      // Administrators only, with the CSRF token like every change.
      Api admin = new Api(a.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      assertEquals(403, content.chair().post("/api/admin/backups", new JsonObject()).statusCode());
      assertEquals(403, content.chair().get("/api/admin/backups").statusCode());
      Api noCsrf = new Api(a.port()).signIn("admin", TestApp.ADMIN_PASSWORD).withoutCsrf();
      var forged = noCsrf.post("/api/admin/backups", new JsonObject());
      assertEquals(403, forged.statusCode());
      assertEquals("csrf_invalid", forged.bodyAsJsonObject().getString("error"));

      before = stableDump(a);
      documentsBefore = files(dirA.resolve("documents"));
      assertTrue(documentsBefore.keySet().stream().anyMatch(p -> p.startsWith("originals/")), documentsBefore.keySet()::toString);
      assertTrue(documentsBefore.keySet().stream().anyMatch(p -> p.startsWith("pages/")), documentsBefore.keySet()::toString);

      var made = admin.post("/api/admin/backups", new JsonObject());
      assertEquals(201, made.statusCode(), made::bodyAsString);
      JsonObject result = made.bodyAsJsonObject();
      backup = Path.of(result.getString("file"));
      assertTrue(Files.isRegularFile(backup));
      assertTrue(backup.getFileName().toString().matches("paperless-\\d{8}T\\d{6}Z(-\\d+)?\\.tar\\.gz"), backup::toString);
      assertEquals(Files.size(backup), result.getLong("sizeBytes"));
      if (Files.getFileStore(backup).supportsFileAttributeView("posix")) {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)),
            "backups hold password hashes and classified documents");
      }
      JsonObject tables = result.getJsonObject("tables");
      assertFalse(tables.containsKey("http_sessions"), "sessions are not backed up");
      assertFalse(tables.containsKey("flyway_schema_history"));
      for (var e : before.entrySet()) {
        assertEquals((long) e.getValue().size(), tables.getLong(e.getKey()), "rows of " + e.getKey());
      }
      assertEquals(documentsBefore.size(), result.getInteger("documents"));

      JsonObject listed = Meetings.ok(admin.get("/api/admin/backups"));
      assertEquals(2, listed.getJsonArray("backups").size(), listed::encode);
      assertEquals(backup.getFileName().toString(), listed.getJsonArray("backups").getJsonObject(0).getString("name"));
      assertEquals(Instant.parse(result.getString("createdAt")).truncatedTo(ChronoUnit.SECONDS),
          Instant.parse(listed.getString("lastBackupAt")));
      assertFalse(listed.getBoolean("inProgress"));

      // The backup changed nothing but the audit log (one ops.backup row, written after the snapshot).
      Map<String, List<String>> after = dump(a);
      List<String> backupAudits = after.get("audit_log").stream().filter(r -> r.contains("ops.backup")).toList();
      assertEquals(2, backupAudits.size(), after.get("audit_log")::toString);
      assertTrue(backupAudits.stream().anyMatch(r -> r.contains("ops-token")) && backupAudits.stream().anyMatch(r -> r.contains("admin")));
      List<String> auditBefore = before.get("audit_log");
      List<String> added = after.get("audit_log").stream().filter(r -> !auditBefore.contains(r)).toList();
      assertEquals(1, added.size(), added::toString);
      assertTrue(added.get(0).contains("ops.backup") && added.get(0).contains("\"\"via\"\": \"\"admin\"\""), added::toString);
      after.put("audit_log", after.get("audit_log").stream().filter(r -> !added.contains(r)).toList());
      assertEquals(before, after);
      String schemaVersion = a.database().pool().query("SELECT version FROM flyway_schema_history WHERE success "
          + "ORDER BY installed_rank DESC LIMIT 1").execute().await().iterator().next().getString(0);
      assertManifest(backup, schemaVersion, before, documentsBefore);
    } finally {
      raw.close();
      a.stop().await();
    }

    // Wipe: a new, empty data directory. Restore, start, compare.
    Restore.Summary summary = Restore.run(TestApp.config(dirB, Map.of()), backup, false, quiet());
    assertEquals(before.size(), summary.tables().size());
    assertEquals(documentsBefore.size(), summary.documents());
    Application b = TestApp.start(dirB, Map.of());
    try {
      assertEquals(before, dump(b), "every table row for row");
      assertSameFiles(documentsBefore, files(dirB.resolve("documents")));

      // It works: sign in (sessions were not restored), see the pages and the approved minutes.
      Api chair = new Api(b.port()).signIn(content.chairName(), "password-c");
      var page = chair.get("/api/pages/" + content.hash() + "/1/480.jpg");
      assertEquals(200, page.statusCode());
      assertArrayEquals(documentsBefore.get(pagePath(content.hash(), 1, 480)), page.body().getBytes());
      var minutes = chair.get("/api/meetings/" + content.meetingId() + "/minutes.pdf");
      assertEquals(200, minutes.statusCode(), minutes::bodyAsString);
      assertEquals("application/pdf", minutes.getHeader("Content-Type"));
      assertTrue(minutes.bodyAsString(StandardCharsets.ISO_8859_1.name()).startsWith("%PDF-"));
      JsonObject approved = Meetings.ok(new Api(b.port()).signIn(content.memberName(), "password-m")
          .get("/api/meetings/" + content.meetingId() + "/minutes"));
      assertEquals("approved", approved.getJsonObject("state").getString("status"));
      JsonObject secret = Meetings.ok(chair.get("/api/votes/" + content.secretVoteId())).getJsonObject("vote");
      assertEquals("closed", secret.getString("status"));

      // Restoring over a running server: refused by the data directory's lock, one line (the real command line).
      Proc running = restoreCommand(dirB, backup);
      assertEquals(1, running.exit(), running::toString);
      assertTrue(running.err().strip().startsWith("Restore refused: Another Paperless Room server is already using"), running::toString);
      assertEquals(1, running.err().strip().lines().count(), running::toString);

      // Sequences go on after the restored ids: a new meeting does not take an old number.
      var created = new Api(b.port()).signIn("admin", TestApp.ADMIN_PASSWORD).post("/api/meetings", new JsonObject()
          .put("title", "Sau khi khôi phục").put("startsAt", "2026-12-02T01:00:00Z").put("participants", new JsonArray()));
      assertEquals(201, created.statusCode(), created::bodyAsString);
      assertTrue(created.bodyAsJsonObject().getJsonObject("meeting").getLong("id") > content.meetingId());
    } finally {
      b.stop().await();
    }

    // Not into a database that has data: refused, nothing changed.
    Map<String, byte[]> documentsB = files(dirB.resolve("documents"));
    RestoreRefused notEmpty = assertThrows(RestoreRefused.class,
        () -> Restore.run(TestApp.config(dirB, Map.of()), backup, false, quiet()));
    assertTrue(notEmpty.getMessage().contains("is not empty") && notEmpty.getMessage().contains("--force"), notEmpty.getMessage());
    assertSameFiles(documentsB, files(dirB.resolve("documents")));

    // A damaged document in the archive: refused before anything is written.
    Path damaged = dirC.resolveSibling(dirC.getFileName() + "-damaged.tar.gz");
    String victim = damageOneOriginal(backup, damaged);
    RestoreRefused hashMismatch = assertThrows(RestoreRefused.class,
        () -> Restore.run(TestApp.config(dirC, Map.of()), damaged, false, quiet()));
    assertTrue(hashMismatch.getMessage().contains("damaged") && hashMismatch.getMessage().contains(victim), hashMismatch.getMessage());
    assertEquals(Map.of(), files(dirC.resolve("documents")));
    // A truncated file (a copy cut short): refused too.
    Path truncated = dirC.resolveSibling(dirC.getFileName() + "-truncated.tar.gz");
    byte[] whole = Files.readAllBytes(backup);
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    RestoreRefused cut = assertThrows(RestoreRefused.class,
        () -> Restore.run(TestApp.config(dirC, Map.of()), truncated, false, quiet()));
    assertTrue(cut.getMessage().contains("damaged or incomplete"), cut.getMessage());

    // --force replaces everything (the meeting made after the restore goes), old documents moved aside.
    Restore.Summary forced = Restore.run(TestApp.config(dirB, Map.of()), backup, true, quiet());
    assertNotNull(forced.replacedDocuments());
    assertTrue(Files.isDirectory(forced.replacedDocuments()));
    Application again = TestApp.start(dirB, Map.of());
    try {
      assertEquals(before, dump(again));
      assertSameFiles(documentsBefore, files(dirB.resolve("documents")));
    } finally {
      again.stop().await();
    }
    for (Path p : List.of(dirA, dirB, dirC, damaged, truncated)) {
      Backup.deleteTree(p);
    }
  }

  /** What the test needs to find again after the restore. */
  private record Content(long meetingId, String hash, long secretVoteId, Api chair, String chairName, String memberName) {
  }

  private static Content fillWithARealMeeting(Application app) {
    int port = app.port();
    Api admin = new Api(port).signIn("admin", TestApp.ADMIN_PASSWORD);
    JsonObject chairUser = admin.createUser("Chủ trì Nguyễn Văn An", "password-c");
    JsonObject secretaryUser = admin.createUser("Thư ký Lê Thị Hoa", "password-s");
    JsonObject memberUser = admin.createUser("Thành viên Trần Bình", "password-m");
    JsonObject member2User = admin.createUser("Thành viên Phạm Chi", "password-m");
    JsonObject absentUser = admin.createUser("Thành viên Đỗ Dũng", "password-m");
    var created = admin.post("/api/meetings", new JsonObject()
        .put("title", "Họp giao ban tháng 12").put("startsAt", "2026-12-01T01:00:00Z").put("location", "Phòng họp số 1")
        .put("participants", new JsonArray()
            .add(participant(chairUser, "chair", "member"))
            .add(participant(secretaryUser, "secretary"))
            .add(participant(memberUser, "member"))
            .add(participant(member2User, "member"))
            .add(participant(absentUser, "member"))));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    String m = "/api/meetings/" + meetingId;
    Api chair = new Api(port).signIn(chairUser.getString("username"), "password-c");
    Api secretary = new Api(port).signIn(secretaryUser.getString("username"), "password-s");
    Api member = new Api(port).signIn(memberUser.getString("username"), "password-m");
    Api member2 = new Api(port).signIn(member2User.getString("username"), "password-m");

    JsonObject doc = chair.uploadReady(meetingId, "bao-cao-thang-12.pdf", TestPdfs.slides(3, Api.unique("backup")), false);
    long firstItem = Meetings.addItem(chair, meetingId, new JsonObject().put("title", "Báo cáo công tác tháng 12")
        .put("plannedMinutes", 20).put("documentIds", new JsonArray().add(doc.getLong("id"))));
    Meetings.addItem(chair, meetingId, new JsonObject().put("title", "Kế hoạch năm 2027").put("description", "Thảo luận"));

    Meetings.ok(chair.post(m + "/start", new JsonObject()));
    Meetings.ok(secretary.put(m + "/attendance", new JsonObject().put("status", "in_person").put("userIds", new JsonArray()
        .add(chairUser.getLong("id")).add(secretaryUser.getLong("id")).add(memberUser.getLong("id")).add(member2User.getLong("id")))));
    Meetings.ok(secretary.put(m + "/attendance", new JsonObject().put("status", "absent").put("reason", "Đi công tác")
        .put("userIds", new JsonArray().add(absentUser.getLong("id")))));
    assertEquals(201, member.post(m + "/speakers", new JsonObject()).statusCode());

    long named = createVote(chair, meetingId, new JsonObject().put("question", "Thông qua báo cáo tháng 12?").put("itemId", firstItem));
    Meetings.ok(chair.post("/api/votes/" + named + "/open", new JsonObject()));
    castAll(named, List.of(chair, member, member2), 0);
    long secret = createVote(chair, meetingId, new JsonObject().put("question", "Bầu tổ trưởng").put("kind", "choice")
        .put("options", new JsonArray().add("Nguyễn An").add("Trần Bình")).put("secret", true));
    Meetings.ok(chair.post("/api/votes/" + secret + "/open", new JsonObject()));
    castAll(secret, List.of(chair, member, member2), 1);
    for (long vote : List.of(named, secret)) {
      Meetings.eventually(() -> Meetings.ok(chair.get("/api/votes/" + vote)).getJsonObject("vote").getString("status"),
          "closed"::equals);
    }

    String field = m + "/minutes/fields/item:" + firstItem + ":discussion";
    Meetings.ok(secretary.put(field, new JsonObject().put("content", "Đ/c An: nhất trí.").put("baseVersion", 0)));
    Meetings.ok(secretary.put(field, new JsonObject().put("content", "Đ/c An: nhất trí với báo cáo.\n\n- bổ sung số liệu")
        .put("baseVersion", 1)));
    Meetings.ok(secretary.put(m + "/minutes/fields/item:" + firstItem + ":conclusion",
        new JsonObject().put("content", "Thống nhất **thông qua** báo cáo.").put("baseVersion", 0)));
    Meetings.ok(secretary.put(m + "/minutes/fields/general:number", new JsonObject().put("content", "12/BB-VKS").put("baseVersion", 0)));
    Meetings.ok(chair.post(m + "/end", new JsonObject()));
    JsonObject approved = Meetings.ok(chair.post(m + "/minutes/approve", new JsonObject())).getJsonObject("state");
    assertEquals("approved", approved.getString("status"));
    return new Content(meetingId, doc.getString("hash"), secret, chair, chairUser.getString("username"),
        memberUser.getString("username"));
  }

  private static JsonObject participant(JsonObject user, String... roles) {
    return new JsonObject().put("userId", user.getLong("id")).put("roles", new JsonArray(List.of((Object[]) roles)));
  }

  private static long createVote(Api chair, long meetingId, JsonObject body) {
    var r = chair.post("/api/meetings/" + meetingId + "/votes", body);
    assertEquals(201, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject().getJsonObject("vote").getLong("id");
  }

  private static void castAll(long voteId, List<Api> voters, int choice) {
    for (Api voter : voters) {
      Meetings.ok(voter.post("/api/votes/" + voteId + "/ballots", new JsonObject()
          .put("clientId", UUID.randomUUID().toString()).put("choices", new JsonArray().add(choice))));
    }
  }

  /** scripts/backup against the running server; the same HTTP call when curl is not installed. */
  private static String opsBackup(Application app, Path dataDir, String token, WebClient raw) throws Exception {
    if (onPath("curl") && onPath("bash")) {
      Proc p = run(List.of("bash", "scripts/backup"), Map.of("PAPERLESS_DATA_DIR", dataDir.toString(),
          "PAPERLESS_HTTP_PORT", Integer.toString(app.port()), "PAPERLESS_HTTP_HOST", "127.0.0.1"));
      assertEquals(0, p.exit(), p::toString);
      return p.out().strip();
    }
    var r = raw.post(app.port(), "127.0.0.1", "/api/ops/backup").putHeader("X-Ops-Token", token).send().await();
    assertEquals(201, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject().getString("file");
  }

  /** RestoreMain as scripts/restore runs it: another JVM, configured by the environment. */
  private static Proc restoreCommand(Path dataDir, Path backup) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return run(List.of(java, "-cp", System.getProperty("java.class.path"), "org.paperlessroom.ops.RestoreMain", backup.toString()),
        Map.of("PAPERLESS_DATA_DIR", dataDir.toString(), "PAPERLESS_LOG_LEVEL", "WARN"));
  }

  private record Proc(int exit, String out, String err) {
  }

  private static Proc run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PAPERLESS_"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile("proc", ".out");
    Path err = Files.createTempFile("proc", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    try {
      return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Every table but sessions and Flyway's history, every row as PostgreSQL writes it as text, in order. */
  static Map<String, List<String>> dump(Application app) {
    var pool = app.database().pool();
    Map<String, List<String>> out = new TreeMap<>();
    for (Row t : pool.query("""
        SELECT tablename FROM pg_tables WHERE schemaname = 'public'
        AND tablename NOT IN ('flyway_schema_history', 'http_sessions') ORDER BY 1""").execute().await()) {
      String table = t.getString(0);
      List<String> rows = new ArrayList<>();
      for (Row r : pool.query("SELECT x::text FROM public.\"" + table + "\" x ORDER BY 1").execute().await()) {
        rows.add(r.getString(0));
      }
      out.put(table, rows);
    }
    return out;
  }

  /** The dump once nothing is being written any more (live state and attendance are saved just after the answers). */
  private static Map<String, List<String>> stableDump(Application app) throws InterruptedException {
    Map<String, List<String>> previous = dump(app);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Thread.sleep(300);
      Map<String, List<String>> now = dump(app);
      if (now.equals(previous) || System.nanoTime() > deadline) {
        return now;
      }
      previous = now;
    }
  }

  /** Every file under documents/ (not upload scratch space), by path. */
  static Map<String, byte[]> files(Path documentsDir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.isDirectory(documentsDir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(documentsDir)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String rel = documentsDir.relativize(p).toString().replace('\\', '/');
        if (!rel.startsWith("incoming/")) {
          out.put(rel, Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (var e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), actual.get(e.getKey()), "byte for byte: " + e.getKey());
    }
  }

  private static String pagePath(String hash, int page, int width) {
    return "pages/" + hash.substring(0, 2) + "/" + hash + "/" + page + "-" + width + ".jpg";
  }

  /** The archive as tar would list it, and its manifest agreeing with the database and the files. */
  private static void assertManifest(Path backup, String schemaVersion, Map<String, List<String>> tables,
                                     Map<String, byte[]> documents) throws IOException {
    List<String> names = new ArrayList<>();
    JsonObject manifest = null;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(backup))) {
      Tar.Reader tar = new Tar.Reader(in);
      for (Tar.Entry e = tar.next(); e != null; e = tar.next()) {
        names.add(e.name());
        if (e.name().equals("manifest.json")) {
          manifest = new JsonObject(new String(tar.content().readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertNotNull(manifest);
    assertEquals("paperless-room-backup", manifest.getString("format"));
    assertEquals(schemaVersion, manifest.getString("schemaVersion"));
    assertNotNull(manifest.getString("appVersion"));
    assertNotNull(Instant.parse(manifest.getString("createdAt")));
    // Tables in foreign-key order: users before meetings before participants before attendance.
    List<String> order = manifest.getJsonArray("tables").stream().map(t -> ((JsonObject) t).getString("name")).toList();
    assertTrue(order.indexOf("users") < order.indexOf("meetings") && order.indexOf("meetings") < order.indexOf("participants")
        && order.indexOf("participants") < order.indexOf("attendance") && order.indexOf("files") < order.indexOf("documents"), order::toString);
    assertEquals(tables.keySet(), new java.util.TreeSet<>(order));
    for (var t : manifest.getJsonArray("tables")) {
      JsonObject table = (JsonObject) t;
      assertTrue(names.contains(table.getString("file")), table::encode);
      assertEquals(tables.get(table.getString("name")).size(), table.getLong("rows").intValue(), table::encode);
    }
    JsonArray listed = manifest.getJsonArray("documents");
    assertEquals(documents.size(), listed.size());
    for (var d : listed) {
      JsonObject doc = (JsonObject) d;
      byte[] bytes = documents.get(doc.getString("path"));
      assertNotNull(bytes, doc::encode);
      assertEquals(bytes.length, doc.getLong("sizeBytes").intValue());
      assertEquals(java.util.HexFormat.of().formatHex(Backup.sha256().digest(bytes)), doc.getString("sha256"));
      assertTrue(names.contains("documents/" + doc.getString("path")));
    }
    assertEquals(List.of(), manifest.getJsonArray("missingOriginals").getList());
    assertEquals("manifest.json", names.get(names.size() - 1));
  }

  /** A copy of the backup with one byte of one original changed (the manifest untouched); that original's path. */
  private static String damageOneOriginal(Path backup, Path damaged) throws IOException {
    String victim = null;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(backup));
         OutputStream out = new GZIPOutputStream(Files.newOutputStream(damaged))) {
      Tar.Reader reader = new Tar.Reader(in);
      Tar.Writer writer = new Tar.Writer(out);
      for (Tar.Entry e = reader.next(); e != null; e = reader.next()) {
        byte[] bytes = reader.content().readAllBytes();
        if (victim == null && e.name().startsWith("documents/originals/")) {
          victim = e.name();
          bytes[bytes.length / 2] ^= 0x20;
        }
        writer.putBytes(e.name(), bytes, 0);
      }
      writer.finish();
    }
    assertNotNull(victim);
    return victim;
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
