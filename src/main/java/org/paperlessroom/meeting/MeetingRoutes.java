package org.paperlessroom.meeting;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
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
import org.paperlessroom.auth.Role;
import org.paperlessroom.auth.UserRepository;
import org.paperlessroom.config.AppConfig;
import org.paperlessroom.text.Diacritics;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.paperlessroom.web.Handlers.json;

/** Meetings: the dashboard, create and change a meeting, its participants and roles, the presenter hand-over. */
public final class MeetingRoutes {
  /** A large assembly (a congress, a whole province's offices) still fits; one JSON detail stays reasonable. */
  static final int MAX_PARTICIPANTS = 5000;
  private final Pool pool;
  private final AccessPolicy policy;
  private final AppConfig config;
  private final WorkerExecutor blocking;

  public MeetingRoutes(Pool pool, AccessPolicy policy, AppConfig config, WorkerExecutor blocking) {
    this.pool = pool;
    this.policy = policy;
    this.config = config;
    this.blocking = blocking;
  }

  public void mount(Router router) {
    router.get("/api/meetings").handler(json(this::dashboard));
    router.post("/api/meetings").handler(json(201, this::create));
    router.get("/api/meetings/:meetingId").handler(json(this::detail));
    router.patch("/api/meetings/:meetingId").handler(json(this::update));
    router.put("/api/meetings/:meetingId/participants/:userId").handler(json(this::putParticipant));
    router.delete("/api/meetings/:meetingId/participants/:userId").handler(json(this::removeParticipant));
    router.post("/api/meetings/:meetingId/presenter").handler(json(this::handOverPresenter));
    router.get("/api/meetings/:meetingId/qr.png").handler(this::qrPng);
    router.get("/api/meetings/:meetingId/qr.svg").handler(this::qrSvg);
  }

  private Future<JsonObject> dashboard(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    String q = ctx.queryParams().get("q");
    return MeetingRepository.forUser(pool, actor.id(), actor.admin()).map(all -> {
      JsonArray inProgress = new JsonArray();
      JsonArray upcoming = new JsonArray();
      JsonArray past = new JsonArray();
      for (var mine : all) {
        if (q != null && !q.isBlank() && !Diacritics.matches(mine.meeting().title(), q)) {
          continue;
        }
        JsonObject item = mine.meeting().toSummaryJson().put("myRoles", Participant.codes(mine.roles()));
        switch (mine.meeting().status()) {
          case IN_PROGRESS -> inProgress.add(item);
          case ENDED -> past.add(item);
          default -> upcoming.add(0, item);
        }
      }
      return new JsonObject().put("inProgress", inProgress).put("upcoming", upcoming).put("past", past);
    });
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Actor actor = CurrentUser.requireAccount(ctx);
    RequestBody body = RequestBody.of(ctx);
    Meeting draft = new Meeting(0, body.requiredText("title", 1, 300), body.requiredInstant("startsAt"),
        body.optionalText("location", 0, 300).orElse(""), body.optionalText("description", 0, 5000).orElse(""),
        body.optionalText("orgParent", 0, 200).orElse(config.orgParent()),
        body.optionalText("orgName", 0, 200).orElse(config.orgName()),
        MeetingStatus.DRAFT, JoinCodes.next(), body.optionalBoolean("guestsAllowed").orElse(false));
    Map<Long, Set<Role>> participants = participantList(body);
    if (!participants.containsKey(actor.id())) {
      boolean hasChair = participants.values().stream().anyMatch(r -> r.contains(Role.CHAIR));
      if (!hasChair || !actor.admin()) {
        participants.put(actor.id(), EnumSet.of(hasChair ? Role.SECRETARY : Role.CHAIR));
      }
    }
    return pool.withTransaction(sql -> MeetingRepository.insert(sql, draft, actor.id()).compose(meeting -> {
          Future<Void> chain = Future.succeededFuture();
          for (var entry : participants.entrySet()) {
            chain = chain.compose(v -> addParticipant(sql, meeting.id(), entry.getKey(), entry.getValue()));
          }
          return chain.compose(v -> AuditLog.record(sql, actor, "meeting.create", meeting.id(),
                  new JsonObject().put("title", meeting.title()).put("participants", participants.size())))
              .map(meeting.id());
        }))
        .compose(id -> detailJson(actor, id));
  }

