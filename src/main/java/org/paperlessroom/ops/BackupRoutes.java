package org.paperlessroom.ops;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.config.AppConfig;
import org.paperlessroom.db.Database;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.paperlessroom.web.Handlers.json;

/**
 * Backups while the server runs:
 * <ul>
 *   <li>{@code POST /api/admin/backups} (administrators, CSRF token like every change) makes one;</li>
 *   <li>{@code GET /api/admin/backups} lists them with the time of the newest;</li>
 *   <li>{@code POST /api/ops/backup} does the same for {@code scripts/backup} (cron): no session, no CSRF
 *   token, but the installation's secret in {@code X-Ops-Token} (see {@link OpsToken}), and only from
 *   this machine.</li>
 * </ul>
 * The work (JDBC, files, gzip) runs on the application's bounded worker pool; one backup at a time.
 */
public final class BackupRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(BackupRoutes.class);
  public static final String TOKEN_HEADER = "X-Ops-Token";

  private final Database database;
  private final Path dataDir;
  private final Path documentsDir;
  private final WorkerExecutor blocking;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile OpsToken token;

  public BackupRoutes(Database database, AppConfig config, WorkerExecutor blocking) {
    this.database = database;
    this.dataDir = config.dataDir();
    this.documentsDir = config.documentsDir();
    this.blocking = blocking;
  }

  public void mount(Router router) {
    blocking.executeBlocking(() -> OpsToken.create(dataDir), false)
        .onSuccess(t -> token = t)
        .onFailure(e -> LOG.warn("Cannot write {}: scripts/backup will not work ({})", dataDir.resolve(OpsToken.FILE),
            e.getMessage()));
    // Tested before every other route (order -1), so before the session and CSRF handlers on /api/*:
    // it needs neither, it has the token. It assigns its own request id (that route comes later too).
    router.post("/api/ops/backup").order(-1).handler(RequestId::assign).handler(json(201, this::opsBackup));
    router.get("/api/admin/backups").handler(json(this::list));
    router.post("/api/admin/backups").handler(json(201, this::adminBackup));
  }

  private Future<JsonObject> adminBackup(RoutingContext ctx) {
    Actor admin = CurrentUser.requireAdmin(ctx);
    return backup(admin, new JsonObject().put("via", "admin"));
  }

  private Future<JsonObject> opsBackup(RoutingContext ctx) {
    String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    if (!fromThisMachine(ctx)) {
      throw new ApiException(403, "ops_local_only", "This address answers only calls made on the server's own machine.");
    }
    OpsToken expected = token;
    if (expected == null) {
      throw new ApiException(503, "ops_token_not_ready", "The server has not written its ops token yet; try again shortly.");
    }
    String given = ctx.request().getHeader(TOKEN_HEADER);
    if (given == null || given.isBlank()) {
      throw new ApiException(401, "ops_token_missing", "Send the content of <data directory>/" + OpsToken.FILE
          + " in the " + TOKEN_HEADER + " header.");
    }
    if (!expected.matches(given)) {
      throw new ApiException(403, "ops_token_invalid", "The " + TOKEN_HEADER + " header does not match this server's "
          + OpsToken.FILE + " (it changes at every start).");
    }
    return backup(null, new JsonObject().put("via", "ops-token").put("address", address));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    CurrentUser.requireAdmin(ctx);
    return blocking.executeBlocking(() -> Backup.list(dataDir), false)
        .map(json -> json.put("inProgress", running.get()));
  }

  private Future<JsonObject> backup(Actor actor, JsonObject detail) {
    if (!running.compareAndSet(false, true)) {
      return Future.failedFuture(ApiException.conflict("backup_running",
          "A backup is being made right now; try again when it is done."));
    }
    return blocking.executeBlocking(() -> Backup.create(database.url(), dataDir, documentsDir, database.isEmbedded()), false)
        .recover(e -> {
          LOG.error("Backup failed", e);
          return Future.failedFuture(new ApiException(500, "backup_failed", "The backup could not be made: "
              + String.valueOf(e.getMessage()).split("\\R")[0]));
        })
        .compose(result -> {
          JsonObject audited = detail.copy().put("file", result.file().getFileName().toString())
              .put("sizeBytes", result.sizeBytes()).put("createdAt", result.createdAt().toString())
              .put("tables", result.toJson().getJsonObject("tables")).put("documents", result.documents());
          return AuditLog.record(database.pool(), actor, "ops.backup", null, audited).map(result.toJson());
        })
        .andThen(ar -> running.set(false));
  }

  /**
   * A call from this machine: over loopback, or to the address it came from (the server bound to one
   * address); never relayed by a reverse proxy (those add a forwarding header).
   */
  private static boolean fromThisMachine(RoutingContext ctx) {
    var headers = ctx.request().headers();
    if (headers.contains("X-Forwarded-For") || headers.contains("Forwarded") || headers.contains("X-Real-IP")) {
      return false;
    }
    SocketAddress remote = ctx.request().remoteAddress();
    SocketAddress local = ctx.request().localAddress();
    if (remote == null || remote.hostAddress() == null) {
      return false;
    }
    try {
      InetAddress from = InetAddress.getByName(remote.hostAddress());
      if (from.isLoopbackAddress()) {
        return true;
      }
      return local != null && local.hostAddress() != null && from.equals(InetAddress.getByName(local.hostAddress()));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
