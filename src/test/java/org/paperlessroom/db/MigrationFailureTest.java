package org.paperlessroom.db;

import org.junit.jupiter.api.Test;
import org.paperlessroom.config.ConfigException;
import org.paperlessroom.support.TestApp;

import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationFailureTest {
  @Test
  void aFailingMigrationStopsWithAClearMessageAndLeavesTheDatabaseAsItWas() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(TestApp.tempDir("paperless-migration-"))) {
      DatabaseUrl url = db.url();
      int applied = Migrations.migrate(url);
      assertTrue(applied >= 4);
      ConfigException e = assertThrows(ConfigException.class,
          () -> Migrations.migrate(url, "classpath:db/migration", "classpath:db/broken"));
      assertTrue(e.getMessage().startsWith("Database migration failed, the database was left as it was"), e.getMessage());
      assertTrue(e.getMessage().contains("no_such_function_at_all"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line");
      try (var c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()); var st = c.createStatement()) {
        var rs = st.executeQuery("SELECT to_regclass('public.half_done') IS NULL");
        rs.next();
        assertTrue(rs.getBoolean(1), "the half-done table was rolled back");
        rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version = '900' AND success");
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
      assertEquals(0, Migrations.migrate(url), "the good schema is intact: nothing left to apply");
    }
  }
}
