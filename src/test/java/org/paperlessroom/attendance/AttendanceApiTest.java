package org.paperlessroom.attendance;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attendance recorded from connections and by hand, the quorum for each rule, the CSV. */
class AttendanceApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static JsonObject person(JsonObject list, long userId) {
    return list.getJsonArray("people").stream().map(JsonObject.class::cast)
        .filter(p -> p.getLong("userId") == userId).findFirst().orElseThrow();
  }

  private static JsonObject attendance(Rooms.Room room) {
    return Meetings.ok(room.chair().get("/api/meetings/" + room.meetingId() + "/attendance"));
  }

  private static void follow(BridgeClient client, long meetingId) {
    String live = LiveAddresses.live(meetingId);
    client.register(live);
    client.await(f -> live.equals(f.getString("address")), WAIT);
  }

  @Test
  void connectingDuringTheMeetingChecksPeopleInAndRecordsLeavingAndReturning() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    try (BridgeClient member = BridgeClient.connect(room.member())) {
      follow(member, id);
      // Connected before the meeting starts: nothing recorded yet.
      assertNull(person(attendance(room), room.memberId()).getString("status"));
      Meetings.ok(room.chair().post("/api/meetings/" + id + "/start", new JsonObject()));
      JsonObject memberRow = person(attendance(room), room.memberId());
      assertEquals("in_person", memberRow.getString("status"), "checked in when the meeting started");
      assertTrue(memberRow.getBoolean("automatic"));
      assertTrue(memberRow.getBoolean("connected"));
    }
    // The observer connects during the meeting: checked in on connecting.
    try (BridgeClient observer = BridgeClient.connect(room.observer())) {
      follow(observer, id);
      JsonObject row = Meetings.eventually(() -> person(attendance(room), room.observerId()),
          r -> r.getString("status") != null);
      assertEquals("in_person", row.getString("status"));
      assertTrue(row.getBoolean("automatic"));
    }
    // The member left (socket closed above) and comes back: both times recorded, status kept.
    try (BridgeClient member = BridgeClient.connect(room.member())) {
      follow(member, id);
      JsonObject row = Meetings.eventually(() -> person(attendance(room), room.memberId()),
          r -> r.getJsonArray("events").size() >= 3);
      List<String> kinds = row.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("kind")).toList();
      assertEquals(List.of("connected", "disconnected", "connected"), kinds, "connected at the start, left, returned");
      assertEquals("in_person", row.getString("status"));
      String csv = room.chair().get("/api/meetings/" + id + "/attendance.csv").bodyAsString();
      assertTrue(csv.contains("quay lại"), csv);
    }
    // The chair's own figures are in the live state.
    JsonObject figures = Meetings.liveRun(id).getJsonObject("attendance");
    assertEquals(2, figures.getInteger("present"));
    assertEquals(3, figures.getInteger("total"));
  }

  @Test
  void theSecretaryChecksPeopleInByHandAndTheQuorumFollowsTheRule() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    String api = "/api/meetings/" + id + "/attendance";
    Meetings.Person secretary = Meetings.addPerson(room, "Thư ký Vũ Lan", "secretary");
    Meetings.Person third = Meetings.addPerson(room, "Thành viên Bùi Quang", "member");
    // Voting members: the chair (chair + member), the member and the third member.

    assertEquals(403, room.member().put(api, new JsonObject().put("userIds", new JsonArray().add(room.memberId()))
        .put("status", "in_person")).statusCode(), "a member does not take attendance");
    assertEquals(403, room.member().get(api).statusCode());
    assertEquals(400, secretary.api().put(api, new JsonObject().put("userIds", new JsonArray().add(999999999))
        .put("status", "in_person")).statusCode(), "only participants");
    assertEquals(400, secretary.api().put(api, new JsonObject().put("userIds", new JsonArray().add(room.memberId()))
        .put("status", "sleeping")).statusCode());

    // Several at once, then an absence with its reason.
    JsonObject list = Meetings.ok(secretary.api().put(api, new JsonObject()
        .put("userIds", new JsonArray().add(room.memberId()).add(room.observerId())).put("status", "in_person")));
    assertEquals("in_person", person(list, room.memberId()).getString("status"));
    assertEquals("in_person", person(list, room.observerId()).getString("status"));
    assertFalse(person(list, room.memberId()).getBoolean("automatic"));
    list = Meetings.ok(secretary.api().put(api, new JsonObject().put("userIds", new JsonArray().add(third.id()))
        .put("status", "absent").put("reason", "Đi công tác")));
    assertEquals("absent", person(list, third.id()).getString("status"));
    assertEquals("Đi công tác", person(list, third.id()).getString("reason"));

    JsonObject f = list.getJsonObject("figures");
    assertEquals(3, f.getInteger("members"));
    assertEquals(1, f.getInteger("membersPresent"), "the observer is present but does not count");
    assertEquals(2, f.getInteger("present"));
    assertEquals(2, f.getInteger("required"), "more than half of 3");
    assertFalse(f.getBoolean("met"));

    list = Meetings.ok(secretary.api().put(api, new JsonObject().put("userIds", new JsonArray().add(room.chairId()))
        .put("status", "online")));
    assertTrue(list.getJsonObject("figures").getBoolean("met"), "2 of 3 is more than half");

    // Two-thirds of 3 = 2: met; a fixed number 3: not met; the live state follows each change.
    f = Meetings.ok(room.chair().put(api + "/rules", new JsonObject().put("rule", "two_thirds"))).getJsonObject("figures");
    assertEquals(2, f.getInteger("required"));
    assertTrue(f.getBoolean("met"));
    assertEquals(400, room.chair().put(api + "/rules", new JsonObject().put("rule", "count")).statusCode(), "count needs a number");
    f = Meetings.ok(room.chair().put(api + "/rules", new JsonObject().put("rule", "count").put("count", 3))).getJsonObject("figures");
    assertEquals(3, f.getInteger("required"));
    assertFalse(f.getBoolean("met"));
    JsonObject inState = Meetings.liveRun(id).getJsonObject("attendance");
    assertEquals("count", inState.getString("rule"));
    assertFalse(inState.getBoolean("met"));

    // Checking out and clearing.
    list = Meetings.ok(secretary.api().put(api, new JsonObject().put("userIds", new JsonArray().add(room.observerId()))
        .put("status", "left")));
    assertEquals("left", person(list, room.observerId()).getString("status"));
    list = Meetings.ok(secretary.api().put(api, new JsonObject().put("userIds", new JsonArray().add(room.observerId()))
        .put("status", "none")));
    assertNull(person(list, room.observerId()).getString("status"));

    // The CSV: names with diacritics, statuses in Vietnamese (and English on request), formulas defused.
    var csv = room.chair().get(api.replace("/attendance", "/attendance.csv"));
    assertEquals(200, csv.statusCode());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    String text = csv.bodyAsString();
    assertTrue(text.startsWith("\uFEFFHọ và tên,"), text);
    assertTrue(text.contains("Thành viên Bùi Quang") && text.contains("Vắng mặt") && text.contains("Đi công tác"), text);
    assertTrue(text.contains("Có mặt trực tuyến") && text.contains("Chưa điểm danh"), text);
    String english = room.chair().get(api.replace("/attendance", "/attendance.csv") + "?lang=en").bodyAsString();
    assertTrue(english.contains("Absent") && english.contains("Present (online)"), english);
    assertEquals("'=1+1", AttendanceCsv.safe("=1+1"));
    assertEquals(403, room.member().get(api.replace("/attendance", "/attendance.csv")).statusCode());
  }
}
