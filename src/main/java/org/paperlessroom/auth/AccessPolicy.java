package org.paperlessroom.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one answer to "may user U do action A in meeting M?", used by every REST handler and by the
 * event-bus bridge guard. A denial is a 403 with the reason (404 when the meeting does not exist)
 * and a log line; nothing is changed.
 */
public final class AccessPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);
  private static final String ROLES = """
      SELECT m.id, p.roles FROM meetings m
      LEFT JOIN participants p ON p.meeting_id = m.id AND p.user_id = $2
      WHERE m.id = $1""";

  private final Pool pool;

  public AccessPolicy(Pool pool) {
    this.pool = pool;
  }

  /** The roles of {@code actor} in the meeting, after checking {@code action} is allowed. */
  public Future<Set<Role>> check(Actor actor, long meetingId, Action action) {
    return rolesIn(actor, meetingId).compose(roles -> {
      if (allows(actor, roles, action)) {
        return Future.succeededFuture(roles);
      }
      LOG.info("Denied: user {} ({}) {} in meeting {}", actor.id(), actor.username(), action, meetingId);
      return Future.failedFuture(ApiException.forbidden(action.denial));
    });
  }

  /** The actor's roles in the meeting (empty when not a participant); fails 404 when there is no such meeting. */
  public Future<Set<Role>> rolesIn(Actor actor, long meetingId) {
    return pool.preparedQuery(ROLES).execute(Tuple.of(meetingId, actor.id())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The meeting"));
      }
      String[] codes = rows.iterator().next().getArrayOfStrings("roles");
      Set<Role> roles = EnumSet.noneOf(Role.class);
      if (codes != null) {
        for (String code : codes) {
          Role.fromCode(code).ifPresent(roles::add);
        }
      }
      return Future.succeededFuture(roles);
    });
  }

  /** The pure rule, for callers that already hold the roles (e.g. the bridge guard per frame). */
  public static boolean allows(Actor actor, Set<Role> roles, Action action) {
    if (!actor.active()) {
      return false;
    }
    if (actor.admin() && action.adminMay) {
      return true;
    }
    for (Role role : roles) {
      if (action.roles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
