package org.paperlessroom.minutes;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.agenda.Agenda;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.Role;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import static org.paperlessroom.web.Handlers.json;

/**
 * The minutes over REST. The secretary saves one field at a time on top of the version it was based
 * on (a newer save wins nothing: 409 with both texts); every save is a revision that can be restored.
 * The chair approves (locked, the text's SHA-256 kept) or unlocks (a new edition). Drafts are read by
 * the chair and the secretary; approved minutes by every participant. The PDF in Vietnamese or English.
 */
public final class MinutesRoutes {
  private final Pool pool;
  private final AccessPolicy policy;
  private final WorkerExecutor blocking;
  private final ZoneId zone;

  public MinutesRoutes(Pool pool, AccessPolicy policy, WorkerExecutor blocking, ZoneId zone) {
    this.pool = pool;
    this.policy = policy;
    this.blocking = blocking;
    this.zone = zone;
  }

  public void mount(Router router) {
    router.get("/api/meetings/:meetingId/minutes").handler(json(this::read));
    router.get("/api/meetings/:meetingId/minutes.pdf").handler(this::pdf);
    router.put("/api/meetings/:meetingId/minutes/fields/:field").handler(json(this::save));
    router.get("/api/meetings/:meetingId/minutes/fields/:field/revisions").handler(json(this::revisions));
    router.post("/api/meetings/:meetingId/minutes/fields/:field/restore").handler(json(this::restore));
    router.post("/api/meetings/:meetingId/minutes/approve").handler(json(this::approve));
    router.post("/api/meetings/:meetingId/minutes/unlock").handler(json(this::unlock));
  }

  /** The minutes as far as this person may read them: {state, fields, report, can}. */
  private Future<JsonObject> read(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return readable(actor, meetingId).compose(roles -> MinutesRepository.state(pool, meetingId)
        .compose(state -> ensureReadable(actor, roles, state))
        .compose(state -> MinutesRepository.fields(pool, meetingId).compose(fields -> report(meetingId, state, fields)
            .map(report -> {
              JsonObject out = new JsonObject();
              fields.forEach((key, f) -> {
                JsonObject field = f.toJson();
                if (MinutesField.parse(key).markdown()) {
                  field.put("html", MinutesMarkdown.html(f.content().getString("text", "")));
                }
                out.put(key, field);
              });
              return new JsonObject().put("state", state.toJson()).put("fields", out).put("report", report)
                  .put("can", new JsonObject().put("edit", AccessPolicy.allows(actor, roles, Action.EDIT_MINUTES))
                      .put("approve", AccessPolicy.allows(actor, roles, Action.APPROVE_MINUTES)));
            }))));
  }

