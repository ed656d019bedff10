package org.paperlessroom.document.render;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One render worker process, driven over its stdin/stdout; killed when it overruns a deadline. */
final class RenderWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RenderWorker.class);
  private static final String EOF = "\u0000eof";

  private final Process process;
  private final BufferedWriter requests;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Path tmpDir;
  private String openFile;
  private long nextId = 1;

  static final class WorkerFailure extends Exception {
    final boolean timedOut;

    WorkerFailure(String message, boolean timedOut) {
      super(message);
      this.timedOut = timedOut;
    }
  }

  private RenderWorker(Process process, Path tmpDir) {
    this.process = process;
    this.tmpDir = tmpDir;
    this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)), true), "render-worker-out-" + process.pid());
    Thread errors = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8)), false), "render-worker-err-" + process.pid());
    reader.setDaemon(true);
    errors.setDaemon(true);
    reader.start();
    errors.start();
  }

  static RenderWorker start(RenderSettings settings) throws IOException {
    Files.createDirectories(settings.tmpRoot());
    Path tmp = Files.createTempDirectory(settings.tmpRoot(), "worker-");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + settings.workerHeapMb() + "m", "-Xss4m",
        "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=4", "-XX:+UseSerialGC",
        "-Djava.awt.headless=true", "-Djava.io.tmpdir=" + tmp,
        "-Dorg.apache.pdfbox.rendering.UsePureJavaCMYKConversion=true",
        "-cp", System.getProperty("java.class.path"),
        RenderWorkerMain.class.getName()));
    Process process = new ProcessBuilder(command).start();
    LOG.debug("Started render worker pid {}", process.pid());
    return new RenderWorker(process, tmp);
  }

  private void pump(BufferedReader in, boolean protocol) {
    try {
      String line;
      while ((line = in.readLine()) != null) {
        if (protocol) {
          answers.add(line);
        } else if (!line.isBlank()) {
          LOG.debug("worker {}: {}", process.pid(), line);
        }
      }
    } catch (IOException ignored) {
      // the process ended
    } finally {
      if (protocol) {
        answers.add(EOF);
      }
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String openFile() {
    return openFile;
  }

  /** Sends one request and waits for its answer; a worker that overruns or dies is killed. */
  JsonObject call(JsonObject request, Duration timeout) throws WorkerFailure {
    long id = nextId++;
    try {
      requests.write(request.copy().put("id", id).encode());
      requests.newLine();
      requests.flush();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        String line = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          kill();
          throw new WorkerFailure("took longer than " + timeout.toSeconds() + " s", true);
        }
        if (line.equals(EOF)) {
          kill();
          throw new WorkerFailure("the renderer stopped (it ran out of memory or crashed)", false);
        }
        JsonObject answer = new JsonObject(line);
        if (Long.valueOf(id).equals(answer.getLong("id"))) {
          if ("open".equals(request.getString("op"))) {
            openFile = answer.getBoolean("ok", false) ? request.getString("file") : null;
          }
          return answer;
        }
      }
    } catch (IOException e) {
      kill();
      throw new WorkerFailure("the renderer stopped (" + e.getMessage() + ")", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new WorkerFailure("interrupted", false);
    }
  }

  void kill() {
    openFile = null;
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTmp();
  }

  private void deleteTmp() {
    try (var files = Files.walk(tmpDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  @Override
  public void close() {
    kill();
  }
}
