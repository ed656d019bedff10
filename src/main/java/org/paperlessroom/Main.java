package org.paperlessroom;

import org.paperlessroom.config.AppConfig;
import org.paperlessroom.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** {@code java -jar paperless-room.jar}: configuration from the environment, start, stop on SIGTERM or Ctrl-C. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    Application app;
    try {
      AppConfig config = AppConfig.fromEnvironment();
      app = Application.start(config).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      if (cause instanceof ConfigException) {
        System.err.println("Paperless Room cannot start: " + cause.getMessage());
      } else {
        LOG.error("Start-up failed", cause);
        System.err.println("Paperless Room cannot start: " + cause);
      }
      System.exit(2);
      return;
    }
    Application running = app;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("Shutdown did not finish cleanly: " + e);
      }
    }, "paperless-shutdown"));
    System.out.println("Paperless Room is running at " + running.config().publicUrl()
        + " (listening on port " + running.port() + "). Press Ctrl-C to stop.");
  }
}
