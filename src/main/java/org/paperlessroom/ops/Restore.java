package org.paperlessroom.ops;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.paperlessroom.config.AppConfig;
import org.paperlessroom.config.ConfigException;
import org.paperlessroom.db.DatabaseUrl;
import org.paperlessroom.db.EmbeddedDatabase;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Puts a backup made by {@link Backup} back, with the server stopped: the database (embedded or external)
 * must be empty — or {@code force} replaces everything in it — and is migrated to the backup's schema
 * version; every table is loaded in one transaction; the documents are written, each checked against its
 * SHA-256 in the manifest. The archive is checked completely before anything is changed. Blocking.
 */
public final class Restore {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final long MAX_MANIFEST_BYTES = 512L * 1024 * 1024;

  private Restore() {
  }

  /** What was restored. */
  public record Summary(Path archive, String createdAt, String appVersion, String schemaVersion,
                        Map<String, Long> tables, long rows, int documents, long documentBytes, String database,
                        Path documentsDir, Path replacedDocuments) {
  }

  /** A table of the manifest. */
  private record TableSpec(String name, String file, List<String> columns, long rows, String sha256, long sizeBytes) {
  }

  /** A document file of the manifest (path relative to documents/). */
  private record DocumentSpec(String path, String sha256, long sizeBytes) {
  }

  /** The manifest, checked against the archive's content. */
  private record Manifest(JsonObject json, String schemaVersion, List<TableSpec> tables, Map<String, DocumentSpec> documents,
                          JsonArray sequences) {
  }

  private record Found(String sha256, long size) {
  }

