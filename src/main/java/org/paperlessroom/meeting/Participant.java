package org.paperlessroom.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.paperlessroom.auth.Role;

import java.util.EnumSet;
import java.util.Set;

/** A person in a meeting, with their roles there. */
public record Participant(long userId, String displayName, String position, boolean guest, Set<Role> roles) {

  static Participant from(Row row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String code : row.getArrayOfStrings("roles")) {
      Role.fromCode(code).ifPresent(roles::add);
    }
    return new Participant(row.getLong("user_id"), row.getString("display_name"), row.getString("position"),
        row.getBoolean("is_guest"), roles);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("userId", userId)
        .put("displayName", displayName)
        .put("position", position)
        .put("guest", guest)
        .put("roles", codes(roles));
  }

  static JsonArray codes(Set<Role> roles) {
    JsonArray out = new JsonArray();
    roles.forEach(r -> out.add(r.code()));
    return out;
  }

  static String[] codeArray(Set<Role> roles) {
    return roles.stream().map(Role::code).toArray(String[]::new);
  }
}
