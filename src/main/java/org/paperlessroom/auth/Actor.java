package org.paperlessroom.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** A signed-in person (or a guest who joined with a name), as loaded for the current request. */
public record Actor(long id, String username, String displayName, String position, boolean admin, boolean guest,
                    boolean active, int sessionEpoch) {

  public static final String COLUMNS = "id, username, display_name, position, is_admin, is_guest, active, session_epoch";

  public static Actor from(Row row) {
    return new Actor(row.getLong("id"), row.getString("username"), row.getString("display_name"),
        row.getString("position"), row.getBoolean("is_admin"), row.getBoolean("is_guest"), row.getBoolean("active"),
        row.getInteger("session_epoch"));
  }

  /** What the user's own screens show about them. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("username", username)
        .put("displayName", displayName)
        .put("position", position)
        .put("admin", admin)
        .put("guest", guest);
  }

  /** What an administrator sees in the user list. */
  public JsonObject toAdminJson() {
    return toJson().put("active", active);
  }

  /** What other users see when picking participants. */
  public JsonObject toPublicJson() {
    return new JsonObject().put("id", id).put("displayName", displayName).put("position", position);
  }
}
