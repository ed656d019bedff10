package org.paperlessroom.support;

import org.paperlessroom.Application;
import org.paperlessroom.config.AppConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One running application with its embedded PostgreSQL per test JVM, started on first use on a
 * random port and stopped when the JVM exits. Tests make their own data (unique names).
 */
public final class TestApp {
  public static final String ADMIN_PASSWORD = "admin-test-password";
  private static Application app;

  private TestApp() {
  }

  public static synchronized Application get() {
    if (app == null) {
      app = start(tempDir("paperless-test-"), Map.of());
      Application running = app;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> running.stop().await()));
    }
    return app;
  }

  /** Starts another, private application (its own data directory unless one is given). */
  public static Application start(Path dataDir, Map<String, String> extraEnv) {
    return Application.start(config(dataDir, extraEnv)).await();
  }

  public static AppConfig config(Path dataDir, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("PAPERLESS_HTTP_HOST", "127.0.0.1");
    env.put("PAPERLESS_HTTP_PORT", "0");
    env.put("PAPERLESS_DATA_DIR", dataDir.toString());
    env.put("PAPERLESS_ADMIN_PASSWORD", ADMIN_PASSWORD);
    // Every test signs in from 127.0.0.1: the per-address limit is tested in LoginThrottle's own test.
    env.put("PAPERLESS_LOGIN_FAILURES_PER_ADDRESS", "100000");
    env.putAll(extraEnv);
    return AppConfig.from(env);
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String baseUrl() {
    return "http://127.0.0.1:" + get().port();
  }
}
