package org.paperlessroom.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.auth.Role;
import org.paperlessroom.auth.UserRepository;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.EnumSet;

import static org.paperlessroom.web.Handlers.json;

/** Joining from a phone: the join link (and its QR code) or the short code, then sign-in, then the meeting. */
public final class JoinRoutes {
  private final Pool pool;
  private final AccessPolicy policy;

  public JoinRoutes(Pool pool, AccessPolicy policy) {
    this.pool = pool;
    this.policy = policy;
  }

  public void mount(Router router) {
    router.get("/join/:code").handler(ctx -> ctx.redirect("/join.html?code="
        + java.net.URLEncoder.encode(JoinCodes.normalise(ctx.pathParam("code")), java.nio.charset.StandardCharsets.UTF_8)));
    router.get("/api/join/:code").handler(json(this::preview));
    router.post("/api/join").handler(json(this::join));
    router.post("/api/join/guest").handler(json(this::joinAsGuest));
  }

  private Future<Meeting> meetingOf(String typed) {
    return MeetingRepository.byJoinCode(pool, JoinCodes.normalise(typed)).map(found -> found.orElseThrow(() ->
        new ApiException(404, "unknown_join_code", "There is no meeting with this join code. Check the code and try again.")));
  }

  /** What the join page may show before sign-in: the title and whether guests may join. */
  private Future<JsonObject> preview(RoutingContext ctx) {
    return meetingOf(ctx.pathParam("code")).map(m -> new JsonObject()
        .put("title", m.title()).put("guestsAllowed", m.guestsAllowed()));
  }

  private Future<JsonObject> join(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    String code = RequestBody.of(ctx).requiredText("code", 1, 40);
    return meetingOf(code).compose(m -> policy.rolesIn(actor, m.id()).compose(roles -> {
      if (!AccessPolicy.allows(actor, roles, Action.VIEW_MEETING)) {
        return Future.failedFuture(ApiException.forbidden(
            "You are not on the list of participants of this meeting. Ask the chair or the secretary to add you."));
      }
      return Future.succeededFuture(new JsonObject().put("meetingId", m.id()));
    }));
  }

  private Future<JsonObject> joinAsGuest(RoutingContext ctx) {
    RequestBody body = RequestBody.of(ctx);
    String code = body.requiredText("code", 1, 40);
    String name = body.requiredText("name", 2, 120);
    if (CurrentUser.of(ctx) != null) {
      return join(ctx);
    }
    return meetingOf(code).compose(m -> {
      if (!m.guestsAllowed()) {
        return Future.failedFuture(ApiException.forbidden("The chair has not opened this meeting to guests."));
      }
      return pool.withTransaction(sql -> UserRepository.insertGuest(sql, name)
              .compose(guest -> MeetingRepository.putParticipant(sql, m.id(), guest.id(), EnumSet.of(Role.GUEST))
                  .compose(v -> AuditLog.record(sql, guest, "meeting.guest_join", m.id(),
                      new JsonObject().put("name", name)))
                  .map(guest)))
          .onSuccess(guest -> ParticipantEvents.changed(ctx.vertx(), m.id()))
          .map(guest -> {
            CurrentUser.signIn(ctx, guest);
            return new JsonObject().put("meetingId", m.id()).put("user", guest.toJson());
          });
    });
  }
}
