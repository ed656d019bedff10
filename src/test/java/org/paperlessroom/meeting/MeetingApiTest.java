package org.paperlessroom.meeting;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.Rooms.Room;
import org.paperlessroom.support.TestApp;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeetingApiTest {

  private static String title(Room room) {
    return room.chair().get("/api/meetings/" + room.meetingId()).bodyAsJsonObject().getJsonObject("meeting").getString("title");
  }

  private static long audits(long meetingId, String action) {
    return TestApp.get().database().pool()
        .preparedQuery("SELECT count(*) FROM audit_log WHERE meeting_id = $1 AND action = $2")
        .execute(io.vertx.sqlclient.Tuple.of(meetingId, action)).await().iterator().next().getLong(0);
  }

  @Test
  void participantsSeeTheMeetingWithTheirRolesAndTheDashboardSortsIt() {
    Room room = Rooms.create();
    JsonObject m = room.member().get("/api/meetings/" + room.meetingId()).bodyAsJsonObject().getJsonObject("meeting");
    assertEquals(new JsonArray().add("member"), m.getJsonArray("myRoles"));
    assertFalse(m.getJsonObject("can").getBoolean("edit"));
    assertEquals(3, m.getJsonArray("participants").size(), "admin created it without taking part");
    JsonObject c = room.chair().get("/api/meetings/" + room.meetingId()).bodyAsJsonObject().getJsonObject("meeting");
    assertTrue(c.getJsonObject("can").getBoolean("edit"));
    assertTrue(c.getJsonObject("can").getBoolean("handOver"));
    JsonObject dashboard = room.member().get("/api/meetings").bodyAsJsonObject();
    assertTrue(dashboard.getJsonArray("upcoming").stream()
        .anyMatch(o -> ((JsonObject) o).getLong("id") == room.meetingId()));
    // Search ignores diacritics: "hop giao ban" finds "Họp giao ban".
    JsonObject found = room.member().get("/api/meetings?q=hop%20giao%20ban").bodyAsJsonObject();
    assertTrue(found.getJsonArray("upcoming").stream().anyMatch(o -> ((JsonObject) o).getLong("id") == room.meetingId()));
    JsonObject none = room.member().get("/api/meetings?q=ngan%20sach").bodyAsJsonObject();
    assertTrue(none.getJsonArray("upcoming").stream().noneMatch(o -> ((JsonObject) o).getLong("id") == room.meetingId()));
  }

  @Test
  void aNonParticipantCannotReadOrJoinTheMeeting() {
    Room room = Rooms.create();
    HttpResponse<Buffer> read = room.outsider().get("/api/meetings/" + room.meetingId());
    assertEquals(403, read.statusCode());
    assertEquals("forbidden", read.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> join = room.outsider().post("/api/join", new JsonObject().put("code", room.joinCode()));
    assertEquals(403, join.statusCode());
    assertTrue(join.bodyAsJsonObject().getString("message").contains("not on the list of participants"));
    assertEquals(403, room.outsider().get("/api/meetings/" + room.meetingId() + "/qr.png").statusCode());
    assertTrue(room.outsider().get("/api/meetings").bodyAsJsonObject().getJsonArray("upcoming").stream()
        .noneMatch(o -> ((JsonObject) o).getLong("id") == room.meetingId()));
    assertEquals(404, room.outsider().get("/api/meetings/99999999").statusCode());
  }

  @Test
  void observersAndMembersCannotEditTheMeeting() {
    Room room = Rooms.create();
    String before = title(room);
    for (Api who : new Api[] {room.observer(), room.member()}) {
      HttpResponse<Buffer> r = who.patch("/api/meetings/" + room.meetingId(), new JsonObject().put("title", "Hijacked"));
      assertEquals(403, r.statusCode());
      assertTrue(r.bodyAsJsonObject().getString("message").contains("chair or the secretary"));
      assertEquals(403, who.put("/api/meetings/" + room.meetingId() + "/participants/" + room.memberId(),
          new JsonObject().put("roles", new JsonArray().add("chair"))).statusCode());
    }
    assertEquals(before, title(room));
    assertEquals(0, audits(room.meetingId(), "meeting.update"));
    HttpResponse<Buffer> ok = room.chair().patch("/api/meetings/" + room.meetingId(),
        new JsonObject().put("title", "Họp giao ban tháng 12").put("status", "scheduled"));
    assertEquals(200, ok.statusCode(), ok::bodyAsString);
    assertEquals("Họp giao ban tháng 12", title(room));
    assertEquals(1, audits(room.meetingId(), "meeting.update"));
    HttpResponse<Buffer> backwards = room.chair().patch("/api/meetings/" + room.meetingId(),
        new JsonObject().put("status", "ended"));
    assertEquals(409, backwards.statusCode(), "scheduled cannot jump to ended");
  }

  @Test
  void onlyTheChairHandsOverThePresenterRole() {
    Room room = Rooms.create();
    HttpResponse<Buffer> byMember = room.member().post("/api/meetings/" + room.meetingId() + "/presenter",
        new JsonObject().put("userId", room.memberId()));
    assertEquals(403, byMember.statusCode());
    assertEquals(0, audits(room.meetingId(), "meeting.presenter.hand_over"));
    HttpResponse<Buffer> byChair = room.chair().post("/api/meetings/" + room.meetingId() + "/presenter",
        new JsonObject().put("userId", room.memberId()));
    assertEquals(200, byChair.statusCode(), byChair::bodyAsString);
    assertEquals(1, audits(room.meetingId(), "meeting.presenter.hand_over"));
    JsonArray roles = room.member().get("/api/meetings/" + room.meetingId()).bodyAsJsonObject()
        .getJsonObject("meeting").getJsonArray("myRoles");
    assertTrue(roles.contains("presenter") && roles.contains("member"), roles.encode());
    // Handing it on removes it from the previous presenter: one presenter at a time.
    room.chair().post("/api/meetings/" + room.meetingId() + "/presenter", new JsonObject().put("userId", room.chairId()));
    assertFalse(room.member().get("/api/meetings/" + room.meetingId()).bodyAsJsonObject()
        .getJsonObject("meeting").getJsonArray("myRoles").contains("presenter"));
    HttpResponse<Buffer> outsider = room.chair().post("/api/meetings/" + room.meetingId() + "/presenter",
        new JsonObject().put("userId", 99999999));
    assertEquals(400, outsider.statusCode());
  }

  @Test
  void aSecretaryManagesParticipantsButCannotAppointOrRemoveAChair() {
    Room room = Rooms.create();
    assertEquals(200, room.chair().put("/api/meetings/" + room.meetingId() + "/participants/" + room.memberId(),
        new JsonObject().put("roles", new JsonArray().add("secretary"))).statusCode());
    Api secretary = room.member();
    HttpResponse<Buffer> selfPromotion = secretary.put("/api/meetings/" + room.meetingId() + "/participants/"
        + room.memberId(), new JsonObject().put("roles", new JsonArray().add("chair")));
    assertEquals(403, selfPromotion.statusCode());
    assertTrue(selfPromotion.bodyAsJsonObject().getString("message").contains("appoint or remove a chair"));
    assertEquals(403, secretary.delete("/api/meetings/" + room.meetingId() + "/participants/" + room.chairId()).statusCode());
    assertEquals(403, secretary.put("/api/meetings/" + room.meetingId() + "/participants/" + room.chairId(),
        new JsonObject().put("roles", new JsonArray().add("observer"))).statusCode());
    JsonObject m = room.chair().get("/api/meetings/" + room.meetingId()).bodyAsJsonObject().getJsonObject("meeting");
    assertTrue(m.getJsonArray("myRoles").contains("chair"), "the chair is still chair");
    assertEquals(200, secretary.put("/api/meetings/" + room.meetingId() + "/participants/" + room.observerId(),
        new JsonObject().put("roles", new JsonArray().add("member"))).statusCode(), "other participants: allowed");
  }

  @Test
  void participantsJoinByCodeAndTheQrCodeHoldsTheJoinLink() throws Exception {
    Room room = Rooms.create();
    JsonObject preview = Api.forTestApp().get("/api/join/" + room.joinCode().toLowerCase()).bodyAsJsonObject();
    assertFalse(preview.getBoolean("guestsAllowed"));
    HttpResponse<Buffer> join = room.member().post("/api/join", new JsonObject().put("code", room.joinCode()));
    assertEquals(200, join.statusCode());
    assertEquals(room.meetingId(), join.bodyAsJsonObject().getLong("meetingId"));
    assertEquals(404, room.member().post("/api/join", new JsonObject().put("code", "ZZZZZZZZ")).statusCode());
    HttpResponse<Buffer> redirect = Api.forTestApp().get("/join/" + room.joinCode());
    assertEquals(302, redirect.statusCode());
    assertEquals("/join.html?code=" + room.joinCode(), redirect.getHeader("Location"));

    HttpResponse<Buffer> png = room.member().get("/api/meetings/" + room.meetingId() + "/qr.png");
    assertEquals("image/png", png.getHeader("Content-Type"));
    var image = ImageIO.read(new ByteArrayInputStream(png.body().getBytes()));
    String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
        new BufferedImageLuminanceSource(image)))).getText();
    assertEquals(TestApp.get().config().publicUrl() + "/join/" + room.joinCode(), decoded);
    HttpResponse<Buffer> svg = room.member().get("/api/meetings/" + room.meetingId() + "/qr.svg");
    assertTrue(svg.bodyAsString().startsWith("<svg"));
  }

  @Test
  void guestsJoinWithANameOnlyWhenTheChairAllowedIt() {
    Room room = Rooms.create();
    Api guest = Api.forTestApp();
    guest.get("/api/session");
    JsonObject body = new JsonObject().put("code", room.joinCode()).put("name", "Khách mời Lâm");
    assertEquals(403, guest.post("/api/join/guest", body).statusCode());
    assertEquals(200, room.chair().patch("/api/meetings/" + room.meetingId(),
        new JsonObject().put("guestsAllowed", true)).statusCode());
    HttpResponse<Buffer> joined = guest.post("/api/join/guest", body);
    assertEquals(200, joined.statusCode(), joined::bodyAsString);
    guest.get("/api/session");
    JsonObject m = guest.get("/api/meetings/" + room.meetingId()).bodyAsJsonObject().getJsonObject("meeting");
    assertEquals(new JsonArray().add("guest"), m.getJsonArray("myRoles"));
    assertEquals(403, guest.patch("/api/meetings/" + room.meetingId(), new JsonObject().put("title", "x")).statusCode());
    assertEquals(403, guest.post("/api/meetings", new JsonObject().put("title", "x")
        .put("startsAt", "2026-12-01T01:00:00Z")).statusCode(), "guests cannot create meetings");
  }

  @Test
  void everyChangeIsAuditedAndAdminsCanReadTheLog() {
    Room room = Rooms.create();
    room.chair().put("/api/meetings/" + room.meetingId() + "/participants/" + room.observerId(),
        new JsonObject().put("roles", new JsonArray().add("member")));
    JsonArray entries = room.admin().get("/api/audit?meetingId=" + room.meetingId()).bodyAsJsonObject()
        .getJsonArray("entries");
    assertTrue(entries.stream().map(o -> ((JsonObject) o).getString("action")).toList()
        .containsAll(java.util.List.of("meeting.create", "meeting.participant.put")), entries.encode());
    HttpResponse<Buffer> badRole = room.chair().put("/api/meetings/" + room.meetingId() + "/participants/" + room.observerId(),
        new JsonObject().put("roles", new JsonArray().add("emperor")));
    assertEquals(400, badRole.statusCode());
    assertEquals("invalid_roles", badRole.bodyAsJsonObject().getString("error"));
  }
}
