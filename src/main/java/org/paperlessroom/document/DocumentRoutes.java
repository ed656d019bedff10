package org.paperlessroom.document;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.document.render.RenderPool;
import org.paperlessroom.text.Diacritics;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.paperlessroom.web.Handlers.json;

/**
 * Documents of a meeting: upload (one file per request, streamed to disk), list, pages, search,
 * the original, and the page images at stable, cacheable URLs.
 */
public final class DocumentRoutes {
  private final Pool pool;
  private final AccessPolicy policy;
  private final DocumentStore store;
  private final RenderPool renderers;
  private final RenderQueue queue;
  private final OfficeConverter office;
  private final WorkerExecutor blocking;
  /** LibreOffice runs up to minutes: on its own thread, never holding up sign-ins or hashing. */
  private final WorkerExecutor officeWork;
  private final long maxUploadBytes;
  private final ShownPages shownPages;
  /** Watermarking decodes and encodes images: its own small pool, so sign-ins and uploads never wait for it. */
  private final WorkerExecutor watermarking;

  public DocumentRoutes(Pool pool, AccessPolicy policy, DocumentStore store, RenderPool renderers, RenderQueue queue,
                        OfficeConverter office, WorkerExecutor blocking, long maxUploadBytes, ShownPages shownPages,
                        WorkerExecutor watermarking) {
    this.pool = pool;
    this.policy = policy;
    this.store = store;
    this.renderers = renderers;
    this.queue = queue;
    this.office = office;
    this.blocking = blocking;
    this.officeWork = office.executor();
    this.maxUploadBytes = maxUploadBytes;
    this.shownPages = shownPages;
    this.watermarking = watermarking;
  }

  public void mount(Router router) {
    router.post("/api/meetings/:meetingId/documents")
        .handler(this::mayUpload)
        .handler(json(201, this::upload));
    router.get("/api/meetings/:meetingId/documents").handler(json(this::list));
    router.get("/api/meetings/:meetingId/search").handler(json(this::search));
    router.get("/api/documents/:documentId").handler(json(this::detail));
    router.patch("/api/documents/:documentId").handler(json(this::update));
    router.get("/api/documents/:documentId/original").handler(this::original);
    router.get("/api/pages/:hash/:page/:file").handler(this::pageImage);
  }

  /**
   * The first handler of every multipart request: refuses at once what is too large or comes without
   * a session, otherwise streams the file to disk (never whole in memory). Who sent it and whether they
   * may upload is checked next, before anything is kept; the temporary file is removed at the end.
   */
  public Handler<RoutingContext> uploadBody(String sessionCookie) {
    BodyHandler body = BodyHandler.create(store.incoming().toString()).setBodyLimit(maxUploadBytes + 64 * 1024)
        .setDeleteUploadedFilesOnEnd(true).setHandleFileUploads(true);
    return ctx -> {
      String length = ctx.request().getHeader("Content-Length");
      try {
        if (length != null && Long.parseLong(length) > maxUploadBytes + 64 * 1024) {
          ctx.fail(tooLarge());
          return;
        }
      } catch (NumberFormatException e) {
        ctx.fail(ApiException.badRequest("bad_request", "The Content-Length header is not a number."));
        return;
      }
      if (ctx.request().getCookie(sessionCookie) == null) {
        ctx.fail(ApiException.unauthorized());
        return;
      }
      body.handle(ctx);
    };
  }

