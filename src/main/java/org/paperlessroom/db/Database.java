package org.paperlessroom.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.paperlessroom.config.AppConfig;
import org.paperlessroom.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The application's database: the embedded PostgreSQL (unless {@code PAPERLESS_DB_URL} names an
 * external one), its schema migrated, and the reactive pool every query goes through.
 */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final Pool pool;
  private final DatabaseUrl url;
  private final Optional<EmbeddedDatabase> embedded;

  private Database(Pool pool, DatabaseUrl url, Optional<EmbeddedDatabase> embedded) {
    this.pool = pool;
    this.url = url;
    this.embedded = embedded;
  }

  /** Starts or reaches the database and migrates it; the blocking parts run on {@code blocking}. */
  public static Future<Database> open(Vertx vertx, WorkerExecutor blocking, AppConfig config) {
    return blocking.executeBlocking(() -> {
      Optional<EmbeddedDatabase> embedded = Optional.empty();
      DatabaseUrl url;
      if (config.dbUrl().isPresent()) {
        url = DatabaseUrl.parse(config.dbUrl().get());
        checkReachable(url);
        LOG.info("Using the external database {}", url);
      } else {
        embedded = Optional.of(EmbeddedDatabase.start(config.embeddedDbDir(), config.embeddedDbPort()));
        url = embedded.get().url();
      }
      try {
        Migrations.migrate(url);
      } catch (RuntimeException e) {
        embedded.ifPresent(EmbeddedDatabase::close);
        throw e;
      }
      return new Opened(url, embedded);
    }).map(opened -> {
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(16).setName("paperless-db").setShared(false))
          .connectingTo(opened.url.connectOptions())
          .using(vertx)
          .build();
      return new Database(pool, opened.url, opened.embedded);
    });
  }

  private record Opened(DatabaseUrl url, Optional<EmbeddedDatabase> embedded) {
  }

  private static void checkReachable(DatabaseUrl url) {
    try (var c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      c.isValid(5);
    } catch (java.sql.SQLException e) {
      throw new ConfigException("Cannot reach the database " + url + " (PAPERLESS_DB_URL): "
          + e.getMessage().split("\\R")[0], e);
    }
  }

  public Pool pool() {
    return pool;
  }

  public DatabaseUrl url() {
    return url;
  }

  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  /** Closes the pool, then stops the embedded server if there is one (blocking part on {@code blocking}). */
  public Future<Void> close(WorkerExecutor blocking) {
    return pool.close()
        .otherwiseEmpty()
        .compose(v -> embedded.isEmpty() ? Future.<Void>succeededFuture()
            : blocking.executeBlocking(() -> {
              embedded.get().close();
              return null;
            }));
  }
}
