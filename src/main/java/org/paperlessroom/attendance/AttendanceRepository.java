package org.paperlessroom.attendance;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL for attendance: who is checked in, how and since when, and the events behind it. */
final class AttendanceRepository {
  private static final String PEOPLE = """
      SELECT p.user_id, p.roles, u.display_name, u.position, u.is_guest,
             a.status, a.reason, a.checked_in_at, a.automatic, b.display_name AS updated_by
      FROM participants p JOIN users u ON u.id = p.user_id
      LEFT JOIN attendance a ON a.meeting_id = p.meeting_id AND a.user_id = p.user_id
      LEFT JOIN users b ON b.id = a.updated_by
      WHERE p.meeting_id = $1 ORDER BY p.added_at, u.display_name""";
  private static final String EVENTS = """
      SELECT user_id, kind, at FROM attendance_events WHERE meeting_id = $1 ORDER BY at, id""";
  private static final String RULES = "SELECT quorum_rule, quorum_count, check_in_mode, status FROM meetings WHERE id = $1";
  private static final String SET_RULES = """
      UPDATE meetings SET quorum_rule = $2, quorum_count = $3, check_in_mode = $4 WHERE id = $1""";
  private static final String PARTICIPANTS_AMONG = """
      SELECT count(*) FROM participants WHERE meeting_id = $1 AND user_id = ANY ($2)""";
  private static final String SET = """
      INSERT INTO attendance (meeting_id, user_id, status, reason, checked_in_at, automatic, updated_by, updated_at)
      SELECT $1, u, $3, $4, CASE WHEN $3 IN ('in_person', 'online') THEN now() END, false, $5, now()
      FROM unnest($2::BIGINT[]) AS u
      ON CONFLICT (meeting_id, user_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
        checked_in_at = COALESCE(attendance.checked_in_at, EXCLUDED.checked_in_at), automatic = false,
        updated_by = EXCLUDED.updated_by, updated_at = now()""";
  private static final String CLEAR = "DELETE FROM attendance WHERE meeting_id = $1 AND user_id = ANY ($2)";
  private static final String EVENT_FOR_ALL = """
      INSERT INTO attendance_events (meeting_id, user_id, kind, by_user) SELECT $1, u, $3, $4 FROM unnest($2::BIGINT[]) AS u""";
  /** A device connected while the meeting runs: checked in unless already (by hand or before). */
  private static final String AUTO_CHECK_IN = """
      INSERT INTO attendance (meeting_id, user_id, status, checked_in_at, automatic)
      SELECT m.id, p.user_id, m.check_in_mode, $3, true FROM meetings m
      JOIN participants p ON p.meeting_id = m.id AND p.user_id = $2
      WHERE m.id = $1 AND m.status = 'in_progress'
      ON CONFLICT (meeting_id, user_id) DO NOTHING RETURNING user_id""";
  /** Connections are recorded while the meeting runs (leave and return times), for participants only. */
  private static final String CONNECTION_EVENT = """
      INSERT INTO attendance_events (meeting_id, user_id, kind, at)
      SELECT m.id, p.user_id, $3, $4 FROM meetings m JOIN participants p ON p.meeting_id = m.id AND p.user_id = $2
      WHERE m.id = $1 AND m.status = 'in_progress'""";

  private static final String EVENTS_FOR_ALL = """
      INSERT INTO attendance_events (meeting_id, user_id, kind, at)
      SELECT p.meeting_id, p.user_id, 'connected', $3 FROM participants p WHERE p.meeting_id = $1 AND p.user_id = ANY ($2)""";
  private static final String CHECK_IN_ALL = """
      INSERT INTO attendance (meeting_id, user_id, status, checked_in_at, automatic)
      SELECT m.id, p.user_id, m.check_in_mode, $3, true FROM meetings m
      JOIN participants p ON p.meeting_id = m.id AND p.user_id = ANY ($2)
      WHERE m.id = $1 ON CONFLICT (meeting_id, user_id) DO NOTHING""";

  private AttendanceRepository() {
  }

  record Rules(QuorumRule rule, Integer count, AttendanceStatus checkInMode, String meetingStatus) {
  }

