package org.paperlessroom.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.paperlessroom.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with the numbered migrations under {@code db/migration}. Blocking
 * (JDBC): run it on a worker thread. Each migration runs in its own transaction, so one that fails
 * leaves the database as it was before it.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  public static int migrate(DatabaseUrl url) {
    return migrate(url, "classpath:db/migration");
  }

  /** With other locations too (tests add a broken migration to see that it changes nothing). */
  static int migrate(DatabaseUrl url, String... locations) {
    Flyway flyway = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations(locations)
        .connectRetries(0)
        .load();
    try {
      MigrateResult result = flyway.migrate();
      LOG.info("Database schema is at version {} ({} migration(s) applied now)",
          result.targetSchemaVersion == null ? flyway.info().current().getVersion() : result.targetSchemaVersion,
          result.migrationsExecuted);
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      String reason = firstLine(e.getMessage());
      throw new ConfigException("Database migration failed, the database was left as it was: " + reason, e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    String trimmed = message.strip();
    // Flyway's messages are multi-line reports; the operator needs the line naming the problem.
    for (String line : trimmed.split("\\R")) {
      if (line.contains("ERROR:") || line.contains("Message")) {
        return line.strip();
      }
    }
    return trimmed.split("\\R")[0];
  }
}
