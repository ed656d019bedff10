package org.paperlessroom.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.auth.Actor;

/** Who did what, when, in which meeting: written in the same transaction as the change it records. */
public final class AuditLog {
  private static final String INSERT = """
      INSERT INTO audit_log (actor_id, actor_name, action, meeting_id, detail)
      VALUES ($1, $2, $3, $4, $5)""";

  private static final String LIST = """
      SELECT at, actor_id, actor_name, action, meeting_id, detail FROM audit_log
      WHERE ($1::BIGINT IS NULL OR meeting_id = $1)
      ORDER BY id DESC LIMIT $2""";

  private AuditLog() {
  }

  public static Future<Void> record(SqlClient sql, Actor actor, String action, Long meetingId, JsonObject detail) {
    return sql.preparedQuery(INSERT)
        .execute(Tuple.of(actor == null ? null : actor.id(), actor == null ? "system" : actor.displayName(),
            action, meetingId, detail == null ? new JsonObject() : detail))
        .mapEmpty();
  }

  public static Future<JsonArray> list(Pool pool, Long meetingId, int limit) {
    return pool.preparedQuery(LIST).execute(Tuple.of(meetingId, limit)).map(rows -> {
      JsonArray entries = new JsonArray();
      for (Row row : rows) {
        entries.add(new JsonObject()
            .put("at", row.getOffsetDateTime("at").toInstant().toString())
            .put("actorId", row.getLong("actor_id"))
            .put("actorName", row.getString("actor_name"))
            .put("action", row.getString("action"))
            .put("meetingId", row.getLong("meeting_id"))
            .put("detail", row.getJsonObject("detail")));
      }
      return entries;
    });
  }
}
