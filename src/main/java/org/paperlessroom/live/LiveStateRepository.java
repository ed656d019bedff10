package org.paperlessroom.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The persisted live state of a meeting: the last broadcast state and its sequence number. */
final class LiveStateRepository {
  private static final String LOAD = """
      SELECT m.status, m.agenda_version, l.seq, l.state FROM meetings m
      LEFT JOIN live_states l ON l.meeting_id = m.id WHERE m.id = $1""";
  /** Never goes back: a late write of an older state loses against a newer one. */
  private static final String SAVE = """
      INSERT INTO live_states (meeting_id, seq, state) VALUES ($1, $2, $3)
      ON CONFLICT (meeting_id) DO UPDATE SET seq = EXCLUDED.seq, state = EXCLUDED.state, updated_at = now()
      WHERE live_states.seq < EXCLUDED.seq""";

  /**
   * Clustered: saved only while the node holds the meeting's lease in this epoch. The lease row is
   * locked while saving: a take-over waits for a save under way (and then reads it), and a save
   * after a take-over finds the lease gone.
   */
  private static final String SAVE_OWNED = """
      WITH lease AS (SELECT 1 FROM live_owners o
        WHERE o.meeting_id = $1 AND o.node_id = $4 AND o.epoch = $5 AND o.lease_until >= now() FOR SHARE)
      INSERT INTO live_states (meeting_id, seq, state)
      SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM lease)
      ON CONFLICT (meeting_id) DO UPDATE SET seq = EXCLUDED.seq, state = EXCLUDED.state, updated_at = now()
      WHERE live_states.seq < EXCLUDED.seq""";

  record Stored(long seq, LiveState state) {
  }

  private LiveStateRepository() {
  }

  /**
   * The stored state (idle with sequence 0 for a meeting never presented), with the meeting's status
   * and agenda version as the database has them; null when there is no such meeting.
   */
  static Future<Stored> load(SqlClient sql, long meetingId) {
    return sql.preparedQuery(LOAD).execute(Tuple.of(meetingId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      var row = rows.iterator().next();
      Long seq = row.getLong("seq");
      LiveState state = seq == null ? LiveState.IDLE : LiveState.fromJson((JsonObject) row.getJson("state"));
      Proceedings run = state.run().status(row.getString("status")).agendaVersion(row.getLong("agenda_version"));
      return new Stored(seq == null ? 0 : seq, state.run(run));
    });
  }

  /** Whether the state was saved (false: the lease is no longer this node's in this epoch). */
  static Future<Boolean> saveOwned(SqlClient sql, long meetingId, long seq, JsonObject state, String nodeId, long epoch) {
    return sql.preparedQuery(SAVE_OWNED).execute(Tuple.of(meetingId, seq, state, nodeId, epoch))
        .map(rows -> rows.rowCount() == 1);
  }

  static Future<Void> save(SqlClient sql, long meetingId, long seq, LiveState state) {
    return sql.preparedQuery(SAVE).execute(Tuple.of(meetingId, seq, state.toJson())).mapEmpty();
  }
}
