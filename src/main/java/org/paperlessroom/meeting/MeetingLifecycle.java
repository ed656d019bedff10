package org.paperlessroom.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.web.ApiException;

/** Starting and ending a meeting (status, start and end times), for the feature that runs it. */
public final class MeetingLifecycle {
  private static final String SET = """
      UPDATE meetings SET status = $2,
        started_at = CASE WHEN $2 = 'in_progress' THEN now() ELSE started_at END,
        ended_at = CASE WHEN $2 = 'ended' THEN now() ELSE ended_at END
      WHERE id = $1""";

  private MeetingLifecycle() {
  }

  /** Moves the meeting to {@code next} (in_progress or ended), refusing what its status does not allow. */
  public static Future<Meeting> change(SqlClient sql, long meetingId, MeetingStatus next) {
    return MeetingRepository.byId(sql, meetingId, true).compose(found -> {
      Meeting m = found.orElseThrow(() -> ApiException.notFound("The meeting"));
      if (m.status() == next) {
        return Future.failedFuture(ApiException.conflict("already_" + next.code(), next == MeetingStatus.IN_PROGRESS
            ? "The meeting has already started." : "The meeting has already ended."));
      }
      if (!m.status().mayBecome(next)) {
        return Future.failedFuture(ApiException.conflict("bad_status_change", next == MeetingStatus.ENDED
            ? "Only a meeting in progress can be ended." : "An ended meeting cannot start again."));
      }
      return sql.preparedQuery(SET).execute(Tuple.of(meetingId, next.code())).map(m);
    });
  }
}
