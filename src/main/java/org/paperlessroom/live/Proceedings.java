package org.paperlessroom.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the meeting has got, as every follower sees it: the meeting's status, the agenda's
 * version (clients fetch the agenda again when it changes), the current item and its timer, who
 * has the floor and who waits for it, and the attendance figures with the quorum. The features that
 * own these (agenda, attendance) compute the values; the live room only carries them.
 *
 * @param itemElapsedMs    time spent on the current item before {@code itemRunningSince}
 * @param itemRunningSince when the timer was last started; null while paused or without an item
 * @param speaker          {id, userId, name, since} of the person who has the floor, or null
 * @param queue            [{id, userId, name, requestedAt}] in order
 * @param attendance       {present, total, members, membersPresent, rule, required, met}, or null
 * @param vote             the vote now open, or the last one closed or cancelled (what everybody may see of it), or null
 */
public record Proceedings(String status, long agendaVersion, Long itemId, long itemElapsedMs, Instant itemRunningSince,
                          JsonObject speaker, JsonArray queue, JsonObject attendance, JsonObject vote) {

  public static final Proceedings NONE = new Proceedings("draft", 0, null, 0, null, null, new JsonArray(), null, null);

  public boolean inProgress() {
    return "in_progress".equals(status);
  }

  /** Time spent on the current item up to {@code now}. */
  public long elapsedMs(Instant now) {
    return itemElapsedMs + (itemRunningSince == null ? 0 : Math.max(0, Duration.between(itemRunningSince, now).toMillis()));
  }

  public Proceedings status(String next) {
    return new Proceedings(next, agendaVersion, itemId, itemElapsedMs, itemRunningSince, speaker, queue, attendance, vote);
  }

  public Proceedings agendaVersion(long version) {
    return new Proceedings(status, version, itemId, itemElapsedMs, itemRunningSince, speaker, queue, attendance, vote);
  }

  /** The current item, its time so far and whether its timer runs (from {@code now}). */
  public Proceedings item(Long id, long elapsedMs, Instant runningSince) {
    return new Proceedings(status, agendaVersion, id, elapsedMs, runningSince, speaker, queue, attendance, vote);
  }

  public Proceedings floor(JsonObject nowSpeaking, JsonArray waiting) {
    return new Proceedings(status, agendaVersion, itemId, itemElapsedMs, itemRunningSince, nowSpeaking, waiting, attendance, vote);
  }

  public Proceedings attendance(JsonObject figures) {
    return new Proceedings(status, agendaVersion, itemId, itemElapsedMs, itemRunningSince, speaker, queue, figures, vote);
  }

  public Proceedings vote(JsonObject shown) {
    return new Proceedings(status, agendaVersion, itemId, itemElapsedMs, itemRunningSince, speaker, queue, attendance, shown);
  }

  JsonObject toJson() {
    return new JsonObject().put("status", status).put("agendaVersion", agendaVersion).put("itemId", itemId)
        .put("itemElapsedMs", itemElapsedMs)
        .put("itemRunningSince", itemRunningSince == null ? null : itemRunningSince.toString())
        .put("speaker", speaker).put("queue", queue).put("attendance", attendance).put("vote", vote);
  }

  static Proceedings fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    String since = json.getString("itemRunningSince");
    JsonArray queue = json.getJsonArray("queue");
    return new Proceedings(json.getString("status", "draft"), json.getLong("agendaVersion", 0L), json.getLong("itemId"),
        json.getLong("itemElapsedMs", 0L), since == null ? null : Instant.parse(since), json.getJsonObject("speaker"),
        queue == null ? new JsonArray() : queue, json.getJsonObject("attendance"), json.getJsonObject("vote"));
  }
}