  public static Summary run(AppConfig config, Path archive, boolean force, PrintStream out) {
    if (!Files.isRegularFile(archive)) {
      throw new RestoreRefused("There is no backup file " + archive + ".");
    }
    EmbeddedDatabase embedded = null;
    try {
      DatabaseUrl url;
      if (config.dbUrl().isPresent()) {
        url = DatabaseUrl.parse(config.dbUrl().get());
      } else {
        // Takes the data directory's lock: refused while a server (or another restore) uses it.
        embedded = EmbeddedDatabase.start(config.embeddedDbDir());
        url = embedded.url();
      }
      out.println("Checking " + archive + " ...");
      Manifest manifest = verify(archive);
      out.println("  the archive is complete: " + manifest.tables().size() + " tables, " + manifest.documents().size()
          + " document files, every SHA-256 matches (made " + manifest.json().getString("createdAt") + " by Paperless Room "
          + manifest.json().getString("appVersion") + ", schema version " + manifest.schemaVersion() + ")");
      try (Connection c = connect(url)) {
        if (embedded == null) {
          refuseIfInUse(c, url);
        }
        return restore(config, url, c, archive, manifest, force, out);
      }
    } catch (ConfigException e) {
      throw new RestoreRefused(e.getMessage(), e);
    } catch (SQLException e) {
      throw new IllegalStateException("The database failed during the restore: " + firstLine(e.getMessage()), e);
    } catch (IOException e) {
      throw new IllegalStateException("Reading or writing files failed during the restore: " + e, e);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static Summary restore(AppConfig config, DatabaseUrl url, Connection c, Path archive, Manifest manifest,
                                 boolean force, PrintStream out) throws SQLException, IOException {
    MigrationVersion wanted = MigrationVersion.fromVersion(manifest.schemaVersion());
    Flyway flyway = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .target(wanted)
        .connectRetries(0)
        .load();
    MigrationVersion known = knownVersion(flyway);
    if (known == null || wanted.compareTo(known) > 0) {
      throw new RestoreRefused("This backup was made by a newer Paperless Room (schema version " + manifest.schemaVersion()
          + "; this one knows up to " + known + "). Restore it with the jar of version "
          + manifest.json().getString("appVersion") + " or newer.");
    }

    // Only into an empty database, unless told to replace everything.
    Optional<String> current = PgCatalog.schemaVersion(c);
    Map<String, Long> data = rowsPresent(c);
    boolean recreate = false;
    if (!data.isEmpty()) {
      if (!force) {
        throw new RestoreRefused("The database " + url + " is not empty (" + describe(data) + "). Restore into a new "
            + "data directory or an empty database, or add --force to replace everything in it.");
      }
      out.println("  --force: replacing everything in " + url + " (" + describe(data) + ")");
      recreate = true;
    } else if (current.isPresent() && MigrationVersion.fromVersion(current.get()).compareTo(wanted) > 0) {
      out.println("  the empty database has a newer schema (" + current.get() + "): it is made again at version " + wanted);
      recreate = true;
    }
    Path documentsDir = config.documentsDir();
    Path replaced = null;
    if (force && hasFiles(documentsDir)) {
      replaced = documentsDir.resolveSibling("documents.replaced-" + STAMP.format(Instant.now()));
    }
    if (recreate) {
      try (Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + PgCatalog.SCHEMA + " CASCADE");
        st.execute("CREATE SCHEMA " + PgCatalog.SCHEMA);
      }
    }

    try {
      flyway.migrate();
    } catch (FlywayException e) {
      throw new RestoreRefused("Migrating the empty database to schema version " + wanted + " failed: "
          + firstLine(e.getMessage()), e);
    }
    String now = PgCatalog.schemaVersion(c).orElse("none");
    if (!MigrationVersion.fromVersion(now).equals(wanted)) {
      throw new RestoreRefused("The database is at schema version " + now + " after migrating, not " + wanted + ".");
    }
    checkColumns(c, manifest);

    Path staging = documentsDir.resolveSibling("documents.restoring");
    Backup.deleteTree(staging);
    Files.createDirectories(staging);
    Map<String, Long> loaded = new LinkedHashMap<>();
    long rows = 0;
    long documentBytes = 0;
    try {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL TIME ZONE 'UTC'");
        st.execute("SET LOCAL DateStyle = 'ISO, YMD'");
        List<String> disabledTriggers = switchOffTriggers(c, manifest);
        List<String> all = new ArrayList<>(PgCatalog.tables(c));
        all.remove(PgCatalog.FLYWAY_TABLE);
        if (!all.isEmpty()) {
          StringBuilder truncate = new StringBuilder("TRUNCATE ");
          for (int i = 0; i < all.size(); i++) {
            truncate.append(i == 0 ? "" : ", ").append(PgCatalog.qualified(all.get(i)));
          }
          st.execute(truncate.toString()); // the rows the migrations made (the installation's creation time)
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Map<String, TableSpec> tablesByFile = new HashMap<>();
        manifest.tables().forEach(t -> tablesByFile.put(t.file(), t));
        Set<String> written = new HashSet<>();
        try (InputStream in = open(archive)) {
          Tar.Reader tar = new Tar.Reader(in);
          for (Tar.Entry e = tar.next(); e != null; e = tar.next()) {
            TableSpec table = tablesByFile.get(e.name());
            if (table != null) {
              MessageDigest digest = Backup.sha256();
              long n = copy.copyIn("COPY " + PgCatalog.qualified(table.name()) + " (" + PgCatalog.columnList(table.columns())
                  + ") FROM STDIN (FORMAT csv, HEADER true, ENCODING 'UTF8')", new DigestInputStream(tar.content(), digest));
              if (n != table.rows() || !Backup.hex(digest).equals(table.sha256())) {
                throw new RestoreRefused("The table " + table.name() + " changed between checking and loading the archive ("
                    + n + " rows, " + table.rows() + " expected). Nothing was restored.");
              }
              loaded.put(table.name(), n);
              rows += n;
            } else if (e.name().startsWith(Backup.DOCUMENTS_DIR)) {
              DocumentSpec doc = manifest.documents().get(e.name().substring(Backup.DOCUMENTS_DIR.length()));
              if (doc != null && written.add(doc.path())) {
                writeDocument(staging, doc, tar.content());
                documentBytes += doc.sizeBytes();
              }
            }
          }
        }
        if (loaded.size() != manifest.tables().size() || written.size() != manifest.documents().size()) {
          throw new RestoreRefused("The archive changed between checking and loading it. Nothing was restored.");
        }
        setSequences(c, manifest.sequences());
        switchOnTriggers(c, disabledTriggers);
      }
      c.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is gone: the transaction is rolled back with it
      }
      Backup.deleteTree(staging);
      if (e instanceof SQLException sql) {
        throw new IllegalStateException("Loading the database failed, nothing was restored: " + firstLine(sql.getMessage()), e);
      }
      throw e;
    }
    c.setAutoCommit(true);
    try (Statement st = c.createStatement()) {
      st.execute("ANALYZE"); // fresh statistics for the planner after loading everything at once
    }

    // The database is in; now the files, each renamed into place (same file system).
    if (replaced != null) {
      Files.move(documentsDir, replaced, StandardCopyOption.ATOMIC_MOVE);
    }
    moveInto(staging, documentsDir);
    Backup.deleteTree(staging);
    return new Summary(archive, manifest.json().getString("createdAt"), manifest.json().getString("appVersion"),
        manifest.schemaVersion(), loaded, rows, manifest.documents().size(), documentBytes, url.toString(), documentsDir,
        replaced);
  }

