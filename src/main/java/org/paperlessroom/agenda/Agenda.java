package org.paperlessroom.agenda;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlClient;

import java.util.List;

/** The agenda and the speakers' record for other features (the minutes). */
public final class Agenda {
  private Agenda() {
  }

  public static Future<List<AgendaItem>> items(SqlClient sql, long meetingId) {
    return AgendaRepository.items(sql, meetingId);
  }

  /** Whether the item is on the meeting's agenda. */
  public static Future<Boolean> hasItem(SqlClient sql, long meetingId, long itemId) {
    return sql.preparedQuery("SELECT 1 FROM agenda_items WHERE id = $1 AND meeting_id = $2")
        .execute(io.vertx.sqlclient.Tuple.of(itemId, meetingId)).map(rows -> rows.size() > 0);
  }

  /** Every request to speak with its times: [{id, userId, name, itemId, status, requestedAt, startedAt, endedAt}]. */
  public static Future<JsonArray> speakers(SqlClient sql, long meetingId) {
    return SpeakerQueue.history(sql, meetingId);
  }
}
