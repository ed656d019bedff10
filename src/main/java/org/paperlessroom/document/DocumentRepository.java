package org.paperlessroom.document;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for files, documents and pages. */
final class DocumentRepository {
  private static final String DOC_COLUMNS = """
      d.id, d.meeting_id, d.file_sha256, d.name, d.classified, d.created_at, d.uploaded_by,
      f.kind, f.page_count, f.status, f.pages_done, f.error_message, f.size_bytes""";
  private static final String DOCS_OF_MEETING = "SELECT " + DOC_COLUMNS
      + " FROM documents d JOIN files f ON f.sha256 = d.file_sha256 WHERE d.meeting_id = $1 ORDER BY d.id";
  private static final String DOC_BY_ID = "SELECT " + DOC_COLUMNS
      + " FROM documents d JOIN files f ON f.sha256 = d.file_sha256 WHERE d.id = $1";
  private static final String FILE = "SELECT sha256, kind, page_count, status, error_message FROM files WHERE sha256 = $1";
  /** New content, or content whose earlier rendering failed (it is tried again from page 1). */
  private static final String INSERT_FILE = """
      INSERT INTO files (sha256, size_bytes, kind, page_count) VALUES ($1, $2, $3, $4)
      ON CONFLICT (sha256) DO UPDATE SET status = 'pending', pages_done = 0, error_message = NULL,
        page_count = EXCLUDED.page_count
      WHERE files.status = 'failed'""";
  private static final String INSERT_DOC = """
      INSERT INTO documents (meeting_id, file_sha256, name, classified, uploaded_by)
      VALUES ($1, $2, $3, $4, $5) RETURNING id""";
  private static final String SAVE_PAGE = """
      INSERT INTO pages (file_sha256, page_no, status, error, width, height, text, text_folded)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (file_sha256, page_no) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error,
        width = EXCLUDED.width, height = EXCLUDED.height, text = EXCLUDED.text, text_folded = EXCLUDED.text_folded""";
  private static final String PROGRESS = "UPDATE files SET pages_done = GREATEST(pages_done, $2), "
      + "render_lease_until = now() + interval '60 seconds' WHERE sha256 = $1 AND render_node = $3";
  /**
   * Who renders a file: this node, unless another node's lease (renewed with every page) still runs;
   * a single server always may (a lease left by its previous run is its own). The pages done so far.
   */
  private static final String CLAIM = """
      UPDATE files SET render_node = $2, render_lease_until = now() + interval '60 seconds'
      WHERE sha256 = $1 AND status = 'pending'
        AND (NOT $3 OR render_node IS NULL OR render_node = $2 OR render_lease_until < now())
      RETURNING pages_done""";
  private static final String FINISH = "UPDATE files SET status = $2, error_message = $3 WHERE sha256 = $1";
  private static final String UNFINISHED = "SELECT sha256, kind, page_count, pages_done FROM files "
      + "WHERE status = 'pending' AND page_count IS NOT NULL ORDER BY created_at";
  private static final String PAGES = "SELECT page_no, status, error, width, height FROM pages WHERE file_sha256 = $1 ORDER BY page_no";
  private static final String SEARCH = """
      SELECT d.id, d.name, d.classified, p.page_no, p.text, p.text_folded
      FROM documents d JOIN pages p ON p.file_sha256 = d.file_sha256
      WHERE d.meeting_id = $1 AND p.text_folded LIKE '%' || $2 || '%'
      ORDER BY d.id, p.page_no LIMIT 200""";
  /** The documents holding this content that the user may see: open ones, and classified ones with their meeting. */
  private static final String ACCESS = """
      SELECT d.id, d.meeting_id, d.classified
      FROM documents d
      WHERE d.file_sha256 = $1
        AND ($3 OR EXISTS (SELECT 1 FROM participants p WHERE p.meeting_id = d.meeting_id AND p.user_id = $2))
      ORDER BY d.classified, d.id""";

  private DocumentRepository() {
  }

  record DocumentRow(long id, long meetingId, String sha256, String name, boolean classified, String createdAt,
                     long uploadedBy, FileKind kind, Integer pageCount, String status, int pagesDone,
                     String error, long size) {
    static DocumentRow from(Row r) {
      return new DocumentRow(r.getLong("id"), r.getLong("meeting_id"), r.getString("file_sha256"), r.getString("name"),
          r.getBoolean("classified"), r.getOffsetDateTime("created_at").toInstant().toString(), r.getLong("uploaded_by"),
          FileKind.valueOf(r.getString("kind").toUpperCase()), r.getInteger("page_count"), r.getString("status"),
          r.getInteger("pages_done"), r.getString("error_message"), r.getLong("size_bytes"));
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("id", id).put("meetingId", meetingId).put("name", name).put("classified", classified)
          .put("createdAt", createdAt).put("kind", kind.name().toLowerCase()).put("pageCount", pageCount)
          .put("status", status).put("pagesDone", pagesDone).put("error", error).put("sizeBytes", size)
          .put("hash", sha256)
          .put("pageUrl", "/api/pages/" + sha256 + "/{page}/{width}.jpg");
    }
  }

