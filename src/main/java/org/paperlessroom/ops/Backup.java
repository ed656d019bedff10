package org.paperlessroom.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.paperlessroom.db.DatabaseUrl;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One backup: a {@code .tar.gz} holding every table of the database (except sessions and Flyway's own
 * history) as CSV, read in ONE repeatable-read snapshot, then every file under {@code documents/}, then
 * {@code manifest.json} (versions, time, row counts, SHA-256 and size of every file in the archive).
 * <p>
 * Made by the database server itself with {@code COPY ... TO STDOUT} through the JDBC driver, so it works
 * the same for the embedded PostgreSQL (which ships no {@code pg_dump}) and an external one. Document
 * files are content-addressed and replaced only atomically, so copying them after the snapshot is safe:
 * every file the snapshot refers to exists, and a file opened is read whole as it was.
 * Blocking (JDBC and files): run it on a worker thread.
 */
public final class Backup {
  private static final Logger LOG = LoggerFactory.getLogger(Backup.class);

  public static final String FORMAT = "paperless-room-backup";
  public static final int FORMAT_VERSION = 1;
  static final String MANIFEST = "manifest.json";
  static final String DATABASE_DIR = "database/";
  static final String DOCUMENTS_DIR = "documents/";
  static final String BACKUPS_DIR = "backups";
  /** Upload scratch space (emptied at every start) is not part of the documents. */
  static final String INCOMING = "incoming";
  private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern NAME = Pattern.compile("paperless-(\\d{8}T\\d{6}Z)(-\\d+)?\\.tar\\.gz");

  private Backup() {
  }

  /** What was written: the answer of the backup calls. */
  public record Result(Path file, long sizeBytes, Instant createdAt, String schemaVersion,
                       Map<String, Long> tables, int documents, long documentBytes, List<String> missingOriginals) {
    public JsonObject toJson() {
      JsonObject rows = new JsonObject();
      tables.forEach(rows::put);
      return new JsonObject()
          .put("file", file.toString())
          .put("name", file.getFileName().toString())
          .put("sizeBytes", sizeBytes)
          .put("createdAt", createdAt.toString())
          .put("schemaVersion", schemaVersion)
          .put("tables", rows)
          .put("documents", documents)
          .put("documentBytes", documentBytes)
          .put("missingOriginals", new JsonArray(new ArrayList<>(missingOriginals)));
    }
  }

  /** A table as it is in the archive. */
  record TableDump(String name, String entry, List<String> columns, long rows, String sha256, long sizeBytes, Path staged) {
  }

  /** The database part, read in one snapshot. */
  private record Snapshot(Instant createdAt, String schemaVersion, String serverVersion, List<TableDump> tables,
                          List<PgCatalog.Sequence> sequences, Set<String> referencedFiles) {
  }

  /** Where backups are written: {@code <dataDir>/backups}. */
  public static Path directory(Path dataDir) {
    return dataDir.resolve(BACKUPS_DIR);
  }

  /** How often a backup starts again when files the snapshot refers to were removed while it was copying them. */
  private static final int ATTEMPTS = 3;

  /** Files the snapshot refers to were removed meanwhile (an administrator cleared unused files away). */
  private static final class FilesRemovedMeanwhile extends IOException {
    FilesRemovedMeanwhile(List<String> missing) {
      super(missing.size() + " file(s) were removed while the backup was being made");
    }
  }

