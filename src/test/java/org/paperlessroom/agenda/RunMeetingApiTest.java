package org.paperlessroom.agenda;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.paperlessroom.live.LiveAddresses;
import org.paperlessroom.support.BridgeClient;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperlessroom.support.Meetings.addItem;
import static org.paperlessroom.support.Meetings.audited;

/** The chair runs the meeting from the agenda; followers see where it is; nobody else can move it. */
class RunMeetingApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The next live message's state.meeting (skipping none: each change is one message). */
  private static JsonObject nextRun(BridgeClient client, String live) {
    JsonObject body = client.await(f -> live.equals(f.getString("address")), WAIT).getJsonObject("body");
    return body.getJsonObject("state").getJsonObject("meeting").put("_seq", body.getLong("seq"))
        .put("_documentId", body.getJsonObject("state").getLong("documentId"));
  }

  @Test
  void theChairStartsMovesThroughTheAgendaPausesTheTimerAndEnds() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    String api = "/api/meetings/" + id;
    String live = LiveAddresses.live(id);
    long deck = Rooms.readyDeck(room, 3, false);
    long a = addItem(room.chair(), id, new JsonObject().put("title", "Khai mạc").put("plannedMinutes", 5));
    long b = addItem(room.chair(), id, new JsonObject().put("title", "Báo cáo").put("plannedMinutes", 30));
    long c = addItem(room.chair(), id, new JsonObject().put("title", "Thảo luận").put("documentIds", new JsonArray().add(deck)));

    try (BridgeClient member = BridgeClient.connect(room.member())) {
      member.register(live);
      JsonObject snapshot = member.await(f -> live.equals(f.getString("address")), WAIT).getJsonObject("body");
      assertEquals("draft", snapshot.getJsonObject("state").getJsonObject("meeting").getString("status"));
      assertNotNull(snapshot.getLong("now"), "every message carries the server's clock");

      // Nobody but the chair runs the meeting; a refused call changes nothing.
      assertEquals(403, room.member().post(api + "/start", new JsonObject()).statusCode());
      assertEquals(403, room.observer().post(api + "/start", new JsonObject()).statusCode());
      assertEquals(409, room.chair().post(api + "/agenda/current", new JsonObject().put("step", 1)).statusCode(),
          "not before the meeting starts");
      var patched = room.chair().patch(api, new JsonObject().put("status", "in_progress"));
      assertEquals(409, patched.statusCode());
      assertEquals("use_start_end", patched.bodyAsJsonObject().getString("error"));

      long started = Meetings.ok(room.chair().post(api + "/start", new JsonObject())).getLong("seq");
      JsonObject run = nextRun(member, live);
      assertEquals(started, run.getLong("_seq"));
      assertEquals("in_progress", run.getString("status"));
      assertEquals(a, run.getLong("itemId"));
      assertNotNull(run.getString("itemRunningSince"), "the first item's timer runs");
      assertEquals("in_progress", Meetings.ok(room.member().get(api)).getJsonObject("meeting").getString("status"));
      assertEquals(409, room.chair().post(api + "/start", new JsonObject()).statusCode());

      Meetings.ok(room.chair().post(api + "/agenda/current", new JsonObject().put("step", 1)));
      assertEquals(b, nextRun(member, live).getLong("itemId"));
      var refused = room.member().post(api + "/agenda/current", new JsonObject().put("step", 1));
      assertEquals(403, refused.statusCode());
      assertTrue(refused.bodyAsJsonObject().getString("message").contains("chair"), refused::bodyAsString);
      assertNull(member.poll(Duration.ofMillis(300)), "a refused move broadcasts nothing");

      // Pause: the elapsed time is frozen; resume: it runs again.
      Meetings.ok(room.chair().post(api + "/timer", new JsonObject().put("running", false)));
      JsonObject paused = nextRun(member, live);
      assertNull(paused.getString("itemRunningSince"));
      long frozen = paused.getLong("itemElapsedMs");
      Meetings.ok(room.chair().post(api + "/timer", new JsonObject().put("running", true)));
      JsonObject resumed = nextRun(member, live);
      assertNotNull(resumed.getString("itemRunningSince"));
      assertEquals(frozen, resumed.getLong("itemElapsedMs"));

      // Back one, then straight to the last item presenting its document.
      Meetings.ok(room.chair().post(api + "/agenda/current", new JsonObject().put("step", -1)));
      assertEquals(a, nextRun(member, live).getLong("itemId"));
      Meetings.ok(room.chair().post(api + "/agenda/current", new JsonObject().put("itemId", c).put("present", true)));
      JsonObject atC = nextRun(member, live);
      assertEquals(c, atC.getLong("itemId"));
      assertEquals(deck, atC.getLong("_documentId"), "moving to an item can present its first document");
      var beyond = room.chair().post(api + "/agenda/current", new JsonObject().put("step", 1));
      assertEquals(409, beyond.statusCode());
      assertEquals("no_next_item", beyond.bodyAsJsonObject().getString("error"));

      // Time spent is kept per item.
      JsonObject agendaNow = Meetings.agenda(room.chair(), id);
      JsonObject itemA = agendaNow.getJsonArray("items").getJsonObject(0);
      assertNotNull(itemA.getString("startedAt"));
      assertNotNull(itemA.getString("endedAt"));

      Meetings.ok(room.chair().post(api + "/end", new JsonObject()));
      JsonObject ended = nextRun(member, live);
      assertEquals("ended", ended.getString("status"));
      assertNull(ended.getLong("itemId"));
      assertNull(ended.getLong("_documentId"), "presenting stops with the meeting");
      assertEquals(409, room.chair().post(api + "/start", new JsonObject()).statusCode(), "an ended meeting stays ended");
      assertEquals(1, audited(id, "meeting.start"));
      assertEquals(1, audited(id, "meeting.end"));
      assertEquals(3, audited(id, "agenda.current"));
    }
  }

  @Test
  void requestsToSpeakQueueInOrderAndTheChairGivesTheFloor() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    String api = "/api/meetings/" + id + "/speakers";
    Meetings.Person secretary = Meetings.addPerson(room, "Thư ký Phạm Thu", "secretary");
    Meetings.Person second = Meetings.addPerson(room, "Thành viên Đỗ Minh", "member");
    assertEquals(409, room.member().post(api, new JsonObject()).statusCode(), "only once the meeting runs");
    Meetings.ok(room.chair().post("/api/meetings/" + id + "/start", new JsonObject()));

    assertEquals(201, room.member().post(api, new JsonObject()).statusCode());
    assertEquals(201, secretary.api().post(api, new JsonObject()).statusCode());
    assertEquals(201, second.api().post(api, new JsonObject()).statusCode());
    var twice = room.member().post(api, new JsonObject());
    assertEquals(409, twice.statusCode());
    assertEquals("already_waiting", twice.bodyAsJsonObject().getString("error"));
    assertEquals(403, room.observer().post(api, new JsonObject()).statusCode(), "observers follow, they do not speak");
    assertEquals(403, room.outsider().post(api, new JsonObject()).statusCode());

    JsonObject floor = Meetings.ok(room.chair().get(api));
    JsonArray queue = floor.getJsonArray("queue");
    assertEquals(List.of(room.memberId(), secretary.id(), second.id()),
        queue.stream().map(q -> ((JsonObject) q).getLong("userId")).toList(), "in the order asked");
    assertNull(floor.getJsonObject("speaker"));

    // The member cannot give the floor; the chair gives it, out of order if they wish.
    long secretaryRequest = queue.getJsonObject(1).getLong("id");
    assertEquals(403, room.member().post(api + "/" + secretaryRequest + "/floor", new JsonObject()).statusCode());
    JsonObject given = Meetings.ok(room.chair().post(api + "/" + secretaryRequest + "/floor", new JsonObject()));
    assertEquals(secretary.id(), given.getJsonObject("speaker").getLong("userId"));
    assertEquals(List.of(room.memberId(), second.id()),
        given.getJsonArray("queue").stream().map(q -> ((JsonObject) q).getLong("userId")).toList());
    // The live state says so too.
    JsonObject state = Meetings.liveRun(id);
    assertEquals(secretary.id(), state.getJsonObject("speaker").getLong("userId"));

    // The second member withdraws; the member gets the floor, the secretary's turn ends.
    Meetings.ok(second.api().delete(api + "/mine"));
    assertEquals(404, second.api().delete(api + "/mine").statusCode());
    long memberRequest = given.getJsonArray("queue").getJsonObject(0).getLong("id");
    JsonObject next = Meetings.ok(room.chair().post(api + "/" + memberRequest + "/floor", new JsonObject()));
    assertEquals(room.memberId(), next.getJsonObject("speaker").getLong("userId"));
    assertTrue(next.getJsonArray("queue").isEmpty());
    Meetings.ok(room.chair().post(api + "/end", new JsonObject()));
    assertEquals(409, room.chair().post(api + "/end", new JsonObject()).statusCode(), "nobody speaks any more");

    JsonArray history = Meetings.ok(room.member().get(api)).getJsonArray("requests");
    JsonObject secretaryTurn = history.stream().map(JsonObject.class::cast)
        .filter(r -> r.getLong("userId") == secretary.id()).findFirst().orElseThrow();
    assertEquals("done", secretaryTurn.getString("status"));
    assertNotNull(secretaryTurn.getString("startedAt"));
    assertNotNull(secretaryTurn.getString("endedAt"));
    assertEquals("withdrawn", history.stream().map(JsonObject.class::cast)
        .filter(r -> r.getLong("userId") == second.id()).findFirst().orElseThrow().getString("status"));
    assertEquals(2, audited(id, "speaker.floor"));
  }
}
