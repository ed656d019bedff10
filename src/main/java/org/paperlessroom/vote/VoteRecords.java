package org.paperlessroom.vote;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.List;

/** A meeting's votes with their results, for other features (the minutes). */
public final class VoteRecords {
  private VoteRecords() {
  }

  /** The closed votes of the meeting, in the order they were created. */
  public static Future<List<Vote>> closed(SqlClient sql, long meetingId) {
    return VoteRepository.forMeeting(sql, meetingId).map(all -> all.stream().filter(v -> "closed".equals(v.status())).toList());
  }
}
