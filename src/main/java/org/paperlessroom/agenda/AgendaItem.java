package org.paperlessroom.agenda;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** One item of a meeting's agenda (nội dung họp), with its documents in order. */
public record AgendaItem(long id, long meetingId, int position, String title, String description, Long presenterId,
                         String presenterName, int plannedMinutes, long elapsedMs, Instant startedAt, Instant endedAt,
                         List<Document> documents) {

  /** A document attached to the item. */
  public record Document(long id, String name, boolean classified, String status, Integer pageCount, String sha256,
                         String kind) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("classified", classified).put("status", status)
          .put("pageCount", pageCount);
    }

    public boolean ready() {
      return "ready".equals(status);
    }
  }

  static final String COLUMNS = """
      i.id, i.meeting_id, i.position, i.title, i.description, i.presenter_id, u.display_name AS presenter_name,
      i.planned_minutes, i.elapsed_ms, i.started_at, i.ended_at""";

  static AgendaItem from(Row row, List<Document> documents) {
    return new AgendaItem(row.getLong("id"), row.getLong("meeting_id"), row.getInteger("position"), row.getString("title"),
        row.getString("description"), row.getLong("presenter_id"), row.getString("presenter_name"),
        row.getInteger("planned_minutes"), row.getLong("elapsed_ms"), instant(row.getOffsetDateTime("started_at")),
        instant(row.getOffsetDateTime("ended_at")), documents);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  public JsonObject toJson() {
    JsonArray docs = new JsonArray();
    documents.forEach(d -> docs.add(d.toJson()));
    return new JsonObject().put("id", id).put("position", position).put("title", title).put("description", description)
        .put("presenterId", presenterId).put("presenterName", presenterName).put("plannedMinutes", plannedMinutes)
        .put("elapsedMs", elapsedMs).put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("endedAt", endedAt == null ? null : endedAt.toString()).put("documents", docs);
  }
}
