package org.paperlessroom;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.paperlessroom.cluster.ClusterNode;
import org.paperlessroom.config.AppConfig;
import org.paperlessroom.demo.DemoSeed;
import org.paperlessroom.config.ConfigException;
import org.paperlessroom.db.Database;
import org.paperlessroom.web.HealthRoutes;
import org.paperlessroom.web.HttpServerVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * One running Paperless Room: Vert.x, the database (embedded or external, migrated), the HTTP
 * server with every feature's routes. {@link #start} and {@link #stop} are all Main and the tests need.
 */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final AppConfig config;
  private final Vertx vertx;
  private final WorkerExecutor blocking;
  private final Database database;
  private final Services services;
  private final HttpServerVerticle http;
  private final String deploymentId;

  private Application(AppConfig config, Vertx vertx, WorkerExecutor blocking, Database database,
                      Services services, HttpServerVerticle http, String deploymentId) {
    this.deploymentId = deploymentId;
    this.config = config;
    this.vertx = vertx;
    this.blocking = blocking;
    this.database = database;
    this.services = services;
    this.http = http;
  }

  public static Future<Application> start(AppConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return ClusterNode.start(Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry)),
            new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)), config.cluster())
        .recover(e -> Future.failedFuture(new ConfigException("This node could not join the cluster '"
            + config.cluster().name() + "' on " + config.cluster().host() + ":" + config.cluster().port() + " ("
            + e.getMessage() + "). Check PAPERLESS_CLUSTER_HOST, PAPERLESS_CLUSTER_PORT and PAPERLESS_CLUSTER_MEMBERS.", e)))
        .compose(started -> start(config, registry, started.vertx(), started.node()));
  }

  private static Future<Application> start(AppConfig config, PrometheusMeterRegistry registry, Vertx vertx, ClusterNode node) {
    // JDBC (Flyway), the embedded server, file hashing and PDF work never run on an event loop.
    WorkerExecutor blocking = vertx.createSharedWorkerExecutor("paperless-blocking", 4, 10, TimeUnit.MINUTES);
    // Completed outside any Vert.x context, so a failed start can still be reported after Vert.x closed.
    Promise<Application> result = Promise.promise();
    blocking.executeBlocking(() -> {
          prepareDataDirectory(config);
          return null;
        })
        .compose(v -> Database.open(vertx, blocking, config))
        .compose(database -> Services.create(vertx, blocking, config, database, node)
            .compose(services -> {
              HttpServerVerticle http = new HttpServerVerticle(config.httpHost(), config.httpPort(), router -> {
                HealthRoutes.mount(router, vertx, database.pool(), config.dataDir());
                router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
                services.mount(router);
              });
              return vertx.deployVerticle(http)
                  .recover(e -> Future.failedFuture(describeListenFailure(config, e)))
                  .compose(id -> services.resumeVotes()
                      .recover(e -> {
                        LOG.warn("Could not resume open votes: {}", e.toString());
                        return Future.succeededFuture();
                      }).map(id))
                  .compose(id -> (config.demo()
                      ? DemoSeed.run(vertx, database.pool(), blocking, config, http.actualPort()).recover(e -> Future.succeededFuture())
                      : Future.<Void>succeededFuture())
                      .map(v -> new Application(config, vertx, blocking, database, services, http, id)));
            })
            .recover(e -> database.close(blocking).eventually(() -> Future.succeededFuture())
                .compose(v -> Future.failedFuture(e))))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else {
            vertx.close();
            result.fail(ar.cause());
          }
        });
    return result.future();
  }

  private static void prepareDataDirectory(AppConfig config) {
    try {
      Files.createDirectories(config.dataDir());
      Files.createDirectories(config.documentsDir());
      // Uploads and render scratch space left by a server that was killed are of no use any more.
      // (Clustered, the documents directory is shared: another node's upload may be arriving; only old leftovers go.)
      long sharedOlderThan = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(1);
      for (java.nio.file.Path scratch : java.util.List.of(config.documentsDir().resolve("incoming"), config.dataDir().resolve("tmp"))) {
        boolean shared = config.cluster().enabled() && scratch.startsWith(config.documentsDir());
        if (Files.isDirectory(scratch)) {
          try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(scratch))
                .filter(p -> !shared || p.toFile().lastModified() < sharedOlderThan)
                .forEach(p -> p.toFile().delete());
          }
        }
      }
      if (!Files.isWritable(config.dataDir())) {
        throw new java.io.IOException("no write permission");
      }
    } catch (java.io.IOException e) {
      throw new ConfigException("The data directory " + config.dataDir() + " cannot be written to ("
          + e.getMessage() + "). Set PAPERLESS_DATA_DIR to a writable directory.", e);
    }
  }

  private static Throwable describeListenFailure(AppConfig config, Throwable e) {
    if (e instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
      return new ConfigException("Port " + config.httpPort() + " is already in use. Stop the other program or set "
          + "PAPERLESS_HTTP_PORT to a free port.", e);
    }
    return e;
  }

  public int port() {
    return http.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Database database() {
    return database;
  }

  public Services services() {
    return services;
  }

  public AppConfig config() {
    return config;
  }

  /** Stops accepting, closes sockets and the pool, stops the embedded database cleanly. */
  public Future<Void> stop() {
    LOG.info("Shutting down");
    Promise<Void> stopped = Promise.promise();
    vertx.undeploy(deploymentId)
        .otherwiseEmpty()
        .compose(v -> services.close().otherwiseEmpty())
        .compose(v -> database.close(blocking).otherwiseEmpty())
        .onComplete(ar -> vertx.close().onComplete(closed -> stopped.tryComplete(), stopped::tryFail));
    return stopped.future();
  }
}
