package org.paperlessroom.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test meetings with people in every role, each signed in with their own client. */
public final class Rooms {
  private Rooms() {
  }

  /** A meeting with a chair, a member and an observer, each with their own signed-in client. */
  public record Room(long meetingId, String joinCode, Api admin, Api chair, long chairId, Api member, long memberId,
              Api observer, long observerId, Api outsider) {
  }

  public static Room create() {
    Api admin = Api.admin();
    JsonObject chair = admin.createUser("Chủ trì " + System.nanoTime(), "password-c");
    JsonObject member = admin.createUser("Thành viên", "password-m");
    JsonObject observer = admin.createUser("Người theo dõi", "password-o");
    JsonObject outsider = admin.createUser("Người ngoài", "password-x");
    HttpResponse<Buffer> created = admin.post("/api/meetings", new JsonObject()
        .put("title", Api.unique("Họp giao ban"))
        .put("startsAt", "2026-12-01T01:00:00Z")
        .put("location", "Phòng họp số 1")
        .put("participants", new JsonArray()
            .add(new JsonObject().put("userId", chair.getLong("id")).put("roles", new JsonArray().add("chair").add("member")))
            .add(new JsonObject().put("userId", member.getLong("id")).put("roles", new JsonArray().add("member")))
            .add(new JsonObject().put("userId", observer.getLong("id")).put("roles", new JsonArray().add("observer")))));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    JsonObject meeting = created.bodyAsJsonObject().getJsonObject("meeting");
    return new Room(meeting.getLong("id"), meeting.getString("joinCode"), admin,
        Api.forTestApp().signIn(chair.getString("username"), "password-c"), chair.getLong("id"),
        Api.forTestApp().signIn(member.getString("username"), "password-m"), member.getLong("id"),
        Api.forTestApp().signIn(observer.getString("username"), "password-o"), observer.getLong("id"),
        Api.forTestApp().signIn(outsider.getString("username"), "password-x"));
  }


  /** A small deck ("Slide 1" … "Slide n") uploaded by the chair and rendered; its document id. */
  public static long readyDeck(Room room, int pages, boolean classified) {
    return room.chair().uploadReady(room.meetingId(), "deck.pdf", TestPdfs.slides(pages, Api.unique("deck")), classified)
        .getLong("id");
  }
}
