package org.paperlessroom.admin;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.document.DocumentStore;
import org.paperlessroom.live.LiveHub;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.paperlessroom.web.Handlers.json;

/**
 * For administrators: how the installation is doing (version, meetings, people, disk used by
 * documents, connected clients, the last backup) and clearing away stored files that no document
 * uses any more (after a confirmation; audited).
 */
public final class AdminRoutes {
  private static final String COUNTS = """
      SELECT (SELECT count(*) FROM meetings) AS meetings,
             (SELECT count(*) FROM meetings WHERE status = 'in_progress') AS in_progress,
             (SELECT count(*) FROM users WHERE NOT is_guest) AS users,
             (SELECT count(*) FROM documents) AS documents,
             (SELECT count(*) FROM files) AS files""";
  /** Files no document refers to, at least an hour old (an upload of the same content may be on its way). */
  private static final String UNUSED = """
      SELECT f.sha256, f.size_bytes, f.kind FROM files f
      WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.file_sha256 = f.sha256)
        AND f.created_at < now() - interval '1 hour' ORDER BY f.created_at""";
  private static final String DELETE_UNUSED = """
      DELETE FROM files f WHERE f.sha256 = ANY ($1)
        AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.file_sha256 = f.sha256) RETURNING f.sha256, f.size_bytes, f.kind""";

  private final Pool pool;
  private final WorkerExecutor blocking;
  private final DocumentStore store;
  private final Path dataDir;
  private final LiveHub hub;

  public AdminRoutes(Pool pool, WorkerExecutor blocking, DocumentStore store, Path dataDir, LiveHub hub) {
    this.pool = pool;
    this.blocking = blocking;
    this.store = store;
    this.dataDir = dataDir;
    this.hub = hub;
  }

  public void mount(Router router) {
    router.get("/api/admin/status").handler(json(this::status));
    router.post("/api/admin/unused-files/delete").handler(json(this::deleteUnused));
  }

  private static Actor admin(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    if (!actor.admin()) {
      throw ApiException.forbidden("Only administrators may see or change the installation.");
    }
    return actor;
  }

  private Future<JsonObject> status(RoutingContext ctx) {
    admin(ctx);
    return pool.query(COUNTS).execute().compose(rows -> {
      Row r = rows.iterator().next();
      return unused().compose(unused -> hub.socketCount().compose(sockets -> blocking.executeBlocking(() -> {
        long used = bytesUnder(store.root());
        long unusedBytes = unused.stream().mapToLong(u -> u.getLong("sizeBytes")).sum();
        return new JsonObject()
            .put("version", version())
            .put("meetings", r.getLong("meetings")).put("meetingsInProgress", r.getLong("in_progress"))
            .put("users", r.getLong("users")).put("documents", r.getLong("documents")).put("files", r.getLong("files"))
            .put("documentsBytes", used).put("connectedClients", sockets).put("nodes", hub.node().otherNodes().size() + 1)
            .put("unusedFiles", unused.size()).put("unusedBytes", unusedBytes)
            .put("lastBackup", lastBackup());
      }, false)));
    });
  }

  /** {confirm: true}: removes the files no document uses (rows and stored files: originals, PDFs, page images). */
  private Future<JsonObject> deleteUnused(RoutingContext ctx) {
    Actor actor = admin(ctx);
    boolean confirmed = RequestBody.of(ctx).optionalBoolean("confirm").orElse(false);
    if (!confirmed) {
      throw ApiException.invalidField("confirm", "Confirm the clean-up with {\"confirm\": true}: the files cannot be brought back.");
    }
    return unused().compose(unused -> {
      String[] shas = unused.stream().map(u -> u.getString("sha256")).toArray(String[]::new);
      return pool.withTransaction(sql -> sql.preparedQuery(DELETE_UNUSED)
          .execute(io.vertx.sqlclient.Tuple.tuple().addArrayOfString(shas)).compose(rows -> {
            List<JsonObject> removed = new ArrayList<>();
            rows.forEach(row -> removed.add(new JsonObject().put("sha256", row.getString("sha256"))
                .put("sizeBytes", row.getLong("size_bytes")).put("kind", row.getString("kind"))));
            long bytes = removed.stream().mapToLong(x -> x.getLong("sizeBytes")).sum();
            return AuditLog.record(sql, actor, "admin.cleanup", null, new JsonObject().put("files", removed.size())
                .put("bytes", bytes).put("sha256", new JsonArray(removed.stream().map(x -> x.getString("sha256")).toList())))
                .map(removed);
          }));
    }).compose(removed -> pool.preparedQuery("SELECT sha256 FROM files WHERE sha256 = ANY ($1)")
        .execute(io.vertx.sqlclient.Tuple.tuple().addArrayOfString(removed.stream().map(f -> f.getString("sha256")).toArray(String[]::new)))
        .map(rows -> {
          // The same content uploaded again meanwhile: its stored files are in use again and stay.
          java.util.Set<String> back = new java.util.HashSet<>();
          rows.forEach(r -> back.add(r.getString(0)));
          return removed.stream().filter(f -> !back.contains(f.getString("sha256"))).toList();
        }))
        .compose(removed -> blocking.executeBlocking(() -> {
          long freed = 0;
          for (JsonObject f : removed) {
            freed += store.remove(f.getString("sha256"));
          }
          return new JsonObject().put("removedFiles", removed.size()).put("freedBytes", freed);
        }, false));
  }

  private Future<List<JsonObject>> unused() {
    return pool.query(UNUSED).execute().map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      rows.forEach(r -> out.add(new JsonObject().put("sha256", r.getString("sha256")).put("sizeBytes", r.getLong("size_bytes"))
          .put("kind", r.getString("kind"))));
      return out;
    });
  }

  private static String version() {
    String v = AdminRoutes.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  /** When the newest finished backup in the data directory's backups folder was made, or null. */
  private String lastBackup() {
    Path dir = dataDir.resolve("backups");
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches("paperless-.*\\.tar\\.gz")).map(p -> {
        try {
          return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
          return Instant.EPOCH;
        }
      }).max(Instant::compareTo).map(Instant::toString).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long bytesUnder(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
