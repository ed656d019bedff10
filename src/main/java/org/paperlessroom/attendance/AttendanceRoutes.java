package org.paperlessroom.attendance;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.paperlessroom.web.Handlers.json;

/**
 * Attendance (điểm danh): the list with the quorum for the chair, presenter and secretary; check-in,
 * check-out and absence (with a reason) by the chair or the secretary, for one person or several;
 * the quorum rule; the list as CSV.
 */
public final class AttendanceRoutes {
  private static final int MAX_PEOPLE_PER_CHANGE = 5000;

  private final Pool pool;
  private final AccessPolicy policy;
  private final Attendance attendance;
  private final ZoneId zone;

  public AttendanceRoutes(Pool pool, AccessPolicy policy, Attendance attendance, ZoneId zone) {
    this.pool = pool;
    this.policy = policy;
    this.attendance = attendance;
    this.zone = zone;
  }

  public void mount(Router router) {
    router.get("/api/meetings/:meetingId/attendance").handler(json(this::list));
    router.put("/api/meetings/:meetingId/attendance").handler(json(this::set));
    router.put("/api/meetings/:meetingId/attendance/rules").handler(json(this::setRules));
    router.get("/api/meetings/:meetingId/attendance.csv").handler(this::csv);
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.VIEW_PRESENCE).compose(roles -> listJson(meetingId)
        .map(json -> json.put("can", new JsonObject().put("take", AccessPolicy.allows(actor, roles, Action.TAKE_ATTENDANCE)))));
  }

  private Future<JsonObject> listJson(long meetingId) {
    return AttendanceRepository.rules(pool, meetingId).compose(rules -> AttendanceRepository.people(pool, meetingId)
        .compose(people -> attendance.connected(meetingId).map(online -> {
          JsonArray list = new JsonArray();
          people.forEach(p -> list.add(p.toJson().put("connected", online.contains(p.userId()))));
          return new JsonObject().put("people", list).put("figures", Attendance.figures(rules, people))
              .put("checkInMode", rules.checkInMode().code());
        })));
  }

  /** {userIds: [..], status: in_person | online | left | absent | none, reason?}. */
  private Future<JsonObject> set(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    RequestBody body = RequestBody.of(ctx);
    Long[] userIds = userIds(body);
    String code = body.requiredText("status", 1, 20);
    AttendanceStatus status = "none".equals(code) ? null : AttendanceStatus.fromCode(code).orElseThrow(() ->
        ApiException.invalidField("status", "status must be in_person, online, left, absent or none."));
    String reason = status == AttendanceStatus.ABSENT ? body.optionalText("reason", 0, 500).orElse("") : "";
    return policy.check(actor, meetingId, Action.TAKE_ATTENDANCE)
        .compose(roles -> pool.withTransaction(sql -> AttendanceRepository.allParticipants(sql, meetingId, userIds)
            .compose(all -> {
              if (!all) {
                throw ApiException.invalidField("userIds", "Only participants of this meeting can be checked in or out.");
              }
              return AttendanceRepository.set(sql, meetingId, userIds, status, reason, actor.id());
            })
            .compose(v -> AuditLog.record(sql, actor, "attendance.set", meetingId, new JsonObject()
                .put("userIds", new JsonArray(java.util.List.of((Object[]) userIds)))
                .put("status", status == null ? "none" : status.code()).put("reason", reason)))))
        .compose(v -> attendance.refresh(meetingId))
        .compose(seq -> listJson(meetingId));
  }

  /** {rule: majority | two_thirds | count, count?, checkInMode?: in_person | online}. */
  private Future<JsonObject> setRules(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    RequestBody body = RequestBody.of(ctx);
    QuorumRule rule = QuorumRule.fromCode(body.requiredText("rule", 1, 20)).orElseThrow(() ->
        ApiException.invalidField("rule", "rule must be majority, two_thirds or count."));
    Integer count = body.optionalInt("count", 1, 1000).orElse(null);
    if (rule == QuorumRule.COUNT && count == null) {
      throw ApiException.invalidField("count", "Say how many voting members must be present (count).");
    }
    var mode = body.optionalText("checkInMode", 1, 20).map(m -> AttendanceStatus.fromCode(m)
        .filter(AttendanceStatus::present)
        .orElseThrow(() -> ApiException.invalidField("checkInMode", "checkInMode must be in_person or online.")));
    return policy.check(actor, meetingId, Action.EDIT_MEETING)
        .compose(roles -> pool.withTransaction(sql -> AttendanceRepository.rules(sql, meetingId)
            .compose(before -> AttendanceRepository.setRules(sql, meetingId, rule, rule == QuorumRule.COUNT ? count : null,
                    mode.orElse(before.checkInMode()))
                .compose(v -> AuditLog.record(sql, actor, "attendance.rules", meetingId, new JsonObject()
                    .put("rule", rule.code()).put("count", count).put("checkInMode", mode.orElse(before.checkInMode()).code()))))))
        .compose(v -> attendance.refresh(meetingId))
        .compose(seq -> listJson(meetingId));
  }

  private void csv(RoutingContext ctx) {
    try {
      Actor actor = CurrentUser.require(ctx);
      long meetingId = RequestBody.pathId(ctx, "meetingId");
      boolean english = "en".equals(ctx.queryParams().get("lang"));
      policy.check(actor, meetingId, Action.VIEW_PRESENCE)
          .compose(roles -> AttendanceRepository.people(pool, meetingId))
          .map(people -> AttendanceCsv.write(people, english, zone))
          .onSuccess(text -> ctx.response()
              .putHeader("Content-Type", "text/csv; charset=utf-8")
              .putHeader("Content-Disposition", "attachment; filename=\"attendance-" + meetingId + ".csv\"")
              .putHeader("Cache-Control", "no-store")
              .end(text))
          .onFailure(ctx::fail);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  private static Long[] userIds(RequestBody body) {
    JsonArray array = body.optionalArray("userIds").orElseThrow(() ->
        ApiException.invalidField("userIds", "userIds is required: the people to check in or out."));
    if (array.isEmpty() || array.size() > MAX_PEOPLE_PER_CHANGE) {
      throw ApiException.invalidField("userIds", "userIds must name 1 to " + MAX_PEOPLE_PER_CHANGE + " people.");
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (Object v : array) {
      if (!(v instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() <= 0) {
        throw ApiException.invalidField("userIds", "userIds must be a list of user ids.");
      }
      ids.add(n.longValue());
    }
    return ids.toArray(Long[]::new);
  }
}
