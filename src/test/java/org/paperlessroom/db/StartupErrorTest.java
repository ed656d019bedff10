package org.paperlessroom.db;

import org.junit.jupiter.api.Test;
import org.paperlessroom.support.TestApp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server as a process: a configuration it cannot work with is one clear line and a non-zero exit. */
class StartupErrorTest {

  record Outcome(int exitCode, String stderr) {
  }

  private static Outcome runMain(Map<String, String> env) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "org.paperlessroom.Main");
    pb.environment().keySet().removeIf(k -> k.startsWith("PAPERLESS_"));
    pb.environment().put("PAPERLESS_DATA_DIR", TestApp.tempDir("paperless-startup-").toString());
    pb.environment().putAll(env);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = pb.start();
    // Read while waiting, so that a server that never ends fails the test after the limit instead of hanging it.
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(stderr unreadable: " + e + ")";
      }
    });
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    String said = stderr.join();
    assertTrue(ended, () -> "the process ends by itself; it said: " + said);
    return new Outcome(process.exitValue(), said);
  }

  @Test
  void anOldJavaIsOneLineAndExitCodeTwo() throws Exception {
    // scripts/run with a 'java' that says it is Java 11 first on the PATH.
    Path bin = TestApp.tempDir("paperless-old-java-");
    Path fake = bin.resolve("java");
    java.nio.file.Files.writeString(fake, "#!/bin/sh\necho '    java.specification.version = 11' >&2\necho 'openjdk version \"11.0.2\"' >&2\n");
    fake.toFile().setExecutable(true);
    ProcessBuilder pb = new ProcessBuilder("bash", "scripts/run");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = pb.start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue(), stderr);
    assertTrue(stderr.startsWith("Paperless Room needs Java 17 or newer, but 'java' here is Java 11"), stderr);
    assertEquals(1, stderr.lines().count(), stderr);
  }

  @Test
  void anUnreachableDatabaseIsOneLineAndExitCodeTwo() throws Exception {
    Outcome out = runMain(Map.of("PAPERLESS_DB_URL", "postgresql://nobody:secret@127.0.0.1:1/nothing"));
    assertEquals(2, out.exitCode());
    String line = out.stderr().strip();
    assertTrue(line.startsWith("Paperless Room cannot start: Cannot reach the database"), line);
    assertEquals(1, line.lines().count(), "one line, no stack trace: " + line);
    assertTrue(!line.contains("secret"), "the password is not printed");
  }

  @Test
  void aPortInUseIsOneLineAndExitCodeTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      var db = TestApp.get().database().url();
      Outcome out = runMain(Map.of(
          "PAPERLESS_HTTP_HOST", "127.0.0.1",
          "PAPERLESS_HTTP_PORT", Integer.toString(taken.getLocalPort()),
          "PAPERLESS_DB_URL", "postgresql://postgres@localhost:" + db.port() + "/" + db.database()));
      assertNotEquals(0, out.exitCode());
      String line = out.stderr().strip();
      assertTrue(line.startsWith("Paperless Room cannot start: Port " + taken.getLocalPort() + " is already in use"), line);
      assertEquals(1, line.lines().count(), line);
    }
  }

  @Test
  void aClusterPortInUseIsOneLineAndExitCodeTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Outcome out = runMain(Map.of("PAPERLESS_CLUSTER", "true", "PAPERLESS_CLUSTER_HOST", "127.0.0.1",
          "PAPERLESS_CLUSTER_PORT", Integer.toString(taken.getLocalPort())));
      assertEquals(2, out.exitCode());
      String line = out.stderr().strip();
      assertTrue(line.startsWith("Paperless Room cannot start: This node could not join the cluster"), line);
      assertTrue(line.contains("PAPERLESS_CLUSTER_PORT"), line);
      assertEquals(1, line.lines().count(), "one line, no stack trace: " + line);
    }
  }

  @Test
  void aBadSettingIsNamed() throws Exception {
    Outcome out = runMain(Map.of("PAPERLESS_HTTP_PORT", "eighty"));
    assertEquals(2, out.exitCode());
    assertTrue(out.stderr().contains("PAPERLESS_HTTP_PORT must be a whole number"), out.stderr());
  }
}
