package org.paperlessroom.document;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.Optional;

/** A document as the live room needs it: whose meeting, its pages, whether it is classified and ready. */
public record PresentableDocument(long id, long meetingId, String name, String sha256, int pageCount,
                                  boolean classified, boolean ready) {

  public static Future<Optional<PresentableDocument>> byId(SqlClient sql, long documentId) {
    return DocumentRepository.byId(sql, documentId).map(found -> found.map(d -> new PresentableDocument(
        d.id(), d.meetingId(), d.name(), d.sha256(), d.pageCount() == null ? 0 : d.pageCount(), d.classified(),
        "ready".equals(d.status()))));
  }
}
