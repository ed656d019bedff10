package org.paperlessroom.agenda;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.web.ApiException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for agenda items, their order and their documents. */
final class AgendaRepository {
  private static final String ITEMS = "SELECT " + AgendaItem.COLUMNS + """
       FROM agenda_items i LEFT JOIN users u ON u.id = i.presenter_id
      WHERE i.meeting_id = $1 ORDER BY i.position""";
  private static final String DOCUMENTS = """
      SELECT a.item_id, d.id, d.name, d.classified, f.status, f.page_count, f.sha256, f.kind
      FROM agenda_item_documents a JOIN agenda_items i ON i.id = a.item_id
      JOIN documents d ON d.id = a.document_id JOIN files f ON f.sha256 = d.file_sha256
      WHERE i.meeting_id = $1 ORDER BY a.item_id, a.position""";
  /** Taken first by every change to a meeting's agenda: one change at a time, and the next version number. */
  private static final String NEXT_VERSION =
      "UPDATE meetings SET agenda_version = agenda_version + 1 WHERE id = $1 RETURNING agenda_version";
  private static final String INSERT = """
      INSERT INTO agenda_items (meeting_id, position, title, description, presenter_id, planned_minutes)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""";
  private static final String SHIFT_DOWN = """
      UPDATE agenda_items SET position = position + 1 WHERE meeting_id = $1 AND position >= $2""";
  private static final String UPDATE = """
      UPDATE agenda_items SET title = $3, description = $4, presenter_id = $5, planned_minutes = $6
      WHERE meeting_id = $1 AND id = $2""";
  private static final String DELETE = "DELETE FROM agenda_items WHERE meeting_id = $1 AND id = $2 RETURNING position";
  private static final String CLOSE_GAP = """
      UPDATE agenda_items SET position = position - 1 WHERE meeting_id = $1 AND position > $2""";
  private static final String SET_POSITION = "UPDATE agenda_items SET position = $3 WHERE meeting_id = $1 AND id = $2";
  private static final String CLEAR_DOCUMENTS = "DELETE FROM agenda_item_documents WHERE item_id = $1";
  private static final String ADD_DOCUMENT = """
      INSERT INTO agenda_item_documents (item_id, document_id, position) VALUES ($1, $2, $3)""";
  private static final String MEETING_DOCUMENTS = "SELECT id FROM documents WHERE meeting_id = $1";
  private static final String PARTICIPANT = "SELECT 1 FROM participants WHERE meeting_id = $1 AND user_id = $2";
  private static final String LEAVE_ITEM = """
      UPDATE agenda_items SET elapsed_ms = $3, ended_at = $4 WHERE meeting_id = $1 AND id = $2""";
  private static final String ENTER_ITEM = """
      UPDATE agenda_items SET started_at = COALESCE(started_at, $3) WHERE meeting_id = $1 AND id = $2""";

  private AgendaRepository() {
  }

  /** The agenda in order, each item with its documents. */
  static Future<List<AgendaItem>> items(SqlClient sql, long meetingId) {
    return sql.preparedQuery(DOCUMENTS).execute(Tuple.of(meetingId)).compose(docRows -> {
      Map<Long, List<AgendaItem.Document>> docs = new HashMap<>();
      for (Row r : docRows) {
        docs.computeIfAbsent(r.getLong("item_id"), k -> new ArrayList<>()).add(new AgendaItem.Document(
            r.getLong("id"), r.getString("name"), r.getBoolean("classified"), r.getString("status"),
            r.getInteger("page_count"), r.getString("sha256"), r.getString("kind")));
      }
      return sql.preparedQuery(ITEMS).execute(Tuple.of(meetingId)).map(rows -> {
        List<AgendaItem> out = new ArrayList<>();
        for (Row r : rows) {
          out.add(AgendaItem.from(r, List.copyOf(docs.getOrDefault(r.getLong("id"), List.of()))));
        }
        return out;
      });
    });
  }