  record FileRow(String sha256, FileKind kind, Integer pageCount, String status, String error) {
  }

  /** Which of the user's documents hold a content: an open one (any), and the classified ones with their meetings. */
  record Access(Long openDocument, java.util.List<Classified> classified) {
    boolean allowed() {
      return openDocument != null || !classified.isEmpty();
    }
  }

  record Classified(long documentId, long meetingId) {
  }

  record Unfinished(String sha256, FileKind kind, int pageCount, int pagesDone) {
  }

  record Hit(long documentId, String name, boolean classified, int page, String text, String folded) {
  }

  static Future<List<DocumentRow>> ofMeeting(SqlClient sql, long meetingId) {
    return sql.preparedQuery(DOCS_OF_MEETING).execute(Tuple.of(meetingId)).map(rows -> {
      List<DocumentRow> out = new ArrayList<>();
      rows.forEach(r -> out.add(DocumentRow.from(r)));
      return out;
    });
  }

  static Future<Optional<DocumentRow>> byId(SqlClient sql, long id) {
    return sql.preparedQuery(DOC_BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(DocumentRow.from(rows.iterator().next())));
  }

  static Future<Optional<FileRow>> file(SqlClient sql, String sha256) {
    return sql.preparedQuery(FILE).execute(Tuple.of(sha256)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new FileRow(r.getString("sha256"), FileKind.valueOf(r.getString("kind").toUpperCase()),
          r.getInteger("page_count"), r.getString("status"), r.getString("error_message")));
    });
  }

  /** Records a new file; false when the same content was recorded meanwhile (by a parallel upload). */
  static Future<Boolean> insertFile(SqlClient sql, String sha256, long size, FileKind kind, int pages) {
    return sql.preparedQuery(INSERT_FILE).execute(Tuple.of(sha256, size, kind.name().toLowerCase(), pages))
        .map(rows -> rows.rowCount() == 1);
  }

  static Future<Long> insertDocument(SqlClient sql, long meetingId, String sha256, String name, boolean classified,
                                     long uploadedBy) {
    return sql.preparedQuery(INSERT_DOC).execute(Tuple.of(meetingId, sha256, name, classified, uploadedBy))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Void> savePage(SqlClient sql, String sha256, int page, boolean ok, String error, Integer width,
                               Integer height, String text, String folded) {
    return sql.preparedQuery(SAVE_PAGE).execute(Tuple.from(new Object[] {sha256, page, ok ? "ready" : "failed", error,
        width, height, text, folded})).mapEmpty();
  }

  /** The pages already done when this node may now render the file; null when another node renders it. */
  static Future<Integer> claimRendering(SqlClient sql, String sha256, String nodeId, boolean clustered) {
    return sql.preparedQuery(CLAIM).execute(Tuple.of(sha256, nodeId, clustered))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger(0));
  }

  /** Whether this node still renders the file (another node may have taken over a rendering that stalled). */
  static Future<Boolean> progress(SqlClient sql, String sha256, int pagesDone, String nodeId) {
    return sql.preparedQuery(PROGRESS).execute(Tuple.of(sha256, pagesDone, nodeId)).map(rows -> rows.rowCount() == 1);
  }

  static Future<Void> finish(SqlClient sql, String sha256, boolean ok, String error) {
    return sql.preparedQuery(FINISH).execute(Tuple.of(sha256, ok ? "ready" : "failed", error)).mapEmpty();
  }

  static Future<List<Unfinished>> unfinished(SqlClient sql) {
    return sql.query(UNFINISHED).execute().map(rows -> {
      List<Unfinished> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Unfinished(r.getString("sha256"), FileKind.valueOf(r.getString("kind").toUpperCase()),
          r.getInteger("page_count"), r.getInteger("pages_done"))));
      return out;
    });
  }

  static Future<List<JsonObject>> pages(SqlClient sql, String sha256) {
    return sql.preparedQuery(PAGES).execute(Tuple.of(sha256)).map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      rows.forEach(r -> out.add(new JsonObject().put("page", r.getInteger("page_no")).put("status", r.getString("status"))
          .put("error", r.getString("error")).put("width", r.getInteger("width")).put("height", r.getInteger("height"))));
      return out;
    });
  }

  static Future<List<Hit>> search(SqlClient sql, long meetingId, String folded) {
    return sql.preparedQuery(SEARCH).execute(Tuple.of(meetingId, folded)).map(rows -> {
      List<Hit> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Hit(r.getLong("id"), r.getString("name"), r.getBoolean("classified"), r.getInteger("page_no"),
          r.getString("text"), r.getString("text_folded"))));
      return out;
    });
  }

  static Future<Access> access(SqlClient sql, String sha256, long userId, boolean admin) {
    return sql.preparedQuery(ACCESS).execute(Tuple.of(sha256, userId, admin)).map(rows -> {
      Long open = null;
      java.util.List<Classified> classified = new java.util.ArrayList<>();
      for (Row r : rows) {
        if (!r.getBoolean("classified")) {
          open = open == null ? r.getLong("id") : open;
        } else {
          classified.add(new Classified(r.getLong("id"), r.getLong("meeting_id")));
        }
      }
      return new Access(open, classified);
    });
  }
}