  private Map<Long, Set<Role>> participantList(RequestBody body) {
    Map<Long, Set<Role>> out = new LinkedHashMap<>();
    JsonArray list = body.optionalArray("participants").orElse(new JsonArray());
    if (list.size() > MAX_PARTICIPANTS) {
      throw ApiException.invalidField("participants", "A meeting can have at most " + MAX_PARTICIPANTS + " participants.");
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject p)) {
        throw ApiException.invalidField("participants", "participants[" + i + "] must be an object with userId and roles.");
      }
      Object userId = p.getValue("userId");
      if (!(userId instanceof Number n) || n.longValue() <= 0) {
        throw ApiException.invalidField("participants", "participants[" + i + "].userId must be a user id.");
      }
      out.put(n.longValue(), roles(p.getValue("roles"), "participants[" + i + "].roles"));
    }
    return out;
  }

  static Set<Role> roles(Object value, String field) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw ApiException.invalidField("roles", field + " must be a non-empty list of roles.");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object code : array) {
      roles.add(Role.fromCode(String.valueOf(code)).orElseThrow(() -> ApiException.invalidField("roles",
          field + ": '" + code + "' is not a role (chair, presenter, secretary, member, observer, guest).")));
    }
    return roles;
  }

  private Future<Void> addParticipant(SqlClient sql, long meetingId, long userId, Set<Role> roles) {
    return UserRepository.byId(sql, userId).compose(user -> {
      if (user.isEmpty() || !user.get().active()) {
        return Future.failedFuture(ApiException.invalidField("userId", "There is no active user with id " + userId + "."));
      }
      if (user.get().guest() && !EnumSet.of(Role.GUEST, Role.OBSERVER).containsAll(roles)) {
        return Future.failedFuture(ApiException.invalidField("roles", "A guest without an account may only follow the meeting."));
      }
      Future<Void> put = MeetingRepository.putParticipant(sql, meetingId, userId, roles);
      // One presenter at a time: naming a new one hands the role over.
      return roles.contains(Role.PRESENTER)
          ? put.compose(v -> MeetingRepository.handOverPresenter(sql, meetingId, userId))
          : put;
    });
  }

  private Future<JsonObject> detail(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.VIEW_MEETING).compose(roles -> detailJson(actor, meetingId));
  }

  Future<JsonObject> detailJson(Actor actor, long meetingId) {
    return policy.rolesIn(actor, meetingId).compose(roles -> MeetingRepository.byId(pool, meetingId, false)
        .compose(meeting -> MeetingRepository.participants(pool, meetingId).map(participants -> {
          Meeting m = meeting.orElseThrow(() -> ApiException.notFound("The meeting"));
          JsonArray list = new JsonArray();
          participants.forEach(p -> list.add(p.toJson()));
          return new JsonObject().put("meeting", m.toJson(config.publicUrl())
              .put("participants", list)
              .put("myRoles", Participant.codes(roles))
              .put("can", new JsonObject()
                  .put("edit", AccessPolicy.allows(actor, roles, Action.EDIT_MEETING))
                  .put("handOver", AccessPolicy.allows(actor, roles, Action.HAND_OVER_PRESENTER))
                  .put("present", AccessPolicy.allows(actor, roles, Action.PRESENT))
                  .put("seePresence", AccessPolicy.allows(actor, roles, Action.VIEW_PRESENCE))
                  .put("browseClassified", AccessPolicy.allows(actor, roles, Action.BROWSE_CLASSIFIED))
                  .put("run", AccessPolicy.allows(actor, roles, Action.RUN_MEETING))
                  .put("editAgenda", AccessPolicy.allows(actor, roles, Action.EDIT_AGENDA))
                  .put("takeAttendance", AccessPolicy.allows(actor, roles, Action.TAKE_ATTENDANCE))
                  .put("requestFloor", AccessPolicy.allows(actor, roles, Action.REQUEST_FLOOR))));
        })));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    RequestBody body = RequestBody.of(ctx);
    var title = body.optionalText("title", 1, 300);
    var startsAt = body.optionalInstant("startsAt");
    var location = body.optionalText("location", 0, 300);
    var description = body.optionalText("description", 0, 5000);
    var guests = body.optionalBoolean("guestsAllowed");
    var status = body.optionalText("status", 1, 20).map(code -> MeetingStatus.fromCode(code).orElseThrow(() ->
        ApiException.invalidField("status", "status must be draft, scheduled, in_progress or ended.")));
    return policy.check(actor, meetingId, Action.EDIT_MEETING)
        .compose(roles -> pool.withTransaction(sql -> MeetingRepository.byId(sql, meetingId, true).compose(found -> {
          Meeting before = found.orElseThrow(() -> ApiException.notFound("The meeting"));
          MeetingStatus next = status.orElse(before.status());
          if (next != before.status() && (next == MeetingStatus.IN_PROGRESS || next == MeetingStatus.ENDED)) {
            return Future.failedFuture(ApiException.conflict("use_start_end",
                "The chair starts and ends the meeting (Start / End meeting), not by editing it."));
          }
          if (!before.status().mayBecome(next)) {
            return Future.failedFuture(ApiException.conflict("bad_status_change",
                "A meeting that is " + before.status().code() + " cannot become " + next.code() + "."));
          }
          Meeting after = before.with(title.orElse(before.title()), startsAt.orElse(before.startsAt()),
              location.orElse(before.location()), description.orElse(before.description()), next,
              guests.orElse(before.guestsAllowed()));
          return MeetingRepository.update(sql, after)
              .compose(v -> AuditLog.record(sql, actor, "meeting.update", meetingId, new JsonObject()
                  .put("before", before.toJson(config.publicUrl())).put("after", after.toJson(config.publicUrl()))));
        })))
        .compose(v -> detailJson(actor, meetingId));
  }

  private Future<JsonObject> putParticipant(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    long userId = RequestBody.pathId(ctx, "userId");
    RequestBody body = RequestBody.of(ctx);
    Set<Role> roles = roles(body.has("roles") ? body.optionalArray("roles").orElseThrow() : null, "roles");
    return policy.check(actor, meetingId, Action.MANAGE_PARTICIPANTS)
        .compose(mine -> chairProtected(actor, mine, meetingId, userId, roles.contains(Role.CHAIR)).map(mine))
        .compose(mine -> {
          if (roles.contains(Role.PRESENTER) && !AccessPolicy.allows(actor, mine, Action.HAND_OVER_PRESENTER)) {
            return Future.failedFuture(ApiException.forbidden(Action.HAND_OVER_PRESENTER.denial()));
          }
          return pool.withTransaction(sql -> MeetingRepository.byId(sql, meetingId, true)
              .compose(m -> addParticipant(sql, meetingId, userId, roles))
              .compose(v -> AuditLog.record(sql, actor, "meeting.participant.put", meetingId,
                  new JsonObject().put("userId", userId).put("roles", Participant.codes(roles)))));
        })
        .onSuccess(v -> ParticipantEvents.changed(ctx.vertx(), meetingId))
        .compose(v -> detailJson(actor, meetingId));
  }

  private Future<JsonObject> removeParticipant(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    long userId = RequestBody.pathId(ctx, "userId");
    return policy.check(actor, meetingId, Action.MANAGE_PARTICIPANTS)
        .compose(mine -> chairProtected(actor, mine, meetingId, userId, false))
        .compose(v -> pool.withTransaction(sql -> MeetingRepository.removeParticipant(sql, meetingId, userId)
            .compose(removed -> removed
                ? AuditLog.record(sql, actor, "meeting.participant.remove", meetingId, new JsonObject().put("userId", userId))
                : Future.failedFuture(ApiException.notFound("The participant")))))
        .onSuccess(v -> ParticipantEvents.changed(ctx.vertx(), meetingId))
        .compose(v -> detailJson(actor, meetingId));
  }

  /**
   * A secretary may manage participants but not make anyone chair, nor change or remove a chair:
   * that needs the chair (or an administrator).
   */
  private Future<Void> chairProtected(Actor actor, Set<Role> mine, long meetingId, long userId, boolean makesChair) {
    if (AccessPolicy.allows(actor, mine, Action.APPOINT_CHAIR)) {
      return Future.succeededFuture();
    }
    if (makesChair) {
      return Future.failedFuture(ApiException.forbidden(Action.APPOINT_CHAIR.denial()));
    }
    return MeetingRepository.participants(pool, meetingId).compose(list -> list.stream()
        .anyMatch(p -> p.userId() == userId && p.roles().contains(Role.CHAIR))
        ? Future.failedFuture(ApiException.forbidden(Action.APPOINT_CHAIR.denial()))
        : Future.succeededFuture());
  }

  private Future<JsonObject> handOverPresenter(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    long userId = RequestBody.of(ctx).requiredId("userId");
    return policy.check(actor, meetingId, Action.HAND_OVER_PRESENTER)
        .compose(mine -> pool.withTransaction(sql -> MeetingRepository.byId(sql, meetingId, true)
            .compose(m -> MeetingRepository.participants(sql, meetingId))
            .compose(participants -> {
              Participant target = participants.stream().filter(p -> p.userId() == userId).findFirst()
                  .orElseThrow(() -> ApiException.invalidField("userId", "The new presenter must be a participant of this meeting."));
              if (target.guest()) {
                throw ApiException.invalidField("userId", "A guest without an account cannot present.");
              }
              List<Long> before = participants.stream().filter(p -> p.roles().contains(Role.PRESENTER))
                  .map(Participant::userId).toList();
              return MeetingRepository.handOverPresenter(sql, meetingId, userId)
                  .compose(v -> AuditLog.record(sql, actor, "meeting.presenter.hand_over", meetingId,
                      new JsonObject().put("before", new JsonArray(before)).put("after", userId)));
            })))
        .onSuccess(v -> ParticipantEvents.changed(ctx.vertx(), meetingId))
        .compose(v -> detailJson(actor, meetingId));
  }

  private void qrPng(RoutingContext ctx) {
    qr(ctx, "image/png", url -> QrCodes.png(url, 512));
  }

  private void qrSvg(RoutingContext ctx) {
    qr(ctx, "image/svg+xml", url -> QrCodes.svg(url).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void qr(RoutingContext ctx, String type, java.util.function.Function<String, byte[]> render) {
    try {
      Actor actor = CurrentUser.require(ctx);
      long meetingId = RequestBody.pathId(ctx, "meetingId");
      policy.check(actor, meetingId, Action.VIEW_MEETING)
          .compose(roles -> MeetingRepository.byId(pool, meetingId, false))
          .compose(m -> blocking.executeBlocking(() -> render.apply(m.orElseThrow().joinUrl(config.publicUrl())), false))
          .onSuccess(bytes -> ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "private, max-age=300")
              .end(io.vertx.core.buffer.Buffer.buffer(bytes)))
          .onFailure(ctx::fail);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }
}
