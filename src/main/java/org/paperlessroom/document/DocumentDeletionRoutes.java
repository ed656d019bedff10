package org.paperlessroom.document;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.live.LiveHub;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import static org.paperlessroom.web.Handlers.json;

/**
 * Taking a document off a meeting: the chair, the secretary or whoever uploaded it; never while it
 * is on the screen or listed in the agenda. The stored file stays (other meetings may hold the same
 * content) until an administrator clears unused files away.
 */
public final class DocumentDeletionRoutes {
  private static final String ON_AGENDA = """
      SELECT i.title FROM agenda_item_documents a JOIN agenda_items i ON i.id = a.item_id WHERE a.document_id = $1""";
  private static final String DELETE = "DELETE FROM documents WHERE id = $1";

  private final Pool pool;
  private final AccessPolicy policy;
  private final LiveHub hub;

  public DocumentDeletionRoutes(Pool pool, AccessPolicy policy, LiveHub hub) {
    this.pool = pool;
    this.policy = policy;
    this.hub = hub;
  }

  public void mount(Router router) {
    router.delete("/api/documents/:documentId").handler(json(this::delete));
  }

  private Future<JsonObject> delete(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long documentId = RequestBody.pathId(ctx, "documentId");
    return DocumentRepository.byId(pool, documentId).compose(found -> {
      DocumentRepository.DocumentRow doc = found.orElseThrow(() -> ApiException.notFound("The document"));
      return policy.check(actor, doc.meetingId(), Action.VIEW_MEETING).compose(roles -> {
        boolean uploader = doc.uploadedBy() == actor.id() && AccessPolicy.allows(actor, roles, Action.UPLOAD_DOCUMENT);
        if (!uploader && !AccessPolicy.allows(actor, roles, Action.EDIT_MEETING)) {
          return Future.failedFuture(ApiException.forbidden("Only the chair, the secretary, an administrator or whoever uploaded it may remove a document."));
        }
        // In the meeting's live order: nobody can put it on the screen between the check and the delete.
        return hub.update(doc.meetingId(), state -> {
          if (Long.valueOf(documentId).equals(state.documentId())) {
            throw ApiException.conflict("presented", "The document is on the screen now: stop presenting it first.");
          }
          return pool.withTransaction(sql -> sql.preparedQuery(ON_AGENDA).execute(Tuple.of(documentId)).compose(items -> {
            if (items.size() > 0) {
              throw ApiException.conflict("on_agenda", "The document is listed in the agenda (\"" + items.iterator().next().getString(0)
                  + "\"): remove it from the agenda item first.");
            }
            return sql.preparedQuery(DELETE).execute(Tuple.of(documentId))
                .compose(v -> AuditLog.record(sql, actor, "document.delete", doc.meetingId(), new JsonObject()
                    .put("documentId", documentId).put("name", doc.name()).put("sha256", doc.sha256())));
          })).map(v -> java.util.function.UnaryOperator.<org.paperlessroom.live.LiveState>identity());
        });
      });
    }).map(v -> new JsonObject().put("deleted", true));
  }
}
