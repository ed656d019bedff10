package org.paperlessroom.db;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.config.ConfigException;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up, restart and shutdown of the application with its own embedded PostgreSQL. */
class DatabaseLifecycleTest {

  private static Object scalar(Application app, String sql) {
    Row row = app.database().pool().query(sql).execute().await().iterator().next();
    return row.getValue(0);
  }

  @Test
  void migratesAnEmptyDatabaseThenKeepsDataAcrossARestart() {
    Path dataDir = TestApp.tempDir("paperless-restart-");
    Application first = TestApp.start(dataDir, Map.of());
    try {
      long migrations = (Long) scalar(first, "SELECT count(*) FROM flyway_schema_history WHERE success");
      assertTrue(migrations >= 3, "all migrations applied to the empty database");
      assertEquals("on", scalar(first, "SHOW fsync"), "acknowledged writes are durable");
      assertEquals("on", scalar(first, "SHOW synchronous_commit"));
      first.database().pool().query("INSERT INTO installation (key, value) VALUES ('restart-test', 'kept')")
          .execute().await();
      HttpResponse<Buffer> health = new Api(first.port()).get("/health");
      assertEquals(200, health.statusCode(), health::bodyAsString);
      assertEquals(200, new Api(first.port()).get("/").statusCode());
      HttpResponse<Buffer> metrics = new Api(first.port()).get("/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.bodyAsString().contains("vertx_http_server_requests_total"), "Prometheus HTTP metrics");
      assertTrue(metrics.bodyAsString().contains("vertx_pool"), "pool metrics");
      HttpResponse<Buffer> api = new Api(first.port()).get("/api/openapi.yaml");
      assertEquals(200, api.statusCode());
      assertTrue(api.bodyAsString().startsWith("openapi: 3"), "the API description is served");
    } finally {
      first.stop().await();
    }
    assertFalse(Files.exists(dataDir.resolve("postgres/pgdata/postmaster.pid")), "PostgreSQL stopped cleanly");

    Application second = TestApp.start(dataDir, Map.of());
    try {
      assertEquals("kept", scalar(second, "SELECT value FROM installation WHERE key = 'restart-test'"));
      long after = (Long) scalar(second, "SELECT count(*) FROM flyway_schema_history");
      long migrations = (Long) scalar(second, "SELECT count(*) FROM flyway_schema_history WHERE success");
      assertEquals(migrations, after, "the second boot applied no migration again");
      assertEquals(1L, scalar(second, "SELECT count(*) FROM users WHERE username = 'admin'"), "first admin made once");
    } finally {
      second.stop().await();
    }
  }

  @Test
  void aSecondServerOnTheSameDataDirectoryRefusesToStart() {
    Path dataDir = TestApp.tempDir("paperless-twice-");
    Application first = TestApp.start(dataDir, Map.of());
    try {
      ConfigException e = assertThrows(ConfigException.class, () -> TestApp.start(dataDir, Map.of()));
      assertTrue(e.getMessage().contains("already using the data directory"), e.getMessage());
      assertEquals(200, new Api(first.port()).get("/health").statusCode(), "the first server is unharmed");
    } finally {
      first.stop().await();
    }
  }

  @Test
  void healthIs503WithAReasonWhenTheDatabaseStops() throws Exception {
    Path dataDir = TestApp.tempDir("paperless-health-");
    Application app = TestApp.start(dataDir, Map.of());
    try {
      Api api = new Api(app.port());
      assertEquals(200, api.get("/health").statusCode());
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/pgdata/postmaster.pid")).get(0).trim());
      // A fast shutdown of the database server behind the application's back.
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).start();
      assertEquals(0, kill.waitFor());
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
      HttpResponse<Buffer> health = api.get("/health");
      assertEquals(503, health.statusCode(), health::bodyAsString);
      assertTrue(health.bodyAsString().contains("the database does not answer"), health.bodyAsString());
    } finally {
      app.stop().await();
    }
  }

  @Test
  void usesAnExternalDatabaseWhenConfiguredAndStartsNoEmbeddedOne() {
    Path external = TestApp.tempDir("paperless-external-db-");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(external)) {
      String url = "postgresql://postgres:@localhost:" + db.url().port() + "/paperless";
      Path dataDir = TestApp.tempDir("paperless-external-app-");
      Application app = TestApp.start(dataDir, Map.of("PAPERLESS_DB_URL", url));
      try {
        assertFalse(app.database().isEmbedded());
        assertEquals(db.url().port(), app.database().url().port());
        assertFalse(Files.exists(dataDir.resolve("postgres")), "no embedded database was started");
        assertEquals(200, new Api(app.port()).get("/health").statusCode());
        assertEquals(1L, scalar(app, "SELECT count(*) FROM users WHERE username = 'admin'"));
      } finally {
        app.stop().await();
      }
    }
  }

  @Test
  void aMalformedDatabaseUrlIsAClearConfigurationError() {
    ConfigException e = assertThrows(ConfigException.class, () -> DatabaseUrl.parse("mysql://nope"));
    assertTrue(e.getMessage().contains("postgresql://user:password@host:5432/database"));
    DatabaseUrl url = DatabaseUrl.parse("postgresql://bob:p%40ss@db.example:6543/rooms");
    assertEquals("bob", url.user());
    assertEquals("p@ss", url.password());
    assertEquals(6543, url.port());
    assertEquals("rooms", url.database());
    assertFalse(url.toString().contains("p@ss"), "the password never reaches a log line");
  }
}
