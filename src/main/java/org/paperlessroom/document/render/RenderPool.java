package org.paperlessroom.document.render;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small pool of warm render worker processes. Checking an upload jumps the queue (it answers a
 * person waiting for the upload); page renders follow in arrival order. A worker that dies or
 * overruns is replaced for the next job.
 */
public final class RenderPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RenderPool.class);
  private static final int URGENT = 0;
  private static final int NORMAL = 1;

  private final Vertx vertx;
  private final RenderSettings settings;
  private final PriorityBlockingQueue<Job> queue = new PriorityBlockingQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final List<Thread> threads;
  private volatile boolean closed;

  /** The outcome of one request to a worker: the worker's answer, or why the worker failed. */
  public record Outcome(JsonObject answer, String failure, boolean timedOut) {
    public boolean ok() {
      return answer != null && answer.getBoolean("ok", false);
    }
  }

  private record Job(int priority, long seq, String file, JsonObject request, java.time.Duration timeout,
                     CompletableFuture<Outcome> result) implements Comparable<Job> {
    @Override
    public int compareTo(Job o) {
      return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(seq, o.seq);
    }
  }

  public RenderPool(Vertx vertx, RenderSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.threads = java.util.stream.IntStream.range(0, settings.workers())
        .mapToObj(i -> {
          Thread t = new Thread(this::serve, "render-pool-" + i);
          t.setDaemon(true);
          t.start();
          return t;
        }).toList();
  }

  public RenderSettings settings() {
    return settings;
  }

  /** Opens a file to count its pages and find out whether it can be read at all. */
  public Future<Outcome> inspect(Path file) {
    return submit(URGENT, file, new JsonObject().put("op", "open").put("file", file.toString())
        .put("maxPages", settings.maxPages()), settings.openTimeout());
  }

  /** Turns an uploaded JPEG or PNG into a one-page PDF at {@code out} (decoding images is for workers too). */
  public Future<Outcome> imageToPdf(Path image, Path out) {
    return submit(URGENT, image, new JsonObject().put("op", "imageToPdf").put("file", image.toString())
        .put("out", out.toString()), settings.openTimeout());
  }

  /**
   * Builds a meeting pack PDF in a worker from a {@link MeetingPackBuilder} spec (its {@code out} is
   * where the PDF goes). The answer is {@code {"ok":true,"pages":N}}, or an error whose {@code item}
   * and {@code file} (0-based) say which source could not be read.
   */
  public Future<Outcome> pack(JsonObject spec, java.time.Duration timeout) {
    if (spec.getString("out") == null) {
      return Future.failedFuture("the pack spec has no \"out\"");
    }
    return submit(NORMAL, Path.of(spec.getString("out")), spec.copy().put("op", "pack"), timeout);
  }

  /** Renders one page (0-based) to JPEGs at the given widths in {@code outDir}, and extracts its text. */
  public Future<Outcome> render(Path file, int pageIndex, Path outDir, List<Integer> widths) {
    return render(file, pageIndex, outDir, widths, true);
  }

  /** As {@link #render(Path, int, Path, List)}, optionally without extracting text (for measurements). */
  public Future<Outcome> render(Path file, int pageIndex, Path outDir, List<Integer> widths, boolean text) {
    return submit(NORMAL, file, new JsonObject().put("op", "render").put("page", pageIndex)
        .put("outDir", outDir.toString()).put("widths", new JsonArray(widths)).put("text", text)
        .put("maxPixels", settings.maxPixelsPerPage()), settings.pageTimeout());
  }

  private Future<Outcome> submit(int priority, Path file, JsonObject request, java.time.Duration timeout) {
    if (closed) {
      return Future.failedFuture("the render pool is closed");
    }
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    queue.add(new Job(priority, sequence.incrementAndGet(), file.toString(), request, timeout, result));
    if (closed) {
      result.complete(new Outcome(null, "the server is shutting down", false));
    }
    return Future.fromCompletionStage(result, vertx.getOrCreateContext());
  }

  private void serve() {
    RenderWorker worker = null;
    while (!closed) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        break;
      }
      try {
        if (worker != null && !worker.isAlive()) {
          worker.kill(); // removes its private temporary directory
          worker = null;
        }
        if (worker == null) {
          worker = RenderWorker.start(settings);
        }
        if ("render".equals(job.request.getString("op")) && !job.file.equals(worker.openFile())) {
          JsonObject opened = worker.call(new JsonObject().put("op", "open").put("file", job.file)
              .put("maxPages", settings.maxPages()), settings.openTimeout());
          if (!opened.getBoolean("ok", false)) {
            job.result.complete(new Outcome(opened, null, false));
            continue;
          }
        }
        job.result.complete(new Outcome(worker.call(job.request, job.timeout), null, false));
      } catch (RenderWorker.WorkerFailure e) {
        LOG.warn("Render worker failed on {}: {}", job.file, e.getMessage());
        job.result.complete(new Outcome(null, e.getMessage(), e.timedOut));
        worker = null;
      } catch (Exception e) {
        LOG.error("Render worker could not run", e);
        job.result.complete(new Outcome(null, "the renderer could not start: " + e.getMessage(), false));
        if (worker != null) {
          worker.kill();
        }
        worker = null;
      }
    }
    if (worker != null) {
      worker.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
    Job job;
    while ((job = queue.poll()) != null) {
      job.result.complete(new Outcome(null, "the server is shutting down", false));
    }
  }
}
