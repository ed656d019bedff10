package org.paperlessroom.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.List;

/** The participants of a meeting with their roles, for other features (the live room). */
public final class Participants {
  private Participants() {
  }

  public static Future<List<Participant>> of(SqlClient sql, long meetingId) {
    return MeetingRepository.participants(sql, meetingId);
  }
}
