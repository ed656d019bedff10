package org.paperlessroom.ops;

import org.paperlessroom.config.AppConfig;
import org.paperlessroom.config.ConfigException;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code java -cp paperless-room.jar org.paperlessroom.ops.RestoreMain [--force] <backup.tar.gz>} (what
 * {@code scripts/restore} runs): the same configuration (environment, {@code PAPERLESS_CONFIG_FILE}) as the
 * server, which must be stopped. Exit code 0 when restored, 1 when refused or failed (one line on standard
 * error saying why), 2 for a wrong command line or configuration.
 */
public final class RestoreMain {
  private static final String USAGE = "usage: scripts/restore [--force] <backup file .tar.gz>\n"
      + "  Restores a backup made by scripts/backup (or the admin page) into the data directory and database\n"
      + "  configured as for the server (PAPERLESS_DATA_DIR, PAPERLESS_DB_URL, ...). Stop the server first.\n"
      + "  --force  replace everything in a database that is not empty (its documents are moved aside).";

  private RestoreMain() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    boolean force = false;
    Path file = null;
    for (String arg : args) {
      if (arg.equals("--force")) {
        force = true;
      } else if (arg.equals("-h") || arg.equals("--help")) {
        out.println(USAGE);
        return 0;
      } else if (arg.startsWith("-") || file != null) {
        err.println("restore: unexpected argument " + arg + "\n" + USAGE);
        return 2;
      } else {
        file = Path.of(arg).toAbsolutePath().normalize();
      }
    }
    if (file == null) {
      err.println(USAGE);
      return 2;
    }
    AppConfig config;
    try {
      config = AppConfig.fromEnvironment();
    } catch (ConfigException e) {
      err.println("Restore refused: " + e.getMessage());
      return 2;
    }
    try {
      Restore.Summary s = Restore.run(config, file, force, out);
      print(s, out);
      return 0;
    } catch (RestoreRefused e) {
      err.println("Restore refused: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("Restore failed: " + e.getMessage());
      return 1;
    }
  }

  static void print(Restore.Summary s, PrintStream out) {
    out.println("Restored " + s.archive() + " (made " + s.createdAt() + " by Paperless Room " + s.appVersion()
        + ", schema version " + s.schemaVersion() + ")");
    out.println("  database " + s.database() + ": " + s.tables().size() + " tables, " + s.rows() + " rows");
    s.tables().forEach((table, rows) -> out.println(String.format("    %-24s %8d", table, rows)));
    out.println("  documents: " + s.documents() + " files, " + Restore.humanBytes(s.documentBytes())
        + ", each checked against its SHA-256, in " + s.documentsDir());
    if (s.replacedDocuments() != null) {
      out.println("  the documents that were there before are in " + s.replacedDocuments()
          + " (delete it once the restored server works)");
    }
    out.println("Start the server as usual (scripts/run): it applies newer migrations by itself. Everybody signs in again.");
  }
}
