package org.paperlessroom.document;

/** Which page the live room of a meeting shows right now (classified pages are visible only then). */
public interface ShownPages {
  io.vertx.core.Future<Boolean> shows(long meetingId, long documentId, int page);
}