  private void mayUpload(RoutingContext ctx) {
    try {
      Actor actor = CurrentUser.require(ctx);
      long meetingId = RequestBody.pathId(ctx, "meetingId");
      policy.check(actor, meetingId, Action.UPLOAD_DOCUMENT).onSuccess(r -> ctx.next()).onFailure(ctx::fail);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  public ApiException tooLarge() {
    return new ApiException(413, "file_too_large", "The file is larger than " + (maxUploadBytes / (1024 * 1024))
        + " MB, the largest upload this server accepts.");
  }

  private Future<JsonObject> upload(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    List<FileUpload> uploads = ctx.fileUploads();
    if (uploads.size() != 1) {
      throw ApiException.badRequest("one_file", "Send exactly one file per upload (form field \"file\").");
    }
    FileUpload upload = uploads.get(0);
    if (upload.size() > maxUploadBytes) {
      throw tooLarge();
    }
    String name = UploadCheck.safeName(upload.fileName());
    boolean classified = "true".equals(ctx.request().getFormAttribute("classified"));
    Path uploaded = Path.of(upload.uploadedFileName());
    return blocking.executeBlocking(() -> {
          FileKind kind = UploadCheck.classify(FileKind.sniff(uploaded), name, office.available());
          long size = Files.size(uploaded);
          return new Stored(store.adopt(uploaded), kind, size);
        }, false)
        .compose(stored -> DocumentRepository.file(pool, stored.sha256).compose(existing -> {
          if (existing.isPresent() && !"failed".equals(existing.get().status())) {
            return Future.succeededFuture(existing.get().pageCount()); // the same content: stored and rendered once
          }
          return prepare(stored, name).compose(pages -> DocumentRepository.insertFile(pool, stored.sha256, stored.size,
                  stored.kind, pages)
              .map(inserted -> {
                if (inserted) {
                  queue.start(stored.sha256, stored.kind, pages, 0);
                }
                return pages;
              }));
        }).compose(pages -> pool.withTransaction(sql -> DocumentRepository.insertDocument(sql, meetingId, stored.sha256,
                name, classified, actor.id())
            .compose(id -> AuditLog.record(sql, actor, "document.upload", meetingId, new JsonObject()
                .put("documentId", id).put("name", name).put("sha256", stored.sha256).put("classified", classified))
                .map(id)))))
        .compose(id -> DocumentRepository.byId(pool, id))
        .map(doc -> new JsonObject().put("document", doc.orElseThrow().toJson()));
  }

  private record Stored(String sha256, FileKind kind, long size) {
  }

  /** Converts if needed and checks the PDF opens; the page count, or a 4xx naming the problem. */
  private Future<Integer> prepare(Stored stored, String name) {
    Path pdf = store.renderable(stored.sha256, stored.kind);
    Future<Void> converted = switch (stored.kind) {
      case PDF -> Future.succeededFuture();
      case IMAGE -> blocking.executeBlocking(() -> {
            Files.createDirectories(pdf.getParent());
            return null;
          }, false)
          .compose(v -> renderers.imageToPdf(store.original(stored.sha256), pdf))
          .compose(outcome -> outcome.ok() ? Future.succeededFuture() : Future.failedFuture(new ApiException(422,
              "broken_image", "The image \"" + name + "\" cannot be read: it is damaged or too large.")));
      case OFFICE -> officeWork.executeBlocking(() -> {
        office.convert(store.original(stored.sha256), name, pdf, store.incoming());
        return null;
      }, false);
    };
    return converted.compose(v -> renderers.inspect(pdf)).compose(outcome -> {
      if (outcome.ok()) {
        return Future.succeededFuture(outcome.answer().getInteger("pages"));
      }
      return Future.failedFuture(refusal(outcome, name));
    }).recover(e -> DocumentRepository.file(pool, stored.sha256)
        // Remove the stored copy only if no document uses that content.
        .compose(existing -> existing.isPresent() ? Future.succeededFuture() : blocking.executeBlocking(() -> {
          store.discard(stored.sha256);
          return null;
        }, false))
        .transform(x -> Future.failedFuture(e)));
  }

  private ApiException refusal(RenderPool.Outcome outcome, String name) {
    if (outcome.answer() == null) {
      return new ApiException(422, outcome.timedOut() ? "pdf_timeout" : "pdf_unreadable", "\"" + name
          + "\" could not be opened: " + outcome.failure() + ". It may be damaged or hostile.");
    }
    String code = outcome.answer().getString("code", "broken");
    return switch (code) {
      case "encrypted" -> new ApiException(422, "pdf_encrypted", "\"" + name
          + "\" is protected with a password. Remove the password and upload it again.");
      case "too_many_pages" -> new ApiException(422, "too_many_pages", "\"" + name + "\": "
          + outcome.answer().getString("message"));
      default -> new ApiException(422, "pdf_broken", "\"" + name + "\" is not a readable PDF (it is damaged or "
          + "incomplete): " + outcome.answer().getString("message"));
    };
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.VIEW_MEETING)
        .compose(roles -> DocumentRepository.ofMeeting(pool, meetingId))
        .map(docs -> {
          JsonArray out = new JsonArray();
          docs.forEach(d -> out.add(d.toJson()));
          return new JsonObject().put("documents", out);
        });
  }

  private Future<DocumentRepository.DocumentRow> visibleDocument(Actor actor, long documentId) {
    return DocumentRepository.byId(pool, documentId).compose(found -> {
      var doc = found.orElseThrow(() -> ApiException.notFound("The document"));
      return policy.check(actor, doc.meetingId(), Action.VIEW_MEETING).map(doc);
    });
  }

  private Future<JsonObject> detail(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long documentId = RequestBody.pathId(ctx, "documentId");
    return visibleDocument(actor, documentId).compose(doc -> DocumentRepository.pages(pool, doc.sha256())
        .map(pages -> new JsonObject().put("document", doc.toJson().put("pages", new JsonArray(pages)))));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long documentId = RequestBody.pathId(ctx, "documentId");
    boolean classified = RequestBody.of(ctx).optionalBoolean("classified")
        .orElseThrow(() -> ApiException.invalidField("classified", "classified is required."));
    return DocumentRepository.byId(pool, documentId).compose(found -> {
      var doc = found.orElseThrow(() -> ApiException.notFound("The document"));
      return policy.check(actor, doc.meetingId(), Action.UPLOAD_DOCUMENT)
          .compose(r -> pool.withTransaction(sql -> sql.preparedQuery("UPDATE documents SET classified = $2 WHERE id = $1")
              .execute(io.vertx.sqlclient.Tuple.of(documentId, classified))
              .compose(v -> AuditLog.record(sql, actor, "document.classified", doc.meetingId(),
                  new JsonObject().put("documentId", documentId).put("before", doc.classified()).put("after", classified)))))
          .compose(v -> DocumentRepository.byId(pool, documentId))
          .map(d -> new JsonObject().put("document", d.orElseThrow().toJson()));
    });
  }

  private void original(RoutingContext ctx) {
    try {
      Actor actor = CurrentUser.require(ctx);
      long documentId = RequestBody.pathId(ctx, "documentId");
      visibleDocument(actor, documentId).onSuccess(doc -> {
        if (doc.classified()) {
          ctx.fail(ApiException.forbidden("This document is classified (Mật): it can be viewed only while it is presented, never downloaded."));
          return;
        }
        String ascii = doc.name().replaceAll("[^A-Za-z0-9._ -]", "_");
        ctx.response()
            .putHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(doc.name(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
            .putHeader("Content-Type", "application/octet-stream")
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Cache-Control", "private, no-cache")
            .sendFile(store.original(doc.sha256()).toString())
            .onFailure(ctx::fail);
      }).onFailure(ctx::fail);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  private Future<JsonObject> search(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    String q = ctx.queryParams().get("q");
    if (q == null || q.isBlank() || q.length() > 200) {
      throw ApiException.invalidField("q", "Type 1 to 200 characters to search for.");
    }
    String folded = Diacritics.fold(RequestBody.nfc(q.strip())).replaceAll("\\s+", " ");
    String pattern = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return policy.check(actor, meetingId, Action.VIEW_MEETING)
        .compose(roles -> DocumentRepository.search(pool, meetingId, pattern))
        .map(hits -> {
          JsonArray out = new JsonArray();
          // A classified page's words are shown only on the page itself (where each view is recorded).
          hits.forEach(h -> out.add(new JsonObject().put("documentId", h.documentId()).put("name", h.name())
              .put("page", h.page()).put("classified", h.classified())
              .put("snippet", h.classified() ? "" : Snippets.around(h.text(), h.folded(), folded))));
          return new JsonObject().put("results", out);
        });
  }

  private void pageImage(RoutingContext ctx) {
    try {
      Actor actor = CurrentUser.require(ctx);
      String hash = ctx.pathParam("hash");
      String file = ctx.pathParam("file");
      if (!hash.matches("[0-9a-f]{64}") || !file.matches("\\d{1,4}\\.jpg") || !ctx.pathParam("page").matches("\\d{1,6}")) {
        throw ApiException.notFound("The page");
      }
      int page = Integer.parseInt(ctx.pathParam("page"));
      int width = Integer.parseInt(file.substring(0, file.length() - 4));
      if (!DocumentStore.isWidth(width)) {
        throw ApiException.badRequest("invalid_width", "Pages come in widths 200, 480, 1024 and 1920.");
      }
      DocumentRepository.access(pool, hash, actor.id(), actor.admin()).compose(access -> {
        if (!access.allowed()) {
          return Future.failedFuture(ApiException.notFound("The page"));
        }
        Path image = store.pageImage(hash, page, width);
        return ctx.vertx().fileSystem().exists(image.toString()).compose(exists -> {
          if (!exists) {
            return Future.failedFuture(new ApiException(404, "page_not_ready", "This page is not rendered yet."));
          }
          String etag = "\"" + hash.substring(0, 16) + "-" + page + "-" + width + "\"";
          ctx.response().putHeader("ETag", etag).putHeader("Content-Type", "image/jpeg");
          if (access.openDocument() != null) {
            ctx.response().putHeader("Cache-Control", "public, max-age=31536000, immutable");
            if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
              return ctx.response().setStatusCode(304).end();
            }
            return ctx.response().sendFile(image.toString());
          }
          return classifiedPage(ctx, actor, access, page, width, image);
        });
      }).onFailure(ctx::fail);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  /**
   * A classified page: for followers only while the live room shows it (those who prepare the
   * meeting may look through it), with the viewer's name across it, never cached, every view recorded.
   * The same content may be a classified document of several meetings: any one that allows it will do.
   */
  private Future<Void> classifiedPage(RoutingContext ctx, Actor actor, DocumentRepository.Access access, int page,
                                      int width, Path image) {
    return firstAllowed(actor, access.classified(), 0, page).compose(doc -> {
      if (doc == null) {
        return Future.failedFuture(ApiException.forbidden(Action.BROWSE_CLASSIFIED.denial()));
      }
      String mark = actor.displayName() + " · " + java.time.LocalDate.now();
      return watermarking.executeBlocking(() -> Watermark.apply(image, mark), false)
          .compose(bytes -> AuditLog.record(pool, actor, "document.page_view", doc.meetingId(), new JsonObject()
                  .put("documentId", doc.documentId()).put("page", page).put("width", width))
              .compose(v -> ctx.response().putHeader("Cache-Control", "no-store")
                  .end(io.vertx.core.buffer.Buffer.buffer(bytes))));
    });
  }

  private Future<DocumentRepository.Classified> firstAllowed(Actor actor, List<DocumentRepository.Classified> docs,
                                                             int index, int page) {
    if (index >= docs.size()) {
      return Future.succeededFuture(null);
    }
    DocumentRepository.Classified doc = docs.get(index);
    return shownPages.shows(doc.meetingId(), doc.documentId(), page).compose(shown -> shown
        ? Future.succeededFuture(doc)
        : policy.rolesIn(actor, doc.meetingId()).compose(roles -> AccessPolicy.allows(actor, roles, Action.BROWSE_CLASSIFIED)
            ? Future.succeededFuture(doc)
            : firstAllowed(actor, docs, index + 1, page)));
  }
}