  static Future<Optional<AgendaItem>> item(SqlClient sql, long meetingId, long itemId) {
    return items(sql, meetingId).map(all -> all.stream().filter(i -> i.id() == itemId).findFirst());
  }

  /** Locks the meeting's agenda for this transaction and gives the version the change will have. */
  static Future<Long> nextVersion(SqlClient sql, long meetingId) {
    return sql.preparedQuery(NEXT_VERSION).execute(Tuple.of(meetingId)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("The meeting");
      }
      return rows.iterator().next().getLong(0);
    });
  }

  /** Adds an item at {@code position} (1-based; past the end means last); its id. */
  static Future<Long> insert(SqlClient sql, long meetingId, int position, ItemFields f) {
    return sql.preparedQuery(SHIFT_DOWN).execute(Tuple.of(meetingId, position))
        .compose(v -> sql.preparedQuery(INSERT).execute(Tuple.of(meetingId, position, f.title(), f.description(),
            f.presenterId(), f.plannedMinutes())))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Boolean> update(SqlClient sql, long meetingId, long itemId, ItemFields f) {
    return sql.preparedQuery(UPDATE).execute(Tuple.of(meetingId, itemId, f.title(), f.description(), f.presenterId(),
        f.plannedMinutes())).map(rows -> rows.rowCount() == 1);
  }

  static Future<Boolean> delete(SqlClient sql, long meetingId, long itemId) {
    return sql.preparedQuery(DELETE).execute(Tuple.of(meetingId, itemId)).compose(rows -> rows.size() == 0
        ? Future.succeededFuture(false)
        : sql.preparedQuery(CLOSE_GAP).execute(Tuple.of(meetingId, rows.iterator().next().getInteger(0))).map(true));
  }

  /** Puts the items in the given order (positions are checked when the transaction commits). */
  static Future<Void> reorder(SqlClient sql, long meetingId, List<Long> itemIds) {
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < itemIds.size(); i++) {
      batch.add(Tuple.of(meetingId, itemIds.get(i), i + 1));
    }
    return batch.isEmpty() ? Future.succeededFuture() : sql.preparedQuery(SET_POSITION).executeBatch(batch).mapEmpty();
  }

  static Future<Void> setDocuments(SqlClient sql, long itemId, List<Long> documentIds) {
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < documentIds.size(); i++) {
      batch.add(Tuple.of(itemId, documentIds.get(i), i + 1));
    }
    Future<?> cleared = sql.preparedQuery(CLEAR_DOCUMENTS).execute(Tuple.of(itemId));
    return batch.isEmpty() ? cleared.mapEmpty()
        : cleared.compose(v -> sql.preparedQuery(ADD_DOCUMENT).executeBatch(batch)).mapEmpty();
  }

  /** The ids of the meeting's documents (an item may only list those). */
  static Future<java.util.Set<Long>> meetingDocuments(SqlClient sql, long meetingId) {
    return sql.preparedQuery(MEETING_DOCUMENTS).execute(Tuple.of(meetingId)).map(rows -> {
      java.util.Set<Long> ids = new java.util.HashSet<>();
      rows.forEach(r -> ids.add(r.getLong(0)));
      return ids;
    });
  }

  static Future<Boolean> isParticipant(SqlClient sql, long meetingId, long userId) {
    return sql.preparedQuery(PARTICIPANT).execute(Tuple.of(meetingId, userId)).map(rows -> rows.size() > 0);
  }

  /** The meeting moves off an item: the time spent on it so far, and when. */
  static Future<Void> leave(SqlClient sql, long meetingId, long itemId, long elapsedMs, Instant at) {
    return sql.preparedQuery(LEAVE_ITEM).execute(Tuple.of(meetingId, itemId, elapsedMs, at.atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  static Future<Void> enter(SqlClient sql, long meetingId, long itemId, Instant at) {
    return sql.preparedQuery(ENTER_ITEM).execute(Tuple.of(meetingId, itemId, at.atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  /** What a person may set on an item. */
  record ItemFields(String title, String description, Long presenterId, int plannedMinutes) {
  }
}
