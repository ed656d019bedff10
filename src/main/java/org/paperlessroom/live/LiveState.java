package org.paperlessroom.live;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What a meeting's screen shows right now: the presented document and page, blank screen, laser
 * pointer, zoom region and the current presenter. Immutable: each accepted change makes a new one.
 * Pointer and zoom are fractions (0…1) of the page's width and height; {@code run} is how far the
 * meeting has got (status, agenda item, timer, floor, attendance).
 */
public record LiveState(Long documentId, String documentName, String sha256, int pageCount, boolean classified,
                        int page, boolean blank, Point pointer, Region zoom,
                        Long presenterId, String presenterName, Instant presentingSince, Proceedings run) {

  public static final LiveState IDLE = new LiveState(null, null, null, 0, false, 0, false, null, null, null, null, null,
      Proceedings.NONE);

  public record Point(double x, double y) {
    JsonObject toJson() {
      return new JsonObject().put("x", x).put("y", y);
    }
  }

  public record Region(double x, double y, double w, double h) {
    JsonObject toJson() {
      return new JsonObject().put("x", x).put("y", y).put("w", w).put("h", h);
    }
  }

  public boolean presenting() {
    return documentId != null;
  }

  /** Whether the screen shows this page now (not while blanked). */
  public boolean shows(long document, int pageNo) {
    return documentId != null && documentId == document && page == pageNo && !blank;
  }

  public LiveState show(long document, String name, String hash, int pages, boolean secret, int pageNo, Instant now) {
    boolean same = documentId != null && documentId == document;
    return new LiveState(document, name, hash, pages, secret, pageNo, blank, null, null, presenterId, presenterName,
        same && presentingSince != null ? presentingSince : now, run);
  }

  LiveState page(int pageNo) {
    return new LiveState(documentId, documentName, sha256, pageCount, classified, pageNo, blank, null, null,
        presenterId, presenterName, presentingSince, run);
  }

  LiveState blank(boolean on) {
    return new LiveState(documentId, documentName, sha256, pageCount, classified, page, on, pointer, zoom,
        presenterId, presenterName, presentingSince, run);
  }

  LiveState pointer(Point at) {
    return new LiveState(documentId, documentName, sha256, pageCount, classified, page, blank, at, zoom,
        presenterId, presenterName, presentingSince, run);
  }

  LiveState zoom(Region region) {
    return new LiveState(documentId, documentName, sha256, pageCount, classified, page, blank, pointer, region,
        presenterId, presenterName, presentingSince, run);
  }

  public LiveState stop() {
    return new LiveState(null, null, null, 0, false, 0, false, null, null, presenterId, presenterName, null, run);
  }

  LiveState presenter(Long id, String name) {
    return new LiveState(documentId, documentName, sha256, pageCount, classified, page, blank, pointer, zoom,
        id, name, presentingSince, run);
  }

  public LiveState run(Proceedings next) {
    return new LiveState(documentId, documentName, sha256, pageCount, classified, page, blank, pointer, zoom,
        presenterId, presenterName, presentingSince, next);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("documentId", documentId).put("documentName", documentName).put("sha256", sha256)
        .put("pageCount", pageCount).put("classified", classified).put("page", page).put("blank", blank)
        .put("pointer", pointer == null ? null : pointer.toJson())
        .put("zoom", zoom == null ? null : zoom.toJson())
        .put("presenterId", presenterId).put("presenterName", presenterName)
        .put("presentingSince", presentingSince == null ? null : presentingSince.toString())
        .put("meeting", run.toJson());
  }

  /** The state as stored; anything unreadable in it (an older format) falls back to idle. */
  static LiveState fromJson(JsonObject json) {
    try {
      JsonObject p = json.getJsonObject("pointer");
      JsonObject z = json.getJsonObject("zoom");
      String since = json.getString("presentingSince");
      return new LiveState(json.getLong("documentId"), json.getString("documentName"), json.getString("sha256"),
          json.getInteger("pageCount", 0), json.getBoolean("classified", false), json.getInteger("page", 0),
          json.getBoolean("blank", false),
          p == null ? null : new Point(p.getDouble("x"), p.getDouble("y")),
          z == null ? null : new Region(z.getDouble("x"), z.getDouble("y"), z.getDouble("w"), z.getDouble("h")),
          json.getLong("presenterId"), json.getString("presenterName"),
          since == null ? null : Instant.parse(since), Proceedings.fromJson(json.getJsonObject("meeting")));
    } catch (RuntimeException e) {
      return IDLE;
    }
  }
}
