package org.paperlessroom.agenda;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.web.ApiException;

import java.time.OffsetDateTime;

/**
 * SQL for requests to speak (đăng ký phát biểu): a queue in the order asked, one speaker at a time
 * (both also enforced by unique indexes), each with its times.
 */
final class SpeakerQueue {
  private static final String ALL = """
      SELECT s.id, s.user_id, u.display_name, s.agenda_item_id, s.status, s.requested_at, s.started_at, s.ended_at
      FROM speaker_requests s JOIN users u ON u.id = s.user_id
      WHERE s.meeting_id = $1 ORDER BY s.requested_at, s.id""";
  private static final String OPEN = """
      SELECT s.id, s.user_id, u.display_name, s.agenda_item_id, s.status, s.requested_at, s.started_at, s.ended_at
      FROM speaker_requests s JOIN users u ON u.id = s.user_id
      WHERE s.meeting_id = $1 AND s.status IN ('waiting', 'speaking') ORDER BY s.requested_at, s.id""";
  private static final String REQUEST = """
      INSERT INTO speaker_requests (meeting_id, user_id, agenda_item_id) VALUES ($1, $2, $3) RETURNING id""";
  private static final String WITHDRAW_MINE = """
      UPDATE speaker_requests SET status = 'withdrawn', ended_at = now()
      WHERE meeting_id = $1 AND user_id = $2 AND status = 'waiting' RETURNING id""";
  private static final String WITHDRAW = """
      UPDATE speaker_requests SET status = 'withdrawn', ended_at = now()
      WHERE meeting_id = $1 AND id = $2 AND status = 'waiting' RETURNING id""";
  private static final String END_SPEAKER = """
      UPDATE speaker_requests SET status = 'done', ended_at = now()
      WHERE meeting_id = $1 AND status = 'speaking' RETURNING id, user_id""";
  private static final String GIVE_FLOOR = """
      UPDATE speaker_requests SET status = 'speaking', started_at = now()
      WHERE meeting_id = $1 AND id = $2 AND status = 'waiting' RETURNING user_id""";
  private static final String CLOSE_ALL = """
      UPDATE speaker_requests SET status = CASE WHEN status = 'speaking' THEN 'done' ELSE 'withdrawn' END,
        ended_at = now() WHERE meeting_id = $1 AND status IN ('waiting', 'speaking')""";

  private SpeakerQueue() {
  }

  static Future<Long> request(SqlClient sql, long meetingId, long userId, Long itemId) {
    return sql.preparedQuery(REQUEST).execute(Tuple.of(meetingId, userId, itemId))
        .map(rows -> rows.iterator().next().getLong(0))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? ApiException.conflict("already_waiting", "You have already asked to speak; wait for the chair to give you the floor.")
            : e));
  }

  static Future<Boolean> withdrawMine(SqlClient sql, long meetingId, long userId) {
    return sql.preparedQuery(WITHDRAW_MINE).execute(Tuple.of(meetingId, userId)).map(rows -> rows.size() > 0);
  }

  static Future<Boolean> withdraw(SqlClient sql, long meetingId, long requestId) {
    return sql.preparedQuery(WITHDRAW).execute(Tuple.of(meetingId, requestId)).map(rows -> rows.size() > 0);
  }

  /** The current speaker is done (if any): their request id. */
  static Future<Long> endSpeaker(SqlClient sql, long meetingId) {
    return sql.preparedQuery(END_SPEAKER).execute(Tuple.of(meetingId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
  }

  /** A waiting request gets the floor (the current speaker, if any, must be done first). */
  static Future<Long> giveFloor(SqlClient sql, long meetingId, long requestId) {
    return sql.preparedQuery(GIVE_FLOOR).execute(Tuple.of(meetingId, requestId)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("The request to speak");
      }
      return rows.iterator().next().getLong(0);
    });
  }

  static Future<Void> closeAll(SqlClient sql, long meetingId) {
    return sql.preparedQuery(CLOSE_ALL).execute(Tuple.of(meetingId)).mapEmpty();
  }

  /** Every request of the meeting with its times (for the record and the minutes). */
  static Future<JsonArray> history(SqlClient sql, long meetingId) {
    return sql.preparedQuery(ALL).execute(Tuple.of(meetingId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(json(r)));
      return out;
    });
  }

  /** Who has the floor and who waits, as the live state carries them: {speaker, queue}. */
  static Future<JsonObject> floor(SqlClient sql, long meetingId) {
    return sql.preparedQuery(OPEN).execute(Tuple.of(meetingId)).map(rows -> {
      JsonObject speaker = null;
      JsonArray queue = new JsonArray();
      for (Row r : rows) {
        if ("speaking".equals(r.getString("status"))) {
          speaker = new JsonObject().put("id", r.getLong("id")).put("userId", r.getLong("user_id"))
              .put("name", r.getString("display_name")).put("since", text(r.getOffsetDateTime("started_at")));
        } else {
          queue.add(new JsonObject().put("id", r.getLong("id")).put("userId", r.getLong("user_id"))
              .put("name", r.getString("display_name")).put("requestedAt", text(r.getOffsetDateTime("requested_at"))));
        }
      }
      return new JsonObject().put("speaker", speaker).put("queue", queue);
    });
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("userId", r.getLong("user_id"))
        .put("name", r.getString("display_name")).put("itemId", r.getLong("agenda_item_id"))
        .put("status", r.getString("status")).put("requestedAt", text(r.getOffsetDateTime("requested_at")))
        .put("startedAt", text(r.getOffsetDateTime("started_at"))).put("endedAt", text(r.getOffsetDateTime("ended_at")));
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