  static Future<Rules> rules(SqlClient sql, long meetingId) {
    return sql.preparedQuery(RULES).execute(Tuple.of(meetingId)).map(rows -> {
      if (rows.size() == 0) {
        throw org.paperlessroom.web.ApiException.notFound("The meeting");
      }
      Row r = rows.iterator().next();
      return new Rules(QuorumRule.fromCode(r.getString("quorum_rule")).orElse(QuorumRule.MAJORITY),
          r.getInteger("quorum_count"), AttendanceStatus.fromCode(r.getString("check_in_mode")).orElse(AttendanceStatus.IN_PERSON),
          r.getString("status"));
    });
  }

  static Future<Void> setRules(SqlClient sql, long meetingId, QuorumRule rule, Integer count, AttendanceStatus mode) {
    return sql.preparedQuery(SET_RULES).execute(Tuple.of(meetingId, rule.code(), count, mode.code())).mapEmpty();
  }

  static Future<List<Attendee>> people(SqlClient sql, long meetingId) {
    return sql.preparedQuery(EVENTS).execute(Tuple.of(meetingId)).compose(eventRows -> {
      Map<Long, List<Attendee.Event>> events = new HashMap<>();
      for (Row r : eventRows) {
        events.computeIfAbsent(r.getLong("user_id"), k -> new ArrayList<>())
            .add(new Attendee.Event(r.getString("kind"), r.getOffsetDateTime("at").toInstant()));
      }
      return sql.preparedQuery(PEOPLE).execute(Tuple.of(meetingId)).map(rows -> {
        List<Attendee> out = new ArrayList<>();
        for (Row r : rows) {
          OffsetDateTime in = r.getOffsetDateTime("checked_in_at");
          String status = r.getString("status");
          out.add(new Attendee(r.getLong("user_id"), r.getString("display_name"), r.getString("position"),
              r.getBoolean("is_guest"), Arrays.asList(r.getArrayOfStrings("roles")),
              status == null ? null : AttendanceStatus.fromCode(status).orElse(null),
              r.getString("reason") == null ? "" : r.getString("reason"), in == null ? null : in.toInstant(),
              Boolean.TRUE.equals(r.getBoolean("automatic")), r.getString("updated_by"),
              List.copyOf(events.getOrDefault(r.getLong("user_id"), List.of()))));
        }
        return out;
      });
    });
  }

  static Future<Boolean> allParticipants(SqlClient sql, long meetingId, Long[] userIds) {
    return sql.preparedQuery(PARTICIPANTS_AMONG).execute(Tuple.tuple().addLong(meetingId).addArrayOfLong(userIds))
        .map(rows -> rows.iterator().next().getLong(0) == userIds.length);
  }

  /** Sets (status non-null) or clears (null) the attendance of several people, each with an event. */
  static Future<Void> set(SqlClient sql, long meetingId, Long[] userIds, AttendanceStatus status, String reason, long by) {
    Future<?> change = status == null
        ? sql.preparedQuery(CLEAR).execute(Tuple.tuple().addLong(meetingId).addArrayOfLong(userIds))
        : sql.preparedQuery(SET).execute(Tuple.tuple().addLong(meetingId).addArrayOfLong(userIds).addString(status.code()).addString(reason).addLong(by));
    return change.compose(v -> sql.preparedQuery(EVENT_FOR_ALL)
        .execute(Tuple.tuple().addLong(meetingId).addArrayOfLong(userIds).addString(status == null ? "cleared" : status.code()).addLong(by))).mapEmpty();
  }

  /** The people connected when the meeting starts: connected now, checked in unless already (one statement each). */
  static Future<Void> checkInAll(SqlClient sql, long meetingId, Long[] userIds, Instant at) {
    Tuple t = Tuple.tuple().addLong(meetingId).addArrayOfLong(userIds).addOffsetDateTime(at.atOffset(ZoneOffset.UTC));
    return sql.preparedQuery(EVENTS_FOR_ALL).execute(t).compose(v -> sql.preparedQuery(CHECK_IN_ALL).execute(t)).mapEmpty();
  }

  /** A person's first device connected (or the last one left): recorded while the meeting runs; whether they were checked in now. */
  static Future<Boolean> connection(SqlClient sql, long meetingId, long userId, boolean connected, Instant at) {
    OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
    Future<?> event = sql.preparedQuery(CONNECTION_EVENT)
        .execute(Tuple.of(meetingId, userId, connected ? "connected" : "disconnected", when));
    return !connected ? event.map(false) : event.compose(v -> sql.preparedQuery(AUTO_CHECK_IN)
        .execute(Tuple.of(meetingId, userId, when)).map(rows -> rows.size() > 0));
  }
}
