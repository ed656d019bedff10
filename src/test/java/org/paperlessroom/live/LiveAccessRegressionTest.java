package org.paperlessroom.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.BridgeClient;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TestPdfs;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paperlessroom.live.LiveAddresses.command;
import static org.paperlessroom.live.LiveAddresses.live;
import static org.paperlessroom.live.LiveAddresses.presence;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review probes (throwaway): each test PASSES when the defect it names is present. Delete after review.
 */
class LiveAccessRegressionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static JsonObject liveFrame(BridgeClient c, long m) {
    return c.await(f -> live(m).equals(f.getString("address")), WAIT);
  }

  /** Sign-out and deactivation end the live sockets too. */
  @Test
  void socketsEndWithSignOutAndDeactivation() {
    Rooms.Room room = Rooms.create();
    long doc = Rooms.readyDeck(room, 3, false);
    // Member becomes presenter.
    assertEquals(200, room.chair().post("/api/meetings/" + room.meetingId() + "/presenter",
        new JsonObject().put("userId", room.memberId())).statusCode());
    try (BridgeClient chair = BridgeClient.connect(room.chair());
         BridgeClient member = BridgeClient.connect(room.member());
         BridgeClient observer = BridgeClient.connect(room.observer())) {
      member.register(live(room.meetingId()));
      liveFrame(member, room.meetingId());
      observer.register(live(room.meetingId()));
      liveFrame(observer, room.meetingId());

      // The observer signs out: the REST API now refuses them...
      assertEquals(204, room.observer().delete("/api/session").statusCode());
      assertEquals(401, room.observer().get("/api/meetings/" + room.meetingId()).statusCode());
      // ...the admin deactivates the presenter (member) account.
      assertEquals(200, room.admin().patch("/api/users/" + room.memberId(), new JsonObject().put("active", false)).statusCode());
      assertEquals(401, room.member().get("/api/meetings/" + room.meetingId()).statusCode());

      // Both sockets are closed at once: nothing more reaches them, nothing more is accepted from them.
      assertTrue(member.awaitClosed(WAIT), "the deactivated account's socket is closed");
      assertTrue(observer.awaitClosed(WAIT), "the signed-out socket is closed");
      // The chair carries on; a new socket of the deactivated account is refused.
      chair.register(live(room.meetingId()));
      liveFrame(chair, room.meetingId());
      assertThrows(RuntimeException.class, () -> BridgeClient.connect(room.member()));
      assertEquals(doc, doc);
    }
  }

  /** Presence ends with the role that allowed it. */
  @Test
  void presenceEndsWithTheRole() {
    Rooms.Room room = Rooms.create();
    assertEquals(200, room.chair().post("/api/meetings/" + room.meetingId() + "/presenter",
        new JsonObject().put("userId", room.memberId())).statusCode());
    try (BridgeClient member = BridgeClient.connect(room.member())) {
      member.register(live(room.meetingId()));
      liveFrame(member, room.meetingId());
      member.register(presence(room.meetingId()));
      JsonObject first = member.await(f -> presence(room.meetingId()).equals(f.getString("address")), WAIT);
      assertEquals("rec", first.getString("type"), first::encode);

      // Hand the role back to the chair: member is only a member now (VIEW_PRESENCE denied).
      assertEquals(200, room.chair().post("/api/meetings/" + room.meetingId() + "/presenter",
          new JsonObject().put("userId", room.chairId())).statusCode());
      member.await(f -> live(room.meetingId()).equals(f.getString("address"))
          && Long.valueOf(room.chairId()).equals(f.getJsonObject("body").getJsonObject("state").getLong("presenterId")), WAIT);
      // The old registration is revoked with a refusal; a fresh one is refused too.
      JsonObject revoked = member.await(f -> presence(room.meetingId()).equals(f.getString("address"))
          && "err".equals(f.getString("type")), WAIT);
      assertEquals(403, revoked.getInteger("failureCode"));
      try (BridgeClient again = BridgeClient.connect(room.member())) {
        again.register(presence(room.meetingId()));
        assertEquals(403, again.await(f -> presence(room.meetingId()).equals(f.getString("address")), WAIT).getInteger("failureCode"));
      }
      try (BridgeClient observer = BridgeClient.connect(room.observer())) {
        observer.register(live(room.meetingId()));
        liveFrame(observer, room.meetingId());
        JsonObject later = member.poll(Duration.ofMillis(800));
        assertTrue(later == null || !presence(room.meetingId()).equals(later.getString("address")),
            "no presence after losing the role: " + later);
      }
    }
  }

  /** A blanked screen shows no classified page. */
  @Test
  void noClassifiedPageWhileTheScreenIsBlank() {
    Rooms.Room room = Rooms.create();
    long doc = Rooms.readyDeck(room, 3, true);
    String hash = room.chair().get("/api/documents/" + doc).bodyAsJsonObject().getJsonObject("document").getString("hash");
    try (BridgeClient chair = BridgeClient.connect(room.chair())) {
      assertEquals("rec", chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)).getString("type"));
      assertEquals("rec", chair.request(command(room.meetingId()), new JsonObject().put("op", "blank").put("on", true)).getString("type"));
      assertEquals("rec", chair.request(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 3)).getString("type"));
      // Nothing is on the screen (black): page 3 is not handed out until the screen shows it.
      assertEquals(403, room.member().get("/api/pages/" + hash + "/3/480.jpg").statusCode());
      assertEquals("rec", chair.request(command(room.meetingId()), new JsonObject().put("op", "blank").put("on", false)).getString("type"));
      assertEquals(200, room.member().get("/api/pages/" + hash + "/3/480.jpg").statusCode());
    }
  }

  /** Commands are applied in the order sent, even when one waits for the database. */
  @Test
  void commandsApplyInTheOrderSent() {
    Rooms.Room room = Rooms.create();
    long doc = Rooms.readyDeck(room, 3, false);
    try (BridgeClient chair = BridgeClient.connect(room.chair())) {
      // Warm the room (roles cached) so that "page" is handled synchronously.
      chair.register(live(room.meetingId()));
      liveFrame(chair, room.meetingId());
      String showReply = chair.send(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1));
      String pageReply = chair.send(command(room.meetingId()), new JsonObject().put("op", "page").put("page", 3));
      JsonObject one = chair.await(f -> pageReply.equals(f.getString("address")) || showReply.equals(f.getString("address")), WAIT);
      JsonObject two = chair.await(f -> pageReply.equals(f.getString("address")) || showReply.equals(f.getString("address")), WAIT);
      JsonObject page = pageReply.equals(one.getString("address")) ? one : two;
      JsonObject show = page == one ? two : one;
      assertEquals("rec", show.getString("type"), show::encode);
      assertEquals("rec", page.getString("type"), page::encode);
      assertTrue(page.getJsonObject("body").getLong("seq") > show.getJsonObject("body").getLong("seq"), "applied in the order sent");
      JsonObject now = org.paperlessroom.support.TestApp.get().services().liveHub().snapshot(room.meetingId()).await();
      assertEquals(page.getJsonObject("body").getLong("seq"), now.getLong("seq"));
      assertEquals(3, now.getJsonObject("state").getInteger("page"));
      assertEquals(doc, now.getJsonObject("state").getLong("documentId"));
    }
  }

  /** Two REGISTERs racing: the second is refused and nothing is left behind when the socket closes. */
  @Test
  void racingRegistersLeaveNoGhostFollower() {
    Rooms.Room a = Rooms.create();
    Rooms.Room b = Rooms.create();
    long adminId = a.admin().get("/api/session").bodyAsJsonObject().getJsonObject("user").getLong("id");
    try (BridgeClient chairA = BridgeClient.connect(a.chair())) {
      chairA.register(live(a.meetingId()));
      liveFrame(chairA, a.meetingId());
      chairA.register(presence(a.meetingId()));
      chairA.await(f -> presence(a.meetingId()).equals(f.getString("address")), WAIT);
      // The admin is no participant: the roles are looked up in the database each time (async).
      BridgeClient admin = BridgeClient.connect(a.admin());
      admin.register(live(a.meetingId()));
      admin.register(live(b.meetingId()));
      JsonObject x = admin.await(f -> live(a.meetingId()).equals(f.getString("address")) || live(b.meetingId()).equals(f.getString("address")), WAIT);
      JsonObject y = admin.await(f -> live(a.meetingId()).equals(f.getString("address")) || live(b.meetingId()).equals(f.getString("address")), WAIT);
      JsonObject second = live(b.meetingId()).equals(x.getString("address")) ? x : y;
      JsonObject first = second == x ? y : x;
      assertEquals("rec", first.getString("type"), first::encode);
      assertEquals("err", second.getString("type"), "one meeting per connection: " + second.encode());
      admin.close();
      assertTrue(admin.awaitClosed(WAIT));
      // Make presence recompute after the close.
      try (BridgeClient observer = BridgeClient.connect(a.observer())) {
        observer.register(live(a.meetingId()));
        JsonObject p = chairA.await(f -> presence(a.meetingId()).equals(f.getString("address"))
            && f.getJsonObject("body").getJsonArray("connected").stream()
            .anyMatch(e -> ((JsonObject) e).getLong("userId") == a.observerId()), WAIT);
        JsonArray connected = p.getJsonObject("body").getJsonArray("connected");
        assertFalse(connected.stream().anyMatch(e -> ((JsonObject) e).getLong("userId") == adminId),
            "closed admin socket still listed: " + connected.encode());
      }
    }
  }

  /** The same classified content twice: the presented copy is what counts. */
  @Test
  void duplicateClassifiedContentIsVisibleWhenEitherCopyIsPresented() {
    Rooms.Room room = Rooms.create();
    byte[] pdf = TestPdfs.slides(2, Api.unique("same"));
    long first = uploadReady(room, pdf);
    long second = uploadReady(room, pdf);
    String hash = room.chair().get("/api/documents/" + second).bodyAsJsonObject().getJsonObject("document").getString("hash");
    try (BridgeClient chair = BridgeClient.connect(room.chair())) {
      assertEquals("rec", chair.request(command(room.meetingId()), new JsonObject().put("op", "show").put("documentId", second).put("page", 1)).getString("type"));
      // Presented right now (the second copy of the same content): the follower sees it.
      assertEquals(200, room.member().get("/api/pages/" + hash + "/1/480.jpg").statusCode());
      assertTrue(first < second);
      var audit = room.admin().get("/api/audit?meetingId=" + room.meetingId()).bodyAsJsonObject().getJsonArray("entries");
      assertTrue(audit.stream().map(JsonObject.class::cast).anyMatch(e -> "document.page_view".equals(e.getString("action"))
          && e.getJsonObject("detail").getLong("documentId") == second), "the view is recorded against the presented document");
    }
  }

  private static long uploadReady(Rooms.Room room, byte[] pdf) {
    return room.chair().uploadReady(room.meetingId(), "annex.pdf", pdf, true).getLong("id");
  }
}
