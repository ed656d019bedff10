package org.paperlessroom.minutes;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.web.ApiException;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** SQL for the minutes: status and approval, fields with versions, every revision. */
final class MinutesRepository {
  private static final String ENSURE = "INSERT INTO minutes (meeting_id) VALUES ($1) ON CONFLICT (meeting_id) DO NOTHING";
  private static final String STATE = """
      SELECT status, edition, approved_by_name, approved_at, approved_sha256 FROM minutes WHERE meeting_id = $1""";
  private static final String STATE_LOCKED = STATE + " FOR UPDATE";
  private static final String STATE_SHARED = STATE + " FOR SHARE";
  private static final String FIELDS = """
      SELECT f.field, f.content, f.version, f.updated_at, u.display_name FROM minutes_fields f
      LEFT JOIN users u ON u.id = f.updated_by WHERE f.meeting_id = $1 ORDER BY f.field""";
  private static final String FIELD = """
      SELECT f.field, f.content, f.version, f.updated_at, u.display_name FROM minutes_fields f
      LEFT JOIN users u ON u.id = f.updated_by WHERE f.meeting_id = $1 AND f.field = $2""";
  private static final String INSERT_FIELD = """
      INSERT INTO minutes_fields (meeting_id, field, content, version, updated_by) VALUES ($1, $2, $3, 1, $4)
      ON CONFLICT (meeting_id, field) DO NOTHING RETURNING version""";
  private static final String UPDATE_FIELD = """
      UPDATE minutes_fields SET content = $3, version = version + 1, updated_by = $5, updated_at = now()
      WHERE meeting_id = $1 AND field = $2 AND version = $4 RETURNING version""";
  private static final String REVISION = """
      INSERT INTO minutes_revisions (meeting_id, field, version, content, author_id, author_name, restored_from)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";
  private static final String REVISIONS = """
      SELECT version, content, author_name, restored_from, created_at FROM minutes_revisions
      WHERE meeting_id = $1 AND field = $2 ORDER BY version DESC""";
  private static final String ONE_REVISION = """
      SELECT content FROM minutes_revisions WHERE meeting_id = $1 AND field = $2 AND version = $3""";
  private static final String APPROVE = """
      UPDATE minutes SET status = 'approved', approved_by = $2, approved_by_name = $3, approved_at = now(),
        approved_sha256 = $4, approved_report = $5 WHERE meeting_id = $1""";
  private static final String APPROVED_REPORT = "SELECT approved_report FROM minutes WHERE meeting_id = $1";
  private static final String UNLOCK = """
      UPDATE minutes SET status = 'draft', edition = edition + 1, approved_by = NULL, approved_by_name = NULL,
        approved_at = NULL, approved_sha256 = NULL, approved_report = NULL WHERE meeting_id = $1 RETURNING edition""";

  private MinutesRepository() {
  }

  /** A field as stored: its content, version, and who saved it last, when. */
  record Field(String key, JsonObject content, int version, String updatedBy, String updatedAt) {
    JsonObject toJson() {
      return new JsonObject().put("content", content).put("version", version).put("updatedBy", updatedBy)
          .put("updatedAt", updatedAt);
    }
  }

  /** The minutes' status: draft or approved (by whom, when, the approved text's SHA-256), and the edition. */
  record State(String status, int edition, String approvedBy, String approvedAt, String sha256) {
    boolean approved() {
      return "approved".equals(status);
    }

    JsonObject toJson() {
      return new JsonObject().put("status", status).put("edition", edition).put("approvedBy", approvedBy)
          .put("approvedAt", approvedAt).put("sha256", sha256);
    }
  }

  private static Future<State> state(SqlClient sql, long meetingId, String query) {
    return sql.preparedQuery(ENSURE).execute(Tuple.of(meetingId))
        .compose(v -> sql.preparedQuery(query).execute(Tuple.of(meetingId)))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new State(r.getString("status"), r.getInteger("edition"), r.getString("approved_by_name"),
              text(r.getOffsetDateTime("approved_at")), r.getString("approved_sha256"));
        });
  }

  static Future<State> state(SqlClient sql, long meetingId) {
    return state(sql, meetingId, STATE);
  }

  /** The state, locked against approval for the rest of the transaction (saves). */
  static Future<State> stateForEdit(SqlClient sql, long meetingId) {
    return state(sql, meetingId, STATE_SHARED);
  }

  /** The state, locked against saves for the rest of the transaction (approval, unlocking). */
  static Future<State> stateForApproval(SqlClient sql, long meetingId) {
    return state(sql, meetingId, STATE_LOCKED);
  }

  static Future<Map<String, Field>> fields(SqlClient sql, long meetingId) {
    return sql.preparedQuery(FIELDS).execute(Tuple.of(meetingId)).map(rows -> {
      Map<String, Field> out = new LinkedHashMap<>();
      rows.forEach(r -> out.put(r.getString("field"), field(r)));
      return out;
    });
  }

  static Future<Optional<Field>> field(SqlClient sql, long meetingId, String key) {
    return sql.preparedQuery(FIELD).execute(Tuple.of(meetingId, key))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(field(rows.iterator().next())));
  }

  /**
   * Saves a field on top of {@code baseVersion} (0: the field is new) and keeps the revision; the new
   * version. Another save since that version: 409 with both texts, nothing overwritten.
   */
  static Future<Integer> save(SqlClient sql, long meetingId, MinutesField f, JsonObject content, int baseVersion,
                              Actor author, Integer restoredFrom) {
    Future<io.vertx.sqlclient.RowSet<Row>> written = baseVersion == 0
        ? sql.preparedQuery(INSERT_FIELD).execute(Tuple.of(meetingId, f.key(), content, author.id()))
        : sql.preparedQuery(UPDATE_FIELD).execute(Tuple.of(meetingId, f.key(), content, baseVersion, author.id()));
    return written.compose(rows -> {
      if (rows.size() == 0) {
        return field(sql, meetingId, f.key()).compose(current -> Future.failedFuture(conflict(f, content, current)));
      }
      int version = rows.iterator().next().getInteger(0);
      return sql.preparedQuery(REVISION).execute(Tuple.from(new Object[] {meetingId, f.key(), version, content, author.id(),
          author.displayName(), restoredFrom})).map(version);
    });
  }

  private static ApiException conflict(MinutesField f, JsonObject yours, Optional<Field> current) {
    return ApiException.conflict("edit_conflict", "Someone else saved this part of the minutes meanwhile: "
            + "nothing was overwritten. Compare both texts, merge them and save again.")
        .withDetails(new JsonObject().put("field", f.key()).put("yours", yours)
            .put("current", current.map(Field::toJson).orElse(null)));
  }

  static Future<JsonArray> revisions(SqlClient sql, long meetingId, String key) {
    return sql.preparedQuery(REVISIONS).execute(Tuple.of(meetingId, key)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("version", r.getInteger("version")).put("content", r.getValue("content"))
          .put("author", r.getString("author_name")).put("restoredFrom", r.getInteger("restored_from"))
          .put("at", text(r.getOffsetDateTime("created_at")))));
      return out;
    });
  }

  static Future<JsonObject> revision(SqlClient sql, long meetingId, String key, int version) {
    return sql.preparedQuery(ONE_REVISION).execute(Tuple.of(meetingId, key, version)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("That revision");
      }
      return (JsonObject) rows.iterator().next().getValue("content");
    });
  }

  /** Approves the minutes as {@code report} says them (kept: later changes elsewhere do not touch them). */
  static Future<Void> approve(SqlClient sql, long meetingId, Actor chair, String sha256, JsonObject report) {
    return sql.preparedQuery(APPROVE).execute(Tuple.of(meetingId, chair.id(), chair.displayName(), sha256, report)).mapEmpty();
  }

  /** The report as approved, or null (not approved, or approved before reports were kept). */
  static Future<JsonObject> approvedReport(SqlClient sql, long meetingId) {
    return sql.preparedQuery(APPROVED_REPORT).execute(Tuple.of(meetingId)).map(rows -> rows.size() == 0 ? null
        : rows.iterator().next().getValue("approved_report") instanceof JsonObject report ? report : null);
  }

  static Future<Integer> unlock(SqlClient sql, long meetingId) {
    return sql.preparedQuery(UNLOCK).execute(Tuple.of(meetingId)).map(rows -> rows.iterator().next().getInteger(0));
  }

  private static Field field(Row r) {
    return new Field(r.getString("field"), (JsonObject) r.getValue("content"), r.getInteger("version"),
        r.getString("display_name"), text(r.getOffsetDateTime("updated_at")));
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
