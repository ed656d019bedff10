package org.paperlessroom.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.paperlessroom.web.ApiException;

/** A meeting's own facts for other features (the meeting pack, the calendar file); 404 when there is none. */
public final class MeetingFacts {
  private MeetingFacts() {
  }

  /** When the meeting actually started and ended (null until then). */
  public record Times(java.time.Instant startedAt, java.time.Instant endedAt) {
  }

  public static Future<Times> times(SqlClient sql, long meetingId) {
    return sql.preparedQuery("SELECT started_at, ended_at FROM meetings WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(meetingId)).map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("The meeting");
          }
          var r = rows.iterator().next();
          var started = r.getOffsetDateTime("started_at");
          var ended = r.getOffsetDateTime("ended_at");
          return new Times(started == null ? null : started.toInstant(), ended == null ? null : ended.toInstant());
        });
  }

  public static Future<Meeting> of(SqlClient sql, long meetingId) {
    return MeetingRepository.byId(sql, meetingId, false)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("The meeting")));
  }
}