  private void pdf(RoutingContext ctx) {
    try {
      Actor actor = CurrentUser.require(ctx);
      long meetingId = RequestBody.pathId(ctx, "meetingId");
      boolean english = "en".equals(ctx.queryParams().get("lang"));
      readable(actor, meetingId).compose(roles -> MinutesRepository.state(pool, meetingId)
              .compose(state -> ensureReadable(actor, roles, state))
              .compose(state -> MinutesRepository.fields(pool, meetingId)
                  .compose(fields -> report(meetingId, state, fields))))
          .compose(report -> blocking.executeBlocking(() -> MinutesPdf.render(report, english, zone), false))
          .onSuccess(bytes -> ctx.response()
              .putHeader("Content-Type", "application/pdf")
              .putHeader("Content-Disposition", "attachment; filename=\"" + (english ? "minutes-" : "bien-ban-") + meetingId + ".pdf\"")
              .putHeader("Cache-Control", "no-store")
              .end(io.vertx.core.buffer.Buffer.buffer(bytes)))
          .onFailure(ctx::fail);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  /** {content, baseVersion}: content is text, or a list of {task, who, deadline} for tasks; baseVersion 0 for a new field. */
  private Future<JsonObject> save(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    MinutesField field = MinutesField.parse(ctx.pathParam("field"));
    RequestBody body = RequestBody.of(ctx);
    if (!body.has("content")) {
      throw ApiException.invalidField("content", "content is required: the text (or the list of tasks) to save.");
    }
    JsonObject content = field.content(body.value("content"));
    int base = body.optionalInt("baseVersion", 0, Integer.MAX_VALUE)
        .orElseThrow(() -> ApiException.invalidField("baseVersion", "baseVersion is required: the version this text was based on (0 for a new one)."));
    return policy.check(actor, meetingId, Action.EDIT_MINUTES)
        .compose(roles -> onAgenda(meetingId, field))
        .compose(v -> write(actor, meetingId, field, content, base, null))
        .map(version -> new JsonObject().put("field", field.key()).put("version", version));
  }

  private Future<JsonObject> revisions(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    MinutesField field = MinutesField.parse(ctx.pathParam("field"));
    return policy.check(actor, meetingId, Action.EDIT_MINUTES)
        .compose(roles -> MinutesRepository.revisions(pool, meetingId, field.key()))
        .map(list -> new JsonObject().put("field", field.key()).put("revisions", list));
  }

  /** {version, baseVersion}: that revision's content becomes the newest one (a new revision). */
  private Future<JsonObject> restore(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    MinutesField field = MinutesField.parse(ctx.pathParam("field"));
    RequestBody body = RequestBody.of(ctx);
    int version = body.optionalInt("version", 1, Integer.MAX_VALUE)
        .orElseThrow(() -> ApiException.invalidField("version", "version is required: the revision to restore."));
    int base = body.optionalInt("baseVersion", 1, Integer.MAX_VALUE)
        .orElseThrow(() -> ApiException.invalidField("baseVersion", "baseVersion is required: the version shown now."));
    return policy.check(actor, meetingId, Action.EDIT_MINUTES)
        .compose(roles -> MinutesRepository.revision(pool, meetingId, field.key(), version))
        .compose(content -> write(actor, meetingId, field, content, base, version))
        .map(v -> new JsonObject().put("field", field.key()).put("version", v));
  }

  /** An item's field must belong to an item of this meeting's agenda. */
  private Future<Void> onAgenda(long meetingId, MinutesField field) {
    if (field.itemId() == null) {
      return Future.succeededFuture();
    }
    return Agenda.hasItem(pool, meetingId, field.itemId()).compose(yes -> yes ? Future.succeededFuture()
        : Future.failedFuture(ApiException.invalidField("field", "There is no such item on this meeting's agenda.")));
  }

  private Future<Integer> write(Actor actor, long meetingId, MinutesField field, JsonObject content, int base, Integer restoredFrom) {
    return pool.withTransaction(sql -> MinutesRepository.stateForEdit(sql, meetingId).compose(state -> {
      if (state.approved()) {
        throw ApiException.conflict("minutes_approved", "The minutes are approved and locked: the chair must unlock them first.");
      }
      return MinutesRepository.save(sql, meetingId, field, content, base, actor, restoredFrom)
          .compose(version -> AuditLog.record(sql, actor, restoredFrom == null ? "minutes.save" : "minutes.restore", meetingId,
              new JsonObject().put("field", field.key()).put("version", version).put("restoredFrom", restoredFrom)).map(version));
    })).recover(e -> Future.failedFuture(e instanceof PgException pg && "23514".equals(pg.getSqlState())
        ? ApiException.conflict("minutes_approved", "The minutes are approved and locked: the chair must unlock them first.") : e));
  }

  private Future<JsonObject> approve(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.APPROVE_MINUTES)
        .compose(roles -> pool.withTransaction(sql -> MinutesRepository.stateForApproval(sql, meetingId).compose(state -> {
          if (state.approved()) {
            throw ApiException.conflict("already_approved", "The minutes are already approved.");
          }
          return MinutesRepository.fields(sql, meetingId).compose(fields -> MinutesReport.of(sql, meetingId, state, fields)
              .compose(report -> {
            // What is approved is the whole text as it reads now, kept as it is: the agenda, attendance
            // or votes changing later do not change approved minutes.
            JsonObject kept = report.copy();
            kept.remove("state");
            String sha = sha256(kept);
            return MinutesRepository.approve(sql, meetingId, actor, sha, kept)
                .compose(v -> AuditLog.record(sql, actor, "minutes.approve", meetingId,
                    new JsonObject().put("sha256", sha).put("edition", state.edition())));
          }));
        })))
        .compose(v -> MinutesRepository.state(pool, meetingId)).map(state -> new JsonObject().put("state", state.toJson()));
  }

  private Future<JsonObject> unlock(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.APPROVE_MINUTES)
        .compose(roles -> pool.withTransaction(sql -> MinutesRepository.stateForApproval(sql, meetingId).compose(state -> {
          if (!state.approved()) {
            throw ApiException.conflict("not_approved", "The minutes are not approved: there is nothing to unlock.");
          }
          return MinutesRepository.unlock(sql, meetingId).compose(edition -> AuditLog.record(sql, actor, "minutes.unlock",
              meetingId, new JsonObject().put("approvedSha256", state.sha256()).put("edition", edition)));
        })))
        .compose(v -> MinutesRepository.state(pool, meetingId)).map(state -> new JsonObject().put("state", state.toJson()));
  }

  /** The roles of a participant who may read minutes at all (approved ones: everyone in the meeting). */
  private Future<Set<Role>> readable(Actor actor, long meetingId) {
    return policy.check(actor, meetingId, Action.VIEW_MEETING);
  }

  /** Drafts are for the chair and the secretary (and administrators); approved minutes for all participants. */
  private static Future<MinutesRepository.State> ensureReadable(Actor actor, Set<Role> roles, MinutesRepository.State state) {
    if (state.approved() || actor.admin() || AccessPolicy.allows(actor, roles, Action.EDIT_MINUTES)
        || AccessPolicy.allows(actor, roles, Action.APPROVE_MINUTES)) {
      return Future.succeededFuture(state);
    }
    return Future.failedFuture(new ApiException(403, "minutes_not_approved",
        "The minutes are still a draft: participants can read them once the chair has approved them."));
  }

  /** The report to show: as approved while approved, otherwise as everything stands now. */
  private Future<JsonObject> report(long meetingId, MinutesRepository.State state, Map<String, MinutesRepository.Field> fields) {
    Future<JsonObject> kept = state.approved() ? MinutesRepository.approvedReport(pool, meetingId) : Future.succeededFuture(null);
    return kept.compose(report -> report != null ? Future.succeededFuture(report.put("state", state.toJson()))
        : MinutesReport.of(pool, meetingId, state, fields));
  }

  /** The SHA-256 of the approved minutes: the whole report (text filled in and written) as kept, in UTF-8 JSON. */
  static String sha256(JsonObject report) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(report.encode().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
