package org.paperlessroom.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.paperlessroom.web.ApiException;

/** A meeting's own facts for other features (the meeting pack, the calendar file); 404 when there is none. */
public final class MeetingFacts {
  private MeetingFacts() {
  }

  public static Future<Meeting> of(SqlClient sql, long meetingId) {
    return MeetingRepository.byId(sql, meetingId, false)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("The meeting")));
  }
}
