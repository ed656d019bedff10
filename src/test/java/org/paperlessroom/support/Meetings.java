package org.paperlessroom.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Running a test meeting through the REST API: people in more roles, agenda items, waiting for the database. */
public final class Meetings {
  private Meetings() {
  }

  /** A new account added to the room's meeting with these roles, signed in. */
  public record Person(long id, String name, Api api) {
  }

  public static Person addPerson(Rooms.Room room, String displayName, String... roles) {
    String password = "password-" + roles[0];
    JsonObject user = room.admin().createUser(displayName, password);
    HttpResponse<Buffer> put = room.admin().put("/api/meetings/" + room.meetingId() + "/participants/" + user.getLong("id"),
        new JsonObject().put("roles", new JsonArray(List.of((Object[]) roles))));
    assertEquals(200, put.statusCode(), put::bodyAsString);
    return new Person(user.getLong("id"), displayName, Api.forTestApp().signIn(user.getString("username"), password));
  }

  /** Adds an item as {@code api}; the new item's id. */
  public static long addItem(Api api, long meetingId, JsonObject item) {
    HttpResponse<Buffer> r = api.post("/api/meetings/" + meetingId + "/agenda", item);
    assertEquals(201, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject().getLong("itemId");
  }

  public static JsonObject agenda(Api api, long meetingId) {
    HttpResponse<Buffer> r = api.get("/api/meetings/" + meetingId + "/agenda");
    assertEquals(200, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject();
  }

  public static List<String> titles(JsonObject agenda) {
    List<String> out = new ArrayList<>();
    agenda.getJsonArray("items").forEach(i -> out.add(((JsonObject) i).getString("title")));
    return out;
  }

  public static JsonObject ok(HttpResponse<Buffer> r) {
    assertEquals(200, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject();
  }

  /** Calls {@code read} until {@code done} holds (things recorded after an event, not in the request); fails after 10 s. */
  public static <T> T eventually(Supplier<T> read, Predicate<T> done) {
    return eventually(read, done, Duration.ofSeconds(10));
  }

  public static <T> T eventually(Supplier<T> read, Predicate<T> done, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    T value = read.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not as expected after " + limit + ": " + value);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      value = read.get();
    }
    return value;
  }

  /** The live state's "meeting" part as the server has it now. */
  public static JsonObject liveRun(long meetingId) {
    return TestApp.get().services().liveHub().snapshot(meetingId).await().getJsonObject("state").getJsonObject("meeting");
  }

  /** How many audit entries of this kind the meeting has. */
  public static long audited(long meetingId, String action) {
    return TestApp.get().database().pool()
        .preparedQuery("SELECT count(*) FROM audit_log WHERE meeting_id = $1 AND action = $2")
        .execute(Tuple.of(meetingId, action)).await().iterator().next().getLong(0);
  }
}