  /** Pass one: reads the whole archive, hashing every entry, and checks it against the manifest. */
  private static Manifest verify(Path archive) throws IOException {
    Map<String, Found> found = new HashMap<>();
    byte[] manifestBytes = null;
    try (InputStream in = open(archive)) {
      Tar.Reader tar = new Tar.Reader(in);
      for (Tar.Entry e = tar.next(); e != null; e = tar.next()) {
        if (!e.regularFile()) {
          continue;
        }
        if (e.name().equals(Backup.MANIFEST)) {
          if (e.size() > MAX_MANIFEST_BYTES) {
            throw new RestoreRefused("The backup's manifest.json is implausibly large (" + e.size() + " bytes).");
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) e.size());
          tar.content().transferTo(bytes);
          manifestBytes = bytes.toByteArray();
          continue;
        }
        MessageDigest digest = Backup.sha256();
        long size = new DigestInputStream(tar.content(), digest).transferTo(OutputStream.nullOutputStream());
        found.put(e.name(), new Found(Backup.hex(digest), size));
      }
    } catch (IOException e) {
      if (e instanceof ZipException && String.valueOf(e.getMessage()).contains("Not in GZIP format")) {
        throw new RestoreRefused(archive + " is not a Paperless Room backup (not a .tar.gz file).", e);
      }
      if (e instanceof ZipException || e instanceof java.io.EOFException) {
        throw new RestoreRefused("The backup file " + archive + " is damaged or incomplete (" + e.getMessage() + ").", e);
      }
      if (String.valueOf(e.getMessage()).startsWith("the archive")) {
        throw new RestoreRefused("The backup file " + archive + " is damaged: " + e.getMessage() + ".", e);
      }
      throw e;
    }
    if (manifestBytes == null) {
      throw new RestoreRefused(archive + " has no manifest.json: it is not a Paperless Room backup, or it is incomplete.");
    }
    Manifest manifest = parse(archive, manifestBytes);
    for (TableSpec t : manifest.tables()) {
      Found f = found.get(t.file());
      if (f == null) {
        throw new RestoreRefused("The backup is incomplete: " + t.file() + " (table " + t.name() + ") is missing. Nothing was changed.");
      }
      if (!f.sha256().equals(t.sha256()) || f.size() != t.sizeBytes()) {
        throw new RestoreRefused("The backup is damaged: " + t.file() + " does not match the SHA-256 in its manifest. Nothing was changed.");
      }
    }
    for (DocumentSpec d : manifest.documents().values()) {
      Found f = found.get(Backup.DOCUMENTS_DIR + d.path());
      if (f == null) {
        throw new RestoreRefused("The backup is incomplete: " + Backup.DOCUMENTS_DIR + d.path() + " is missing. Nothing was changed.");
      }
      if (!f.sha256().equals(d.sha256()) || f.size() != d.sizeBytes()) {
        throw new RestoreRefused("The backup is damaged: " + Backup.DOCUMENTS_DIR + d.path() + " has SHA-256 " + f.sha256()
            + ", its manifest says " + d.sha256() + ". Nothing was changed.");
      }
    }
    return manifest;
  }

  private static Manifest parse(Path archive, byte[] bytes) {
    JsonObject json;
    try {
      json = new JsonObject(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new RestoreRefused("The manifest.json of " + archive + " is not valid JSON.", e);
    }
    if (!Backup.FORMAT.equals(json.getString("format"))) {
      throw new RestoreRefused(archive + " is not a Paperless Room backup (its manifest says format "
          + json.getValue("format") + ").");
    }
    Integer version = json.getInteger("formatVersion");
    if (version == null || version > Backup.FORMAT_VERSION) {
      throw new RestoreRefused("The backup has format version " + version + "; this Paperless Room reads up to "
          + Backup.FORMAT_VERSION + ". Restore it with a newer version.");
    }
    try {
      String schemaVersion = json.getString("schemaVersion");
      MigrationVersion.fromVersion(schemaVersion);
      List<TableSpec> tables = new ArrayList<>();
      for (Object o : json.getJsonArray("tables")) {
        JsonObject t = (JsonObject) o;
        List<String> columns = new ArrayList<>();
        t.getJsonArray("columns").forEach(col -> columns.add((String) col));
        String file = t.getString("file");
        if (!file.startsWith(Backup.DATABASE_DIR) || columns.isEmpty()) {
          throw new IllegalArgumentException("table entry " + file);
        }
        tables.add(new TableSpec(t.getString("name"), file, columns, t.getLong("rows"), t.getString("sha256"), t.getLong("sizeBytes")));
      }
      Map<String, DocumentSpec> documents = new LinkedHashMap<>();
      for (Object o : json.getJsonArray("documents")) {
        JsonObject d = (JsonObject) o;
        String path = safeRelative(d.getString("path"));
        documents.put(path, new DocumentSpec(path, d.getString("sha256"), d.getLong("sizeBytes")));
      }
      JsonArray sequences = json.getJsonArray("sequences", new JsonArray());
      return new Manifest(json, schemaVersion, tables, documents, sequences);
    } catch (RuntimeException e) {
      throw new RestoreRefused("The manifest.json of " + archive + " is malformed (" + e.getMessage() + ").", e);
    }
  }

  /** A path inside documents/: relative, no "..", no empty or odd parts. */
  private static String safeRelative(String path) {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
      throw new IllegalArgumentException("document path " + path);
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("document path " + path);
      }
    }
    return path;
  }

  private static InputStream open(Path archive) throws IOException {
    return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16);
  }

  private static Connection connect(DatabaseUrl url) {
    try {
      return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    } catch (SQLException e) {
      throw new RestoreRefused("Cannot reach the database " + url + " (PAPERLESS_DB_URL): " + firstLine(e.getMessage()), e);
    }
  }

  /** An external database: refused while anything else (the server's pool) is connected to it. */
  private static void refuseIfInUse(Connection c, DatabaseUrl url) throws SQLException {
    List<String> others = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
        SELECT coalesce(nullif(application_name, ''), 'unnamed client'), coalesce(client_addr::text, 'local socket')
        FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'""")) {
      while (rs.next()) {
        others.add(rs.getString(1) + " from " + rs.getString(2));
      }
    }
    if (!others.isEmpty()) {
      throw new RestoreRefused("Other programs are connected to the database " + url + " (" + String.join(", ", others)
          + "). Stop the Paperless Room server (and anything else using it) first.");
    }
  }

  /** The newest migration this build has. */
  private static MigrationVersion knownVersion(Flyway flyway) {
    MigrationVersion max = null;
    for (MigrationInfo info : flyway.info().all()) {
      if (info.getVersion() != null && info.getState().isResolved() && (max == null || info.getVersion().compareTo(max) > 0)) {
        max = info.getVersion();
      }
    }
    return max;
  }

  /** Tables holding rows that the migrations did not put there. */
  private static Map<String, Long> rowsPresent(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String table : PgCatalog.tables(c)) {
      if (table.equals(PgCatalog.FLYWAY_TABLE) || table.equals(PgCatalog.INSTALLATION_TABLE)
          || table.equals(PgCatalog.SESSIONS_TABLE)) {
        continue;
      }
      long n = PgCatalog.count(c, table);
      if (n > 0) {
        out.put(table, n);
      }
    }
    return out;
  }

  private static String describe(Map<String, Long> rows) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (var e : rows.entrySet()) {
      if (shown++ == 4) {
        out.append(", …");
        break;
      }
      out.append(shown > 1 ? ", " : "").append(e.getKey()).append(": ").append(e.getValue())
          .append(e.getValue() == 1 ? " row" : " rows");
    }
    return out.toString();
  }

  /** The restored schema must have every column the backup has, table by table. */
  private static void checkColumns(Connection c, Manifest manifest) throws SQLException {
    for (TableSpec t : manifest.tables()) {
      List<String> actual = PgCatalog.columns(c, t.name());
      if (actual.isEmpty()) {
        throw new RestoreRefused("The table " + t.name() + " of the backup does not exist at schema version "
            + manifest.schemaVersion() + ".");
      }
      List<String> missing = t.columns().stream().filter(col -> !actual.contains(col)).toList();
      if (!missing.isEmpty()) {
        throw new RestoreRefused("The table " + t.name() + " has no column(s) " + missing + " at schema version "
            + manifest.schemaVersion() + ".");
      }
    }
  }

  /**
   * Foreign keys and our triggers (locked minutes, ballots only in open votes) must not judge rows that
   * were valid when they were written: as replica, PostgreSQL fires neither. Without the right to do that
   * (an external database's non-superuser), the owner disables the tables' own triggers instead; foreign
   * keys then hold because tables load parents first.
   */
  private static List<String> switchOffTriggers(Connection c, Manifest manifest) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL session_replication_role = replica");
      c.releaseSavepoint(sp);
      return List.of();
    } catch (SQLException e) {
      c.rollback(sp);
    }
    List<String> disabled = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      for (TableSpec t : manifest.tables()) {
        st.execute("ALTER TABLE " + PgCatalog.qualified(t.name()) + " DISABLE TRIGGER USER");
        disabled.add(t.name());
      }
    }
    return disabled;
  }

  private static void switchOnTriggers(Connection c, List<String> disabled) throws SQLException {
    try (Statement st = c.createStatement()) {
      if (disabled.isEmpty()) {
        st.execute("SET LOCAL session_replication_role = DEFAULT");
      }
      for (String table : disabled) {
        st.execute("ALTER TABLE " + PgCatalog.qualified(table) + " ENABLE TRIGGER USER");
      }
    }
  }

  /**
   * Every sequence continues after the highest id restored and never below where it stood when the backup
   * was made: an id given out before (say, of a deleted meeting the audit log names) is not given again.
   */
  private static void setSequences(Connection c, JsonArray recorded) throws SQLException {
    Map<String, JsonObject> byName = new HashMap<>();
    for (Object o : recorded) {
      JsonObject s = (JsonObject) o;
      byName.put(s.getString("name"), s);
    }
    for (PgCatalog.Sequence seq : PgCatalog.sequences(c)) {
      long value = 0;
      JsonObject r = byName.get(seq.name());
      if (r != null && Boolean.TRUE.equals(r.getBoolean("isCalled"))) {
        value = r.getLong("lastValue");
      }
      if (seq.table() != null && seq.column() != null) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(" + PgCatalog.quote(seq.column())
            + ")::bigint FROM " + PgCatalog.qualified(seq.table()))) {
          rs.next();
          value = Math.max(value, rs.getLong(1));
        }
      }
      try (Statement st = c.createStatement()) {
        String name = "'" + PgCatalog.qualified(seq.name()).replace("'", "''") + "'";
        st.execute(value >= 1 ? "SELECT setval(" + name + ", " + value + ", true)" : "SELECT setval(" + name + ", 1, false)");
      }
    }
  }

  private static void writeDocument(Path staging, DocumentSpec doc, InputStream content) throws IOException {
    Path target = staging.resolve(doc.path()).normalize();
    if (!target.startsWith(staging)) {
      throw new RestoreRefused("The backup names a document outside documents/: " + doc.path());
    }
    Files.createDirectories(target.getParent());
    MessageDigest digest = Backup.sha256();
    long size;
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target, StandardOpenOption.CREATE_NEW), digest)) {
      size = content.transferTo(out);
    }
    if (size != doc.sizeBytes() || !Backup.hex(digest).equals(doc.sha256())) {
      throw new RestoreRefused("The backup is damaged: documents/" + doc.path() + " does not match its SHA-256. Nothing was restored.");
    }
  }

  private static boolean hasFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.anyMatch(Files::isRegularFile);
    }
  }

  /** Renames every staged file into the documents directory (a file already there is replaced). */
  private static void moveInto(Path staging, Path documentsDir) throws IOException {
    Files.createDirectories(documentsDir);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      Path target = documentsDir.resolve(staging.relativize(file).toString());
      Files.createDirectories(target.getParent());
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  static String firstLine(String message) {
    return message == null ? "unknown error" : message.strip().split("\\R")[0];
  }

  static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KB", "MB", "GB", "TB"};
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
