package org.paperlessroom.attendance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** A participant with their attendance (status null: not checked in) and what their devices did. */
public record Attendee(long userId, String name, String position, boolean guest, List<String> roles,
                       AttendanceStatus status, String reason, Instant checkedInAt, boolean automatic,
                       String updatedBy, List<Event> events) {

  /** A device connecting or leaving, or a check-in by hand. */
  public record Event(String kind, Instant at) {
  }

  public boolean votingMember() {
    return roles.contains("member");
  }

  public JsonObject toJson() {
    JsonArray evs = new JsonArray();
    events.forEach(e -> evs.add(new JsonObject().put("kind", e.kind()).put("at", e.at().toString())));
    return new JsonObject().put("userId", userId).put("name", name).put("position", position).put("guest", guest)
        .put("roles", new JsonArray(roles)).put("status", status == null ? null : status.code()).put("reason", reason)
        .put("checkedInAt", checkedInAt == null ? null : checkedInAt.toString()).put("automatic", automatic)
        .put("updatedBy", updatedBy).put("events", evs);
  }
}
