package org.paperlessroom.meeting;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;

/** A meeting's own facts (participants are separate). */
public record Meeting(long id, String title, Instant startsAt, String location, String description,
                      String orgParent, String orgName, MeetingStatus status, String joinCode, boolean guestsAllowed) {

  static final String COLUMNS =
      "id, title, starts_at, location, description, org_parent, org_name, status, join_code, guests_allowed";

  static Meeting from(Row row) {
    return new Meeting(row.getLong("id"), row.getString("title"), row.getOffsetDateTime("starts_at").toInstant(),
        row.getString("location"), row.getString("description"), row.getString("org_parent"),
        row.getString("org_name"), MeetingStatus.fromCode(row.getString("status")).orElseThrow(),
        row.getString("join_code"), row.getBoolean("guests_allowed"));
  }

  Meeting with(String title, Instant startsAt, String location, String description, MeetingStatus status,
               boolean guestsAllowed) {
    return new Meeting(id, title, startsAt, location, description, orgParent, orgName, status, joinCode, guestsAllowed);
  }

  /** The short form used in lists. */
  JsonObject toSummaryJson() {
    return new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("startsAt", startsAt.toString())
        .put("location", location)
        .put("status", status.code());
  }

  JsonObject toJson(String publicUrl) {
    return toSummaryJson()
        .put("description", description)
        .put("orgParent", orgParent)
        .put("orgName", orgName)
        .put("joinCode", joinCode)
        .put("joinUrl", joinUrl(publicUrl))
        .put("guestsAllowed", guestsAllowed);
  }

  String joinUrl(String publicUrl) {
    return publicUrl + "/join/" + joinCode;
  }
}
