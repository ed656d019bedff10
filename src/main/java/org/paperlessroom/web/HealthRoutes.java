package org.paperlessroom.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.sqlclient.Pool;

import java.nio.file.Path;

/** {@code GET /health} for load balancers: 200 when the database answers and the data directory is writable, else 503. */
public final class HealthRoutes {
  private HealthRoutes() {
  }

  public static void mount(Router router, Vertx vertx, Pool pool, Path dataDir) {
    HealthCheckHandler health = HealthCheckHandler.create(vertx)
        .register("database", 3000, promise -> pool.query("SELECT 1").execute()
            .onSuccess(rows -> promise.complete(Status.OK()))
            .onFailure(e -> promise.complete(Status.KO(new io.vertx.core.json.JsonObject()
                .put("reason", "the database does not answer: " + e.getMessage())))))
        .register("data-directory", 3000, promise -> checkWritable(vertx, dataDir)
            .onSuccess(v -> promise.complete(Status.OK()))
            .onFailure(e -> promise.complete(Status.KO(new io.vertx.core.json.JsonObject()
                .put("reason", "the data directory " + dataDir + " is not writable: " + e.getMessage())))));
    router.get("/health").handler(health);
  }

  private static Future<Void> checkWritable(Vertx vertx, Path dataDir) {
    String probe = dataDir.resolve(".health-" + java.util.UUID.randomUUID()).toString();
    return vertx.fileSystem().writeFile(probe, Buffer.buffer("ok"))
        .compose(v -> vertx.fileSystem().delete(probe));
  }
}
