package org.paperlessroom.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.paperlessroom.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL run by the application itself, its data kept under the data directory so that it
 * survives restarts. Blocking: call it from {@code main} or a worker thread, never an event loop.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String DATABASE = "paperless";

  private final DataDirectoryLock lock;
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(DataDirectoryLock lock, EmbeddedPostgres postgres) {
    this.lock = lock;
    this.postgres = postgres;
  }

  /** Starts (initialising on first use) the database stored in {@code directory}. */
  public static EmbeddedDatabase start(Path directory) {
    return start(directory, 0);
  }

  /** The same, listening on {@code port} on localhost (0: any free port), e.g. for a second node on this machine. */
  public static EmbeddedDatabase start(Path directory, int port) {
    DataDirectoryLock lock = DataDirectoryLock.acquire(directory);
    try {
      stopOrphanedServer(directory);
      long t0 = System.nanoTime();
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(directory.resolve("pgdata"))
          .setCleanDataDirectory(false)
          .setOverrideWorkingDirectory(directory.resolve("binaries").toFile())
          .setPGStartupWait(Duration.ofSeconds(60))
          .setPort(port)
          .setRegisterShutdownHook(false)
          // Durable: an acknowledged vote or minutes save survives a crash (the library's test default is off).
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on")
          .setServerConfig("listen_addresses", "localhost")
          .setServerConfig("max_connections", "100")
          .start();
      EmbeddedDatabase db = new EmbeddedDatabase(lock, postgres);
      db.createApplicationDatabase();
      LOG.info("Embedded PostgreSQL ready on port {} in {} ms (data in {})", postgres.getPort(),
          (System.nanoTime() - t0) / 1_000_000, directory);
      return db;
    } catch (IOException | RuntimeException e) {
      lock.close();
      if (e instanceof ConfigException ce) {
        throw ce;
      }
      throw new ConfigException("The embedded PostgreSQL in " + directory + " did not start: " + e.getMessage(), e);
    }
  }

  public DatabaseUrl url() {
    return new DatabaseUrl("localhost", postgres.getPort(), DATABASE, "postgres", "");
  }

  private void createApplicationDatabase() throws IOException {
    try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
      var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
      if (!rs.next()) {
        st.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
      }
    } catch (java.sql.SQLException e) {
      throw new IOException("cannot create the application database: " + e.getMessage(), e);
    }
  }

  /**
   * A postmaster left running by a server that was killed (not stopped) still holds the data
   * directory. We own the directory lock, so no live Paperless Room uses it: stop that postmaster.
   */
  private static void stopOrphanedServer(Path directory) throws IOException {
    Path pidFile = directory.resolve("pgdata").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> process = lines.isEmpty() ? Optional.empty()
        : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
    if (process.isPresent() && process.get().info().command().orElse("").contains("postgres")) {
      LOG.warn("Stopping a PostgreSQL server (pid {}) left running by an earlier run", process.get().pid());
      process.get().destroy();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (process.get().isAlive() && System.nanoTime() < deadline) {
        sleep(100);
      }
      if (process.get().isAlive()) {
        throw new ConfigException("An earlier PostgreSQL server (pid " + process.get().pid()
            + ") still uses " + directory + "; stop it and start again");
      }
    }
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops PostgreSQL cleanly (no postmaster.pid left behind) and releases the directory. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    } finally {
      lock.close();
    }
  }
}