  /**
   * Makes a backup into {@code <dataDir>/backups/paperless-<UTC time>.tar.gz}. Should files the database
   * snapshot refers to disappear while they are copied (removing unused files deletes the rows first, then
   * the files), it starts again with a new snapshot, up to three times; then it completes and names them.
   */
  public static Result create(DatabaseUrl db, Path dataDir, Path documentsDir, boolean embedded)
      throws IOException, SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return createOnce(db, dataDir, documentsDir, embedded, attempt == ATTEMPTS);
      } catch (FilesRemovedMeanwhile e) {
        LOG.info("Backup: {}; starting again with a new snapshot", e.getMessage());
      }
    }
  }

  private static Result createOnce(DatabaseUrl db, Path dataDir, Path documentsDir, boolean embedded, boolean lastAttempt)
      throws IOException, SQLException {
    Path backups = directory(dataDir);
    if (!Files.isDirectory(backups)) {
      // Backups hold password hashes and classified documents: for the server's account only.
      Files.createDirectories(backups, ownerOnly("rwx------"));
    }
    Path staging = Files.createTempDirectory(backups, ".staging-");
    Path partial = null;
    try {
      long t0 = System.nanoTime();
      Set<String> originalsBefore = originals(documentsDir);
      Snapshot snapshot = dumpDatabase(db, staging);
      Path target = freeName(backups, snapshot.createdAt());
      partial = target.resolveSibling(target.getFileName() + ".partial");
      List<JsonObject> documents = new ArrayList<>();
      List<String> missing;
      long documentBytes = 0;
      Files.createFile(partial, ownerOnly("rw-------"));
      try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.WRITE);
           OutputStream gzip = fastGzip(new BufferedOutputStream(file, 1 << 16))) {
        Tar.Writer tar = new Tar.Writer(gzip);
        for (TableDump table : snapshot.tables()) {
          try (InputStream in = Files.newInputStream(table.staged())) {
            tar.put(table.entry(), table.sizeBytes(), snapshot.createdAt().toEpochMilli(), in);
          }
        }
        for (Path path : documentFiles(documentsDir)) {
          JsonObject written = putDocument(tar, documentsDir, path);
          if (written != null) {
            documents.add(written);
            documentBytes += written.getLong("sizeBytes");
          }
        }
        missing = missingOriginals(snapshot.referencedFiles(), documents);
        // Missing now but there before the snapshot: removed during the backup. Missing all along: reported.
        List<String> removedMeanwhile = missing.stream().filter(originalsBefore::contains).toList();
        if (!removedMeanwhile.isEmpty() && !lastAttempt) {
          throw new FilesRemovedMeanwhile(removedMeanwhile);
        }
        JsonObject manifest = manifest(snapshot, documents, documentBytes, missing, embedded);
        tar.putBytes(MANIFEST, manifest.encodePrettily().getBytes(StandardCharsets.UTF_8), System.currentTimeMillis());
        tar.finish();
      }
      try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(backups);
      Map<String, Long> rows = new LinkedHashMap<>();
      snapshot.tables().forEach(t -> rows.put(t.name(), t.rows()));
      if (!missing.isEmpty()) {
        LOG.warn("Backup {}: {} file(s) known to the database have no original under documents/: {}",
            target.getFileName(), missing.size(), missing);
      }
      Result result = new Result(target, Files.size(target), snapshot.createdAt(), snapshot.schemaVersion(), rows,
          documents.size(), documentBytes, missing);
      LOG.info("Backup written to {} ({} bytes, {} tables, {} document files) in {} ms", target, result.sizeBytes(),
          rows.size(), documents.size(), (System.nanoTime() - t0) / 1_000_000);
      return result;
    } finally {
      if (partial != null) {
        Files.deleteIfExists(partial);
      }
      deleteTree(staging);
    }
  }

  /** The backups in {@code <dataDir>/backups}, newest first, and the time of the newest. */
  public static JsonObject list(Path dataDir) throws IOException {
    Path dir = directory(dataDir);
    record Item(String name, long size, Instant createdAt, int sequence) {
    }
    List<Item> items = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Matcher m = NAME.matcher(p.getFileName().toString());
          if (m.matches() && Files.isRegularFile(p)) {
            try {
              int sequence = m.group(2) == null ? 1 : Integer.parseInt(m.group(2).substring(1));
              items.add(new Item(p.getFileName().toString(), Files.size(p), NAME_TIME.parse(m.group(1), Instant::from), sequence));
            } catch (NoSuchFileException gone) {
              // deleted meanwhile
            }
          }
        }
      }
    }
    items.sort(Comparator.comparing(Item::createdAt).thenComparingInt(Item::sequence).reversed());
    JsonArray out = new JsonArray();
    for (Item i : items) {
      out.add(new JsonObject().put("name", i.name()).put("file", dir.resolve(i.name()).toString())
          .put("sizeBytes", i.size()).put("createdAt", i.createdAt().toString()));
    }
    return new JsonObject()
        .put("directory", dir.toString())
        .put("lastBackupAt", items.isEmpty() ? null : items.get(0).createdAt().toString())
        .put("backups", out);
  }

  /** The version of this build (from the jar's Maven descriptor), or "development". */
  public static String appVersion() {
    try (InputStream in = Backup.class.getResourceAsStream("/META-INF/maven/org.paperlessroom/paperless-room/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v;
        }
      }
    } catch (IOException ignored) {
      // fall through
    }
    String v = Backup.class.getPackage() == null ? null : Backup.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  private static Snapshot dumpDatabase(DatabaseUrl db, Path staging) throws SQLException, IOException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        // One snapshot for every table: what the tables say agrees with each other, as at one instant.
        st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        st.execute("SET LOCAL TIME ZONE 'UTC'");
        st.execute("SET LOCAL DateStyle = 'ISO, YMD'");
        st.execute("SET LOCAL extra_float_digits = 3");
        Instant createdAt;
        String serverVersion;
        try (ResultSet rs = st.executeQuery("SELECT now(), current_setting('server_version'), "
            + "current_setting('transaction_isolation'), current_setting('transaction_read_only')")) {
          rs.next();
          createdAt = rs.getTimestamp(1).toInstant();
          serverVersion = rs.getString(2);
          if (!"repeatable read".equals(rs.getString(3)) || !"on".equals(rs.getString(4))) {
            throw new SQLException("the backup transaction is not a read-only snapshot (" + rs.getString(3) + ")");
          }
        }
        String schemaVersion = PgCatalog.schemaVersion(c)
            .orElseThrow(() -> new SQLException("the database has no schema history (never migrated)"));
        List<String> tables = new ArrayList<>(PgCatalog.tables(c));
        tables.remove(PgCatalog.FLYWAY_TABLE);
        tables.remove(PgCatalog.SESSIONS_TABLE);
        List<String> ordered = PgCatalog.parentsFirst(c, tables);
        Set<String> referenced = new HashSet<>();
        if (ordered.contains("files")) {
          try (ResultSet rs = st.executeQuery("SELECT sha256 FROM " + PgCatalog.qualified("files"))) {
            while (rs.next()) {
              referenced.add(rs.getString(1));
            }
          }
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        List<TableDump> dumps = new ArrayList<>();
        int index = 1;
        for (String table : ordered) {
          List<String> columns = PgCatalog.columns(c, table);
          String entry = DATABASE_DIR + String.format("%02d-%s.csv", index++, table);
          Path staged = staging.resolve(entry.substring(DATABASE_DIR.length()));
          MessageDigest digest = sha256();
          long rows;
          try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(staged), 1 << 16), digest)) {
            rows = copy.copyOut("COPY " + PgCatalog.qualified(table) + " (" + PgCatalog.columnList(columns)
                + ") TO STDOUT (FORMAT csv, HEADER true, ENCODING 'UTF8')", out);
          }
          dumps.add(new TableDump(table, entry, columns, rows, hex(digest), Files.size(staged), staged));
        }
        List<PgCatalog.Sequence> sequences = PgCatalog.sequences(c);
        c.rollback(); // read only: nothing to commit
        return new Snapshot(createdAt, schemaVersion, serverVersion, dumps, sequences, referenced);
      }
    }
  }

  /** Every file under documents/ but the upload scratch space and half-written temporary files, in path order. */
  static List<Path> documentFiles(Path documentsDir) throws IOException {
    if (!Files.isDirectory(documentsDir)) {
      return List.of();
    }
    Path incoming = documentsDir.resolve(INCOMING);
    try (Stream<Path> walk = Files.walk(documentsDir)) {
      return walk.filter(p -> !p.startsWith(incoming))
          .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !p.getFileName().toString().endsWith(".tmp"))
          .sorted(Comparator.comparing(p -> relative(documentsDir, p)))
          .toList();
    }
  }

  /** The SHA-256 names of the originals on disk now (directory listings only). */
  private static Set<String> originals(Path documentsDir) throws IOException {
    Set<String> out = new HashSet<>();
    Path root = documentsDir.resolve("originals");
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> prefixes = Files.list(root)) {
      for (Path prefix : (Iterable<Path>) prefixes::iterator) {
        if (Files.isDirectory(prefix)) {
          try (Stream<Path> files = Files.list(prefix)) {
            files.forEach(f -> out.add(f.getFileName().toString()));
          }
        }
      }
    }
    return out;
  }

  static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  /**
   * Copies one document file into the archive, hashing it on the way. The open file is read whole as it
   * was when opened (files are only ever replaced by an atomic rename); one removed meanwhile is left out.
   */
  private static JsonObject putDocument(Tar.Writer tar, Path documentsDir, Path path) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException gone) {
      return null;
    }
    try (ch; InputStream raw = Channels.newInputStream(ch)) {
      long size = ch.size();
      MessageDigest digest = sha256();
      String rel = relative(documentsDir, path);
      tar.put(DOCUMENTS_DIR + rel, size, Files.getLastModifiedTime(path).toMillis(), new DigestInputStream(raw, digest));
      return new JsonObject().put("path", rel).put("sha256", hex(digest)).put("sizeBytes", size);
    }
  }

  private static List<String> missingOriginals(Set<String> referenced, List<JsonObject> documents) {
    Set<String> present = new HashSet<>();
    for (JsonObject d : documents) {
      String path = d.getString("path");
      if (path.startsWith("originals/")) {
        present.add(path.substring(path.lastIndexOf('/') + 1));
      }
    }
    return referenced.stream().filter(sha -> !present.contains(sha)).sorted().toList();
  }

  private static JsonObject manifest(Snapshot s, List<JsonObject> documents, long documentBytes, List<String> missing,
                                     boolean embedded) {
    JsonArray tables = new JsonArray();
    JsonObject rowCounts = new JsonObject();
    for (TableDump t : s.tables()) {
      tables.add(new JsonObject().put("name", t.name()).put("file", t.entry()).put("columns", new JsonArray(t.columns()))
          .put("rows", t.rows()).put("sha256", t.sha256()).put("sizeBytes", t.sizeBytes()));
      rowCounts.put(t.name(), t.rows());
    }
    JsonArray sequences = new JsonArray();
    for (PgCatalog.Sequence q : s.sequences()) {
      sequences.add(new JsonObject().put("name", q.name()).put("table", q.table()).put("column", q.column())
          .put("lastValue", q.lastValue()).put("isCalled", q.isCalled()));
    }
    return new JsonObject()
        .put("format", FORMAT)
        .put("formatVersion", FORMAT_VERSION)
        .put("appVersion", appVersion())
        .put("schemaVersion", s.schemaVersion())
        .put("createdAt", s.createdAt().toString())
        .put("database", new JsonObject().put("embedded", embedded).put("serverVersion", s.serverVersion())
            .put("dataFormat", "COPY csv with header, UTF-8, time zone UTC"))
        .put("excluded", new JsonObject()
            .put(PgCatalog.SESSIONS_TABLE, "sessions: everybody signs in again after a restore")
            .put(PgCatalog.FLYWAY_TABLE, "migration history: the restore migrates to schemaVersion"))
        .put("rowCounts", rowCounts)
        .put("tables", tables)
        .put("sequences", sequences)
        .put("documentFiles", documents.size())
        .put("documentBytes", documentBytes)
        .put("documents", new JsonArray(new ArrayList<>(documents)))
        .put("missingOriginals", new JsonArray(new ArrayList<>(missing)));
  }

  private static Path freeName(Path dir, Instant at) {
    String stamp = NAME_TIME.format(at);
    Path candidate = dir.resolve("paperless-" + stamp + ".tar.gz");
    for (int i = 2; Files.exists(candidate) || Files.exists(candidate.resolveSibling(candidate.getFileName() + ".partial")); i++) {
      candidate = dir.resolve("paperless-" + stamp + "-" + i + ".tar.gz");
    }
    return candidate;
  }

  /** gzip at its fastest level: page images and PDFs hardly shrink, the CSV shrinks well anyway. */
  private static OutputStream fastGzip(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    };
  }

  private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(String permissions) {
    if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new java.nio.file.attribute.FileAttribute<?>[0];
    }
    return new java.nio.file.attribute.FileAttribute<?>[] {
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString(permissions))};
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not every platform can sync a directory
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
