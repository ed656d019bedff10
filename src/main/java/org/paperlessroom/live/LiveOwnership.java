package org.paperlessroom.live;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which node writes a meeting's live state (clustered servers): a lease in the database, renewed
 * every second, taken over when it runs out or its node leaves the cluster. Each take-over is a new
 * epoch, and a save names its epoch, so a node that lost its lease cannot write any more.
 */
final class LiveOwnership {
  static final long LEASE_MS = 5_000;
  private static final String ACQUIRE = """
      INSERT INTO live_owners (meeting_id, node_id, epoch, lease_until)
      SELECT $1, $2, 1, now() + $3 * interval '1 millisecond' WHERE EXISTS (SELECT 1 FROM meetings WHERE id = $1)
      ON CONFLICT (meeting_id) DO UPDATE SET node_id = EXCLUDED.node_id, epoch = live_owners.epoch + 1,
        lease_until = EXCLUDED.lease_until
      WHERE live_owners.lease_until < now() OR live_owners.node_id = EXCLUDED.node_id
      RETURNING epoch""";
  private static final String RENEW = """
      UPDATE live_owners SET lease_until = now() + $3 * interval '1 millisecond'
      WHERE node_id = $1 AND meeting_id = ANY($2) AND lease_until >= now() RETURNING meeting_id""";
  private static final String RELEASE = "DELETE FROM live_owners WHERE meeting_id = $1 AND node_id = $2 AND epoch = $3";
  private static final String RELEASE_ALL = "DELETE FROM live_owners WHERE node_id = $1";
  private static final String EXPIRE_NODE = "UPDATE live_owners SET lease_until = now() - interval '1 millisecond' WHERE node_id = $1";

  private LiveOwnership() {
  }

  /**
   * This node's epoch when it now owns the meeting (a new one also when it held the lease already:
   * whatever it was doing under the old epoch can no longer be saved); null while another node's lease runs.
   */
  static Future<Long> acquire(SqlClient sql, long meetingId, String nodeId) {
    return sql.preparedQuery(ACQUIRE).execute(Tuple.of(meetingId, nodeId, LEASE_MS))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /** Renews this node's leases; the meetings it still owns. */
  static Future<Set<Long>> renew(SqlClient sql, String nodeId, List<Long> meetingIds) {
    if (meetingIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return sql.preparedQuery(RENEW).execute(Tuple.of(nodeId, meetingIds.toArray(new Long[0]), LEASE_MS)).map(rows -> {
      Set<Long> kept = new HashSet<>();
      for (Row row : rows) {
        kept.add(row.getLong(0));
      }
      return kept;
    });
  }

  static Future<Void> release(SqlClient sql, long meetingId, String nodeId, long epoch) {
    return sql.preparedQuery(RELEASE).execute(Tuple.of(meetingId, nodeId, epoch)).mapEmpty();
  }

  static Future<Void> releaseAll(SqlClient sql, String nodeId) {
    return sql.preparedQuery(RELEASE_ALL).execute(Tuple.of(nodeId)).mapEmpty();
  }

  /** A node left the cluster: its meetings may be taken over at once. */
  static Future<Void> expire(SqlClient sql, String nodeId) {
    return sql.preparedQuery(EXPIRE_NODE).execute(Tuple.of(nodeId)).mapEmpty();
  }
}
