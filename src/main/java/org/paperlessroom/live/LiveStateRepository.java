package org.paperlessroom.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The persisted live state of a meeting: the last broadcast state and its sequence number. */
final class LiveStateRepository {
  private static final String LOAD = "SELECT seq, state FROM live_states WHERE meeting_id = $1";
  /** Never goes back: a late write of an older state loses against a newer one. */
  private static final String SAVE = """
      INSERT INTO live_states (meeting_id, seq, state) VALUES ($1, $2, $3)
      ON CONFLICT (meeting_id) DO UPDATE SET seq = EXCLUDED.seq, state = EXCLUDED.state, updated_at = now()
      WHERE live_states.seq < EXCLUDED.seq""";
  private static final String MEETING_EXISTS = "SELECT 1 FROM meetings WHERE id = $1";

  record Stored(long seq, LiveState state) {
  }

  private LiveStateRepository() {
  }

  /** The stored state; idle with sequence 0 for a meeting never presented; null when there is no such meeting. */
  static Future<Stored> load(SqlClient sql, long meetingId) {
    return sql.preparedQuery(MEETING_EXISTS).execute(Tuple.of(meetingId)).compose(exists -> exists.size() == 0
        ? Future.succeededFuture(null)
        : sql.preparedQuery(LOAD).execute(Tuple.of(meetingId)).map(rows -> {
          if (rows.size() == 0) {
            return new Stored(0, LiveState.IDLE);
          }
          var row = rows.iterator().next();
          return new Stored(row.getLong("seq"), LiveState.fromJson((JsonObject) row.getJson("state")));
        }));
  }

  static Future<Void> save(SqlClient sql, long meetingId, long seq, LiveState state) {
    return sql.preparedQuery(SAVE).execute(Tuple.of(meetingId, seq, state.toJson())).mapEmpty();
  }
}
