package org.paperlessroom.agenda;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.live.LiveHub;
import org.paperlessroom.live.LiveState;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import static org.paperlessroom.web.Handlers.json;

/**
 * Requests to speak: a member asks (or withdraws); the chair gives the floor in any order, ends a
 * turn or takes a request off the queue. Who speaks and who waits is part of the live state; every
 * request keeps its times for the record.
 */
public final class SpeakerRoutes {
  private final Pool pool;
  private final AccessPolicy policy;
  private final LiveHub hub;

  public SpeakerRoutes(Pool pool, AccessPolicy policy, LiveHub hub) {
    this.pool = pool;
    this.policy = policy;
    this.hub = hub;
  }

  public void mount(Router router) {
    router.get("/api/meetings/:meetingId/speakers").handler(json(this::list));
    router.post("/api/meetings/:meetingId/speakers").handler(json(201, this::request));
    router.delete("/api/meetings/:meetingId/speakers/mine").handler(json(this::withdrawMine));
    router.post("/api/meetings/:meetingId/speakers/end").handler(json(this::endTurn));
    router.post("/api/meetings/:meetingId/speakers/:requestId/floor").handler(json(this::giveFloor));
    router.delete("/api/meetings/:meetingId/speakers/:requestId").handler(json(this::withdraw));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.VIEW_MEETING)
        .compose(roles -> SpeakerQueue.history(pool, meetingId)
            .compose(all -> SpeakerQueue.floor(pool, meetingId).map(floor -> floor.put("requests", all))));
  }

  private Future<JsonObject> request(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return change(ctx, Action.REQUEST_FLOOR, (sql, state) -> {
      if (!state.run().inProgress()) {
        throw ApiException.conflict("not_in_progress", "You can ask to speak once the meeting has started.");
      }
      return SpeakerQueue.request(sql, meetingId, actor.id(), state.run().itemId())
          .compose(id -> AuditLog.record(sql, actor, "speaker.request", meetingId, new JsonObject().put("requestId", id)));
    });
  }

  private Future<JsonObject> withdrawMine(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return change(ctx, Action.VIEW_MEETING, (sql, state) -> SpeakerQueue.withdrawMine(sql, meetingId, actor.id())
        .compose(found -> found
            ? AuditLog.record(sql, actor, "speaker.withdraw", meetingId, new JsonObject().put("userId", actor.id()))
            : Future.failedFuture(ApiException.notFound("Your request to speak"))));
  }

  private Future<JsonObject> withdraw(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    long requestId = RequestBody.pathId(ctx, "requestId");
    return change(ctx, Action.RUN_MEETING, (sql, state) -> SpeakerQueue.withdraw(sql, meetingId, requestId)
        .compose(found -> found
            ? AuditLog.record(sql, actor, "speaker.remove", meetingId, new JsonObject().put("requestId", requestId))
            : Future.failedFuture(ApiException.notFound("The request to speak"))));
  }

  private Future<JsonObject> giveFloor(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    long requestId = RequestBody.pathId(ctx, "requestId");
    return change(ctx, Action.RUN_MEETING, (sql, state) -> SpeakerQueue.endSpeaker(sql, meetingId)
        .compose(ended -> SpeakerQueue.giveFloor(sql, meetingId, requestId)
            .compose(userId -> AuditLog.record(sql, actor, "speaker.floor", meetingId, new JsonObject()
                .put("requestId", requestId).put("userId", userId).put("ended", ended)))));
  }

  private Future<JsonObject> endTurn(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return change(ctx, Action.RUN_MEETING, (sql, state) -> SpeakerQueue.endSpeaker(sql, meetingId)
        .compose(ended -> ended == null
            ? Future.failedFuture(ApiException.conflict("nobody_speaking", "Nobody has the floor."))
            : AuditLog.record(sql, actor, "speaker.end", meetingId, new JsonObject().put("requestId", ended))));
  }

  /** Checks the action, then (in the meeting's live order) the change and the new floor in the live state. */
  private Future<JsonObject> change(RoutingContext ctx, Action action, BiFunction<SqlClient, LiveState, Future<Void>> work) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, action)
        .compose(roles -> hub.update(meetingId, state -> pool.withTransaction(sql -> work.apply(sql, state))
            .compose(v -> SpeakerQueue.floor(pool, meetingId))
            .map(floor -> (UnaryOperator<LiveState>) s -> s.run(s.run().floor(floor.getJsonObject("speaker"),
                floor.getJsonArray("queue"))))))
        .compose(seq -> SpeakerQueue.floor(pool, meetingId).map(floor -> floor.put("seq", seq)));
  }
}
