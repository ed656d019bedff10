package org.paperlessroom.attendance;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.paperlessroom.live.ConnectionEvents;
import org.paperlessroom.live.LiveHub;
import org.paperlessroom.live.LiveState;
import org.paperlessroom.meeting.ParticipantEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Attendance as the rest of the server needs it: people checked in automatically when their first
 * device connects while the meeting runs (and their leaving and returning recorded), and the figures
 * with the quorum kept current in the live state for the chair.
 */
public final class Attendance {
  private static final Logger LOG = LoggerFactory.getLogger(Attendance.class);

  private final Pool pool;
  private final LiveHub hub;

  public Attendance(Pool pool, LiveHub hub) {
    this.pool = pool;
    this.hub = hub;
  }

  /** Listens to connections and participant changes; call once on the HTTP server's context. */
  public void start(Vertx vertx) {
    vertx.eventBus().<JsonObject>localConsumer(ConnectionEvents.PERSON, msg -> {
      JsonObject e = msg.body();
      long meetingId = e.getLong("meetingId");
      long userId = e.getLong("userId");
      // Clustered, a person's last device on this node may not be their last one.
      Future<Boolean> gone = e.getBoolean("connected") || !hub.node().clustered() ? Future.succeededFuture(true)
          : hub.connectedPeople(meetingId).map(people -> !people.contains(userId));
      gone.compose(record -> !record ? Future.succeededFuture(false)
              : AttendanceRepository.connection(pool, meetingId, userId, e.getBoolean("connected"), Instant.parse(e.getString("at"))))
          .compose(checkedIn -> checkedIn ? refresh(meetingId).mapEmpty() : Future.succeededFuture())
          .onFailure(err -> LOG.warn("Could not record the connection of user {} to meeting {}: {}",
              e.getLong("userId"), meetingId, err.toString()));
    });
    // Participants added or removed, roles changed: the figures change, once anybody looks at them.
    vertx.eventBus().<Long>localConsumer(ParticipantEvents.CHANGED, msg -> hub.update(msg.body(), state ->
            state.run().attendance() == null ? Future.succeededFuture(UnaryOperator.identity()) : change(pool, msg.body()))
        .onFailure(err -> LOG.warn("Could not update the attendance figures of meeting {}: {}", msg.body(), err.toString())));
  }

  /** Everyone whose device follows the meeting now is checked in (when the meeting starts, in its transaction). */
  public Future<Void> checkInConnected(SqlClient sql, long meetingId, Instant at) {
    return hub.connectedPeople(meetingId).compose(people -> people.isEmpty() ? Future.succeededFuture()
        : AttendanceRepository.checkInAll(sql, meetingId, people.toArray(Long[]::new), at));
  }

  /** The figures as they are in the database now, into the live state (after any earlier change). */
  public Future<Long> refresh(long meetingId) {
    return hub.update(meetingId, state -> change(pool, meetingId));
  }

  /** The live-state change that puts the current figures in. */
  public static Future<UnaryOperator<LiveState>> change(SqlClient sql, long meetingId) {
    return figures(sql, meetingId).map(f -> s -> f.equals(s.run().attendance()) ? s : s.run(s.run().attendance(f)));
  }

  /** {present, total, members, membersPresent, rule, count, required, met}. */
  public static Future<JsonObject> figures(SqlClient sql, long meetingId) {
    return AttendanceRepository.rules(sql, meetingId)
        .compose(rules -> AttendanceRepository.people(sql, meetingId).map(people -> figures(rules, people)));
  }

  static JsonObject figures(AttendanceRepository.Rules rules, List<Attendee> people) {
    int present = 0;
    int members = 0;
    int membersPresent = 0;
    for (Attendee a : people) {
      boolean here = a.status() != null && a.status().present();
      present += here ? 1 : 0;
      if (a.votingMember()) {
        members++;
        membersPresent += here ? 1 : 0;
      }
    }
    return new JsonObject().put("present", present).put("total", people.size()).put("members", members)
        .put("membersPresent", membersPresent).put("rule", rules.rule().code()).put("count", rules.count())
        .put("required", rules.rule().required(members, rules.count()))
        .put("met", rules.rule().met(membersPresent, members, rules.count()));
  }

  /** Every participant with their attendance (for the minutes). */
  public static Future<List<Attendee>> people(SqlClient sql, long meetingId) {
    return AttendanceRepository.people(sql, meetingId);
  }

  /** People with a device following the meeting on this server. */
  public Future<Set<Long>> connected(long meetingId) {
    return hub.connectedPeople(meetingId);
  }
}
