package org.paperlessroom.live;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.BridgeClient;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TestApp;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paperlessroom.live.LiveAddresses.command;
import static org.paperlessroom.live.LiveAddresses.live;
import static org.paperlessroom.live.LiveAddresses.presence;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge through real WebSockets to /eventbus/websocket: what it refuses, what it delivers, in order. */
class LiveBridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(400);

  private static JsonObject snapshotOf(BridgeClient client, long meetingId) {
    client.register(live(meetingId));
    JsonObject frame = client.await(f -> live(meetingId).equals(f.getString("address")), WAIT);
    assertEquals("rec", frame.getString("type"), frame::encode);
    assertTrue(frame.getJsonObject("body").getBoolean("snapshot", false), frame::encode);
    return frame.getJsonObject("body");
  }

  private static JsonObject ok(JsonObject reply) {
    assertEquals("rec", reply.getString("type"), reply::encode);
    assertTrue(reply.getJsonObject("body").getBoolean("ok"), reply::encode);
    return reply.getJsonObject("body");
  }

  @Test
  void aNonParticipantOrAnonymousSocketCannotRegister() {
    Rooms.Room room = Rooms.create();
    // Without signing in there is nothing to connect to.
    var anonymous = assertThrows(io.vertx.core.http.UpgradeRejectedException.class, () -> BridgeClient.connect(null));
    assertEquals(401, anonymous.getStatus());
    try (BridgeClient outsider = BridgeClient.connect(room.outsider())) {
      outsider.register(live(room.meetingId()));
      JsonObject refused = outsider.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT);
      assertEquals("err", refused.getString("type"));
      assertEquals(403, refused.getInteger("failureCode"));

      // Presence is for the chair, the presenter and the secretary, not for a member.
      try (BridgeClient member = BridgeClient.connect(room.member()); BridgeClient chair = BridgeClient.connect(room.chair())) {
        String presence = "meeting." + room.meetingId() + ".presence";
        member.register(presence);
        assertEquals(403, member.await(f -> presence.equals(f.getString("address")), WAIT).getInteger("failureCode"));
        chair.register(presence);
        JsonObject seen = chair.await(f -> presence.equals(f.getString("address")), WAIT);
        assertEquals("rec", seen.getString("type"), seen::encode);
        assertNotNull(seen.getJsonObject("body").getJsonArray("connected"));
      }
      // Nothing was delivered to the refused sockets afterwards.
      room.chair().post("/api/meetings/" + room.meetingId() + "/presenter", new JsonObject().put("userId", room.chairId()));
      assertNull(outsider.poll(QUIET));
    }
  }

  @Test
  void anAttendeesPresenterCommandIsRefusedAndChangesNothing() {
    Rooms.Room room = Rooms.create();
    long doc = Rooms.readyDeck(room, 3, false);
    try (BridgeClient chair = BridgeClient.connect(room.chair()); BridgeClient member = BridgeClient.connect(room.member())) {
      long start = snapshotOf(member, room.meetingId()).getLong("seq");
      ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)));
      JsonObject shown = member.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT).getJsonObject("body");
      assertEquals(start + 1, shown.getLong("seq"));
      assertEquals(1, shown.getJsonObject("state").getInteger("page"));

      JsonObject refused = member.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 3));
      assertEquals("err", refused.getString("type"), refused::encode);
      assertEquals(403, refused.getInteger("failureCode"));
      assertNull(member.poll(QUIET), "no change was broadcast");
      try (BridgeClient late = BridgeClient.connect(room.observer())) {
        JsonObject snap = snapshotOf(late, room.meetingId());
        assertEquals(start + 1, snap.getLong("seq"));
        assertEquals(1, snap.getJsonObject("state").getInteger("page"));
      }
      // Bad pages and documents of other meetings are refused too, with the state untouched.
      assertEquals(404, chair.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 4)).getInteger("failureCode"));
      Rooms.Room other = Rooms.create();
      long foreign = Rooms.readyDeck(other, 1, false);
      assertEquals(404, chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", foreign).put("page", 1)).getInteger("failureCode"));
      assertEquals(400, chair.request(command(room.meetingId()), new JsonObject().put("op", "zoom").put("region", "all")).getInteger("failureCode"));
      assertEquals(400, chair.request(command(room.meetingId()), new JsonObject().put("op", "fly")).getInteger("failureCode"));
      assertNull(member.poll(QUIET));
    }
  }

  @Test
  void malformedFramesAreRefusedWithoutHarmingOtherSockets() {
    Rooms.Room room = Rooms.create();
    Rooms.Room other = Rooms.create();
    long doc = Rooms.readyDeck(room, 2, false);
    try (BridgeClient chair = BridgeClient.connect(room.chair());
         BridgeClient bystander = BridgeClient.connect(room.observer());
         BridgeClient rogue = BridgeClient.connect(room.member())) {
      snapshotOf(bystander, room.meetingId());
      rogue.sendRaw("this is not json");
      assertEquals("bad_json", rogue.await(f -> "err".equals(f.getString("type")), WAIT).getString("failureType"));
      rogue.sendRaw("[1,2,3]");
      assertEquals("bad_json", rogue.await(f -> "err".equals(f.getString("type")), WAIT).getString("failureType"));
      rogue.sendRaw(new JsonObject().put("type", "explode").put("address", live(room.meetingId())).encode());
      assertEquals("unknown_type", rogue.await(f -> "err".equals(f.getString("type")), WAIT).getString("failureType"));
      rogue.sendRaw(new JsonObject().put("type", "publish").put("address", live(room.meetingId()))
          .put("body", new JsonObject().put("seq", 999999)).encode());
      assertEquals(403, rogue.await(f -> "err".equals(f.getString("type")), WAIT).getInteger("failureCode"));
      rogue.register("internal.meeting.participants-changed");
      assertEquals(403, rogue.await(f -> "err".equals(f.getString("type")), WAIT).getInteger("failureCode"));
      rogue.register(live(other.meetingId()));
      assertEquals(403, rogue.await(f -> "err".equals(f.getString("type")), WAIT).getInteger("failureCode"));
      assertNull(bystander.poll(QUIET), "nothing the rogue sent reached anyone");

      // The others carry on.
      ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", doc).put("page", 2)));
      assertEquals(2, bystander.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT)
          .getJsonObject("body").getJsonObject("state").getInteger("page"));

      // A socket that keeps misbehaving is closed; the others are untouched.
      try {
        for (int i = 0; i < 30 && !rogue.closed(); i++) {
          rogue.sendRaw("{bad");
        }
      } catch (RuntimeException closedMeanwhile) {
        // the server closed it while we were still sending
      }
      assertTrue(rogue.awaitClosed(WAIT), "the rogue socket is closed");
      ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 1)));
      assertEquals(1, bystander.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT)
          .getJsonObject("body").getJsonObject("state").getInteger("page"));
      assertFalse(bystander.closed());
    }
    assertEquals(200, Api.forTestApp().get("/health").statusCode());
  }

  @Test
  void anOversizedFrameIsRefusedAndClosesOnlyThatSocket() {
    Rooms.Room room = Rooms.create();
    try (BridgeClient bystander = BridgeClient.connect(room.observer()); BridgeClient rogue = BridgeClient.connect(room.member());
         BridgeClient huge = BridgeClient.connect(room.member())) {
      snapshotOf(bystander, room.meetingId());
      rogue.sendRaw(new JsonObject().put("type", "send").put("address", command(room.meetingId()))
          .put("body", new JsonObject().put("op", "x".repeat(20_000))).encode());
      assertEquals("too_large", rogue.await(f -> "err".equals(f.getString("type")), WAIT).getString("failureType"));
      assertTrue(rogue.awaitClosed(WAIT));
      huge.sendRaw("{\"type\":\"send\",\"body\":\"" + "y".repeat(200_000) + "\"}");
      assertTrue(huge.awaitClosed(WAIT));
      assertFalse(bystander.closed());
      try (BridgeClient again = BridgeClient.connect(room.member())) {
        assertNotNull(snapshotOf(again, room.meetingId()).getLong("seq"), "the server still serves");
      }
    }
  }

  @Test
  void sequenceNumbersStrictlyIncreaseAndSnapshotPlusUpdatesAreGapFree() {
    Rooms.Room room = Rooms.create();
    long doc = Rooms.readyDeck(room, 9, false);
    try (BridgeClient chair = BridgeClient.connect(room.chair()); BridgeClient early = BridgeClient.connect(room.member())) {
      long first = snapshotOf(early, room.meetingId()).getLong("seq");
      ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)));
      int changes = 60;
      BridgeClient late = null;
      for (int i = 1; i <= changes; i++) {
        chair.send(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 1 + i % 9));
        if (i == 30) {
          late = BridgeClient.connect(room.observer());
          late.register(live(room.meetingId()));
        }
      }
      List<JsonObject> seen = early.collect(live(room.meetingId()), changes + 1, WAIT);
      for (int i = 0; i < seen.size(); i++) {
        assertEquals(first + 1 + i, seen.get(i).getJsonObject("body").getLong("seq"), "updates come one by one, none missing");
      }
      JsonObject last = seen.get(seen.size() - 1).getJsonObject("body");
      assertEquals(1 + changes % 9, last.getJsonObject("state").getInteger("page"));

      JsonObject snap = late.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT).getJsonObject("body");
      assertTrue(snap.getBoolean("snapshot"));
      long expected = snap.getLong("seq") + 1;
      while (expected <= last.getLong("seq")) {
        JsonObject next = late.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT).getJsonObject("body");
        assertEquals(expected, next.getLong("seq"), "the late joiner misses nothing after its snapshot");
        expected++;
      }
      assertEquals(last.getJsonObject("state"), seen.get(seen.size() - 1).getJsonObject("body").getJsonObject("state"));
      late.close();
    }
  }

  @Test
  void theStateIsSavedAndAFreshHubResumesOnTheSamePage() throws Exception {
    Rooms.Room room = Rooms.create();
    long doc = Rooms.readyDeck(room, 4, false);
    try (BridgeClient chair = BridgeClient.connect(room.chair())) {
      ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", doc).put("page", 2)));
      long seq = ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 3))).getLong("seq");
      var pool = TestApp.get().database().pool();
      long deadline = System.currentTimeMillis() + 5000;
      long stored = -1;
      while (stored != seq && System.currentTimeMillis() < deadline) {
        var rows = pool.preparedQuery("SELECT seq FROM live_states WHERE meeting_id = $1").execute(Tuple.of(room.meetingId())).await();
        stored = rows.size() == 0 ? -1 : rows.iterator().next().getLong("seq");
        Thread.sleep(20);
      }
      assertEquals(seq, stored, "saved right after the broadcast");
      // A new hub over the same database is what a restarted server has.
      var app = TestApp.get();
      LiveHub restarted = new LiveHub(app.vertx(), pool, app.services().accessPolicy(), ids -> io.vertx.core.Future.succeededFuture(),
          org.paperlessroom.cluster.ClusterNode.single());
      JsonObject snapshot = restarted.snapshot(room.meetingId()).await();
      assertEquals(seq, snapshot.getLong("seq"));
      assertEquals(3, snapshot.getJsonObject("state").getInteger("page"));
      assertEquals(doc, snapshot.getJsonObject("state").getLong("documentId"));
    }
  }

  @Test
  void presenterHandOverTakesEffectAtOnce() {
    Rooms.Room room = Rooms.create();
    long doc = Rooms.readyDeck(room, 3, false);
    try (BridgeClient chair = BridgeClient.connect(room.chair()); BridgeClient member = BridgeClient.connect(room.member());
         BridgeClient observer = BridgeClient.connect(room.observer())) {
      snapshotOf(observer, room.meetingId());
      ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)));
      observer.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT);
      assertEquals(403, member.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 2)).getInteger("failureCode"));

      assertEquals(200, room.chair().post("/api/meetings/" + room.meetingId() + "/presenter",
          new JsonObject().put("userId", room.memberId())).statusCode());
      JsonObject handedOver = observer.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT).getJsonObject("body");
      assertEquals(room.memberId(), handedOver.getJsonObject("state").getLong("presenterId"));
      ok(member.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 2)));
      assertEquals(2, observer.await(f -> live(room.meetingId()).equals(f.getString("address")), WAIT)
          .getJsonObject("body").getJsonObject("state").getInteger("page"));

      // Handed on to the chair: the member's commands are refused again.
      assertEquals(200, room.chair().post("/api/meetings/" + room.meetingId() + "/presenter",
          new JsonObject().put("userId", room.chairId())).statusCode());
      observer.await(f -> live(room.meetingId()).equals(f.getString("address"))
          && f.getJsonObject("body").getJsonObject("state").getLong("presenterId") == room.chairId(), WAIT);
      assertEquals(403, member.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 3)).getInteger("failureCode"));
    }
  }

  @Test
  void meetingsAreIsolated() {
    Rooms.Room a = Rooms.create();
    Rooms.Room b = Rooms.create();
    long docA = Rooms.readyDeck(a, 2, false);
    try (BridgeClient chairA = BridgeClient.connect(a.chair()); BridgeClient followerB = BridgeClient.connect(b.member());
         BridgeClient followerA = BridgeClient.connect(a.member())) {
      snapshotOf(followerB, b.meetingId());
      snapshotOf(followerA, a.meetingId());
      ok(chairA.request(command(a.meetingId()), new JsonObject().put("op", "show").put("documentId", docA).put("page", 2)));
      assertEquals(2, followerA.await(f -> live(a.meetingId()).equals(f.getString("address")), WAIT)
          .getJsonObject("body").getJsonObject("state").getInteger("page"));
      assertNull(followerB.poll(QUIET), "no event of meeting A reaches a socket of meeting B");
      // And A's chair cannot drive B.
      assertEquals(403, chairA.request(command(b.meetingId()), new JsonObject().put("op", "stop")).getInteger("failureCode"));
    }
  }

  @Test
  void aWebSocketFromAnotherOriginIsRefused() {
    Rooms.Room room = Rooms.create();
    WebSocketClient client = TestApp.get().vertx().createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(TestApp.get().port())
        .setURI("/eventbus/websocket").addHeader("Origin", "http://evil.example")
        .addHeader("Cookie", room.member().cookieHeader("/eventbus/websocket"));
    assertThrows(Exception.class, () -> client.connect(options).await());
    try (BridgeClient same = BridgeClient.connect(room.member(), "http://127.0.0.1:" + TestApp.get().port())) {
      assertTrue(snapshotOf(same, room.meetingId()).containsKey("state"));
    }
  }

  @Test
  void aClassifiedPageIsVisibleToFollowersOnlyWhilePresentedWatermarkedAndRecorded() {
    Rooms.Room room = Rooms.create();
    long doc = Rooms.readyDeck(room, 3, true);
    JsonObject detail = room.chair().get("/api/documents/" + doc).bodyAsJsonObject().getJsonObject("document");
    String hash = detail.getString("hash");
    String page1 = "/api/pages/" + hash + "/1/480.jpg";
    assertEquals(403, room.member().get(page1).statusCode(), "not while nothing is presented");
    assertEquals(200, room.chair().get(page1).statusCode(), "the chair prepares the meeting");
    try (BridgeClient chair = BridgeClient.connect(room.chair())) {
      ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)));
      var shown = room.member().get(page1);
      assertEquals(200, shown.statusCode());
      assertEquals("no-store", shown.getHeader("Cache-Control"));
      assertEquals("image/jpeg", shown.getHeader("Content-Type"));
      var chairs = room.chair().get(page1);
      assertFalse(java.util.Arrays.equals(shown.body().getBytes(), chairs.body().getBytes()),
          "each viewer gets the page with their own name on it");
      assertEquals(403, room.member().get("/api/pages/" + hash + "/2/480.jpg").statusCode(), "not the next page");
      ok(chair.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 2)));
      assertEquals(403, room.member().get(page1).statusCode(), "no longer page 1");
    }
    var audit = room.admin().get("/api/audit?meetingId=" + room.meetingId()).bodyAsJsonObject();
    assertTrue(audit.getJsonArray("entries").stream().map(JsonObject.class::cast).anyMatch(e ->
        "document.page_view".equals(e.getString("action")) && e.getLong("actorId") == room.memberId()), audit::encode);
  }
}
