package org.paperlessroom.support;

import org.paperlessroom.Application;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clustered server nodes on 127.0.0.1 (Hazelcast members on loopback, no multicast) sharing the
 * test database and one documents directory: in this JVM, or as a separate process that can be
 * killed outright.
 */
public final class TestCluster implements AutoCloseable {
  private final String name = "paperless-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path documents = TestApp.tempDir("paperless-shared-documents-");
  private final List<String> members = new ArrayList<>();
  private final List<Application> nodes = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  /** A node in this JVM; it joins the nodes started before it. Returns its index. */
  public Application startNode() {
    Application app = TestApp.start(TestApp.tempDir("paperless-node-"), env(freePort()));
    nodes.add(app);
    return app;
  }

  /** A node as its own process (java …Main), once it answers; stop it with {@link Process#destroyForcibly()}. */
  public NodeProcess startProcess() throws IOException, InterruptedException {
    int httpPort = freePort();
    Map<String, String> env = env(freePort());
    env.put("PAPERLESS_HTTP_PORT", String.valueOf(httpPort));
    env.put("PAPERLESS_HTTP_HOST", "127.0.0.1");
    env.put("PAPERLESS_DATA_DIR", TestApp.tempDir("paperless-node-process-").toString());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "org.paperlessroom.Main");
    pb.environment().keySet().removeIf(k -> k.startsWith("PAPERLESS_"));
    pb.environment().putAll(env);
    Path log = TestApp.tempDir("paperless-node-log-").resolve("node.log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = pb.start();
    processes.add(process);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The node process ended: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return new NodeProcess(process, httpPort, log);
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException("The node process did not start: " + Files.readString(log));
  }

  public record NodeProcess(Process process, int port, Path log) {
  }

  private Map<String, String> env(int clusterPort) {
    members.add("127.0.0.1:" + clusterPort);
    Map<String, String> env = new HashMap<>();
    env.put("PAPERLESS_CLUSTER", "true");
    env.put("PAPERLESS_CLUSTER_NAME", name);
    env.put("PAPERLESS_CLUSTER_HOST", "127.0.0.1");
    env.put("PAPERLESS_CLUSTER_PORT", String.valueOf(clusterPort));
    env.put("PAPERLESS_CLUSTER_MEMBERS", String.join(",", members));
    // Every node uses the test database and one documents directory.
    env.put("PAPERLESS_DB_URL", TestApp.get().database().url().toString());
    env.put("PAPERLESS_DOCUMENTS_DIR", documents.toString());
    env.put("PAPERLESS_ADMIN_PASSWORD", TestApp.ADMIN_PASSWORD);
    env.put("PAPERLESS_LOGIN_FAILURES_PER_ADDRESS", "100000");
    env.put("PAPERLESS_RENDER_WORKERS", "1");
    return env;
  }

  public Application node(int index) {
    return nodes.get(index);
  }

  public Path documents() {
    return documents;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
    for (Application app : nodes) {
      try {
        app.stop().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // stopped as far as it could
      }
    }
  }
}
