package org.paperlessroom.document;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.cluster.ClusterNode;
import org.paperlessroom.document.render.RenderPool;
import org.paperlessroom.text.Diacritics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders each stored file page by page, page 1 first, recording progress so that rendering
 * interrupted by a restart resumes where it stopped. A page that fails gets a placeholder; a file
 * whose renderer crashes or overruns twice, or that exceeds the per-document time, stops with an error.
 */
public final class RenderQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RenderQueue.class);
  private static final List<Integer> WIDTHS = Arrays.stream(DocumentStore.WIDTHS).boxed().toList();
  private static final int MAX_WORKER_FAILURES = 2;

  private final Pool pool;
  private final RenderPool renderers;
  private final DocumentStore store;
  private final WorkerExecutor blocking;
  private final Map<String, Future<Void>> running = new ConcurrentHashMap<>();
  private volatile java.util.function.BiConsumer<String, JsonObject> progressListener = (hash, p) -> { };

  private final ClusterNode node;
  private final java.util.concurrent.atomic.AtomicLong pagesRendered = new java.util.concurrent.atomic.AtomicLong();

  /** Pages this node has rendered since it started (a file is rendered by one node only). */
  public long pagesRendered() {
    return pagesRendered.get();
  }

  public RenderQueue(Pool pool, RenderPool renderers, DocumentStore store, WorkerExecutor blocking, ClusterNode node) {
    this.pool = pool;
    this.renderers = renderers;
    this.store = store;
    this.blocking = blocking;
    this.node = node;
  }

  /** Clustered: every 30 seconds, files whose rendering node died are picked up (their lease ran out). */
  public void adoptOrphans(io.vertx.core.Vertx vertx) {
    if (node.clustered()) {
      vertx.setPeriodic(30_000, t -> resumeUnfinished()
          .onFailure(e -> LOG.warn("Could not look for files left unrendered: {}", e.toString())));
    }
  }

  /** Who hears of each rendered page (the live feature pushes it to the uploader). */
  public void onProgress(java.util.function.BiConsumer<String, JsonObject> listener) {
    this.progressListener = listener;
  }

  /** Resumes every file whose rendering a restart interrupted. */
  public Future<Void> resumeUnfinished() {
    return DocumentRepository.unfinished(pool).map(list -> {
      list.forEach(f -> start(f.sha256(), f.kind(), f.pageCount(), f.pagesDone()));
      return null;
    });
  }

  /**
   * Starts rendering (once per file, however many uploads ask, on whichever node: a node that finds
   * another one rendering the file leaves it to that node).
   */
  Future<Void> start(String sha256, FileKind kind, int pageCount, int pagesDone) {
    return running.computeIfAbsent(sha256, h -> {
      Promise<Void> done = Promise.promise();
      long deadline = System.nanoTime() + renderers.settings().documentTimeout().toNanos();
      DocumentRepository.claimRendering(pool, sha256, node.id(), node.clustered()).onComplete(claim -> {
        if (claim.failed() || claim.result() == null) {
          if (claim.failed()) {
            LOG.warn("Could not claim the rendering of {}: {}", sha256, claim.cause().toString());
          }
          done.complete();
          return;
        }
        int from = Math.max(pagesDone, claim.result());
        if (from > 0) {
          LOG.info("Resuming rendering of {} at page {} of {}", sha256, from + 1, pageCount);
        }
        renderFrom(sha256, store.renderable(sha256, kind), pageCount, from + 1, 0, deadline, done);
      });
      return done.future().onComplete(ar -> running.remove(sha256));
    });
  }

  private void renderFrom(String sha256, Path pdf, int pageCount, int page, int failures, long deadline,
                          Promise<Void> done) {
    if (page > pageCount) {
      DocumentRepository.finish(pool, sha256, true, null).onComplete(ar -> done.complete());
      publish(sha256, pageCount, pageCount, "ready", null);
      return;
    }
    if (System.nanoTime() > deadline) {
      fail(sha256, pageCount, page - 1, "Rendering took longer than the "
          + renderers.settings().documentTimeout().toMinutes() + " minutes allowed for one document.", done);
      return;
    }
    renderers.render(pdf, page - 1, store.pagesDir(sha256), WIDTHS)
        .compose(outcome -> {
          pagesRendered.incrementAndGet();
          if (outcome.ok()) {
            JsonObject a = outcome.answer();
            String text = org.paperlessroom.web.RequestBody.nfc(a.getString("text", "")).replace('\u0000', ' ');
            return DocumentRepository.savePage(pool, sha256, page, true, null, a.getInteger("width"),
                a.getInteger("height"), text, Diacritics.fold(text)).map(failures);
          }
          String reason = outcome.answer() != null ? outcome.answer().getString("message", "unknown error")
              : outcome.failure();
          int failuresNow = outcome.answer() == null ? failures + 1 : failures;
          return blocking.executeBlocking(() -> {
                Placeholder.write(store.pagesDir(sha256), page, reason);
                return null;
              }, false)
              .compose(v -> DocumentRepository.savePage(pool, sha256, page, false, reason, null, null, "", ""))
              .map(failuresNow);
        })
        .compose(failuresNow -> DocumentRepository.progress(pool, sha256, page, node.id())
            .map(stillMine -> stillMine ? failuresNow : null))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.error("Rendering {} page {} could not be recorded", sha256, page, ar.cause());
            done.complete();
            return;
          }
          if (ar.result() == null) {
            LOG.info("Rendering of {} was taken over by another node at page {}", sha256, page);
            done.complete();
            return;
          }
          int failuresNow = ar.result();
          publish(sha256, pageCount, page, "pending", null);
          if (failuresNow >= MAX_WORKER_FAILURES) {
            fail(sha256, pageCount, page, "The renderer crashed or took too long on this document more than once; "
                + "it may be damaged or hostile.", done);
          } else {
            renderFrom(sha256, pdf, pageCount, page + 1, failuresNow, deadline, done);
          }
        });
  }

  private void fail(String sha256, int pageCount, int pagesDone, String message, Promise<Void> done) {
    LOG.warn("Rendering of {} stopped: {}", sha256, message);
    DocumentRepository.finish(pool, sha256, false, message).onComplete(ar -> done.complete());
    publish(sha256, pageCount, pagesDone, "failed", message);
  }

  private void publish(String sha256, int pageCount, int pagesDone, String status, String error) {
    progressListener.accept(sha256, new JsonObject().put("hash", sha256).put("pageCount", pageCount)
        .put("pagesDone", pagesDone).put("status", status).put("error", error));
  }
}
