package org.paperlessroom.cluster;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.live.LiveAddresses;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.BridgeClient;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TestApp;
import org.paperlessroom.support.TestCluster;
import org.paperlessroom.support.TestPdfs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three clustered nodes on 127.0.0.1 sharing the database and the documents directory: one meeting
 * across all of them, one writer for its live state, and the guarantees of votes and minutes kept.
 */
class ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static TestCluster cluster;
  private static int[] ports;

  @BeforeAll
  static void startThreeNodes() {
    cluster = new TestCluster();
    ports = new int[3];
    for (int i = 0; i < 3; i++) {
      ports[i] = cluster.startNode().port();
    }
  }

  @AfterAll
  static void stopNodes() {
    cluster.close();
  }

  private static String live(long meetingId) {
    return LiveAddresses.live(meetingId);
  }

  private static JsonObject ok(JsonObject reply) {
    assertEquals("rec", reply.getString("type"), reply::encode);
    return reply;
  }

  /** The deck uploaded through {@code port}, rendered; its id. */
  private static long deck(Api uploader, long meetingId, int pages) {
    return uploader.uploadReady(meetingId, "deck.pdf", TestPdfs.slides(pages, Api.unique("cluster")), false).getLong("id");
  }

  private static JsonObject liveFrame(BridgeClient client, long meetingId) {
    return client.await(f -> live(meetingId).equals(f.getString("address")) && "rec".equals(f.getString("type")), WAIT)
        .getJsonObject("body");
  }

  @Test
  void presenterOnNodeOneAndFollowersOnNodesTwoAndThreeSeeEveryEventInOrder() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    long doc = deck(room.chair().at(ports[0]), id, 6);
    try (BridgeClient chair = BridgeClient.connect(room.chair(), null, ports[0]);
         BridgeClient member = BridgeClient.connect(room.member(), null, ports[1]);
         BridgeClient observer = BridgeClient.connect(room.observer(), null, ports[2])) {
      member.register(live(id));
      observer.register(live(id));
      long start = liveFrame(member, id).getLong("seq");
      assertEquals(start, liveFrame(observer, id).getLong("seq"), "the same snapshot on both nodes");

      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)));
      for (int page = 2; page <= 6; page++) {
        ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "page").put("page", page)));
      }
      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "blank").put("on", true)));
      for (BridgeClient follower : List.of(member, observer)) {
        List<JsonObject> frames = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
          frames.add(liveFrame(follower, id));
        }
        for (int i = 0; i < 7; i++) {
          assertEquals(start + 1 + i, frames.get(i).getLong("seq"), "every event, in order, no gap: " + frames);
        }
        for (int page = 1; page <= 6; page++) {
          assertEquals(page, frames.get(page - 1).getJsonObject("state").getInteger("page"));
          assertEquals(doc, frames.get(page - 1).getJsonObject("state").getLong("documentId"));
        }
        assertTrue(frames.get(6).getJsonObject("state").getBoolean("blank"));
        assertEquals(null, follower.poll(Duration.ofMillis(300)), "each event once");
      }
      // The page images are the shared directory's: any node serves them.
      String hash = room.chair().get("/api/documents/" + doc).bodyAsJsonObject().getJsonObject("document").getString("hash");
      assertEquals(200, room.member().at(ports[2]).get("/api/pages/" + hash + "/3/480.jpg").statusCode());
    }
  }

  @Test
  void aFollowerThatSwitchesNodeStaysSignedInAndResyncs() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    long doc = deck(room.chair().at(ports[1]), id, 5);
    try (BridgeClient chair = BridgeClient.connect(room.chair(), null, ports[0])) {
      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "show").put("documentId", doc).put("page", 2)));
      long seenSeq;
      try (BridgeClient phone = BridgeClient.connect(room.member(), null, ports[1])) {
        phone.register(live(id));
        JsonObject snapshot = liveFrame(phone, id);
        assertEquals(2, snapshot.getJsonObject("state").getInteger("page"));
        seenSeq = snapshot.getLong("seq");
      }
      // While the phone is away the presenter moves on; the phone comes back through node 3.
      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "page").put("page", 4)));
      Api samePhone = room.member().at(ports[2]);
      assertEquals(200, samePhone.get("/api/session").statusCode());
      assertEquals(room.memberId(), samePhone.get("/api/session").bodyAsJsonObject().getJsonObject("user").getLong("id"),
          "the same sign-in on another node");
      try (BridgeClient phone = BridgeClient.connect(samePhone, null, ports[2])) {
        phone.register(live(id));
        JsonObject snapshot = liveFrame(phone, id);
        assertTrue(snapshot.getBoolean("snapshot"));
        assertEquals(4, snapshot.getJsonObject("state").getInteger("page"), "resynced on the current page");
        assertEquals(seenSeq + 1, snapshot.getLong("seq"));
        ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "page").put("page", 5)));
        JsonObject next = liveFrame(phone, id);
        assertEquals(seenSeq + 2, next.getLong("seq"));
        assertEquals(5, next.getJsonObject("state").getInteger("page"));
      }
    }
  }

  @Test
  void ballotsCastThroughTwoNodesAtOnceAreCountedExactly() {
    int voters = 60;
    Api admin = Api.admin();
    JsonObject chair = admin.createUser("Chủ trì cụm", "password-chair");
    JsonArray participants = new JsonArray()
        .add(new JsonObject().put("userId", chair.getLong("id")).put("roles", new JsonArray().add("chair")));
    List<JsonObject> users = new ArrayList<>();
    for (int i = 0; i < voters; i++) {
      JsonObject u = admin.createUser("Thành viên cụm " + i, "password-" + i);
      users.add(u);
      participants.add(new JsonObject().put("userId", u.getLong("id")).put("roles", new JsonArray().add("member")));
    }
    HttpResponse<Buffer> created = admin.post("/api/meetings", new JsonObject().put("title", Api.unique("Biểu quyết qua hai nút"))
        .put("startsAt", "2026-12-01T01:00:00Z").put("participants", participants));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    long id = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    Api chairApi = new Api(ports[0]).signIn(chair.getString("username"), "password-chair");
    Meetings.ok(chairApi.post("/api/meetings/" + id + "/start", new JsonObject()));
    JsonArray all = new JsonArray();
    users.forEach(u -> all.add(u.getLong("id")));
    Meetings.ok(chairApi.put("/api/meetings/" + id + "/attendance", new JsonObject().put("userIds", all).put("status", "in_person")));
    HttpResponse<Buffer> drafted = chairApi.post("/api/meetings/" + id + "/votes", new JsonObject().put("question", "Qua hai nút?"));
    assertEquals(201, drafted.statusCode(), drafted::bodyAsString);
    long voteId = drafted.bodyAsJsonObject().getJsonObject("vote").getLong("id");
    Meetings.ok(chairApi.post("/api/votes/" + voteId + "/open", new JsonObject()));

    // Half the room votes through node 2, half through node 3, all at once; every third voter presses twice.
    List<Api> clients = new ArrayList<>();
    for (int i = 0; i < voters; i++) {
      clients.add(new Api(ports[1 + i % 2]).signIn(users.get(i).getString("username"), "password-" + i));
    }
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    int[] expected = new int[3];
    for (int i = 0; i < voters; i++) {
      JsonObject ballot = new JsonObject().put("clientId", UUID.randomUUID().toString()).put("choices", new JsonArray().add(i % 3));
      expected[i % 3]++;
      sent.add(clients.get(i).sendAsync(HttpMethod.POST, "/api/votes/" + voteId + "/ballots", ballot));
      if (i % 3 == 0) {
        // The retry goes through the other node.
        sent.add(clients.get(i).at(ports[1 + (i + 1) % 2]).sendAsync(HttpMethod.POST, "/api/votes/" + voteId + "/ballots", ballot));
      }
    }
    Future.all(sent).await();
    for (Future<HttpResponse<Buffer>> f : sent) {
      assertEquals(200, f.result().statusCode(), f.result()::bodyAsString);
    }
    JsonObject vote = Meetings.eventually(() -> Meetings.ok(chairApi.get("/api/votes/" + voteId)).getJsonObject("vote"),
        v -> "closed".equals(v.getString("status")), WAIT);
    JsonObject result = vote.getJsonObject("result");
    assertEquals(voters, result.getInteger("cast"), "closed by itself once all had voted, with every ballot");
    for (int option = 0; option < 3; option++) {
      assertEquals(expected[option], result.getJsonArray("options").getJsonObject(option).getInteger("count"));
    }
    long inDb = TestApp.get().database().pool().preparedQuery("SELECT count(*) FROM named_ballots WHERE vote_id = $1")
        .execute(Tuple.of(voteId)).await().iterator().next().getLong(0);
    assertEquals(voters, inDb);
    // Every node's live state shows the same closed vote.
    for (int port : ports) {
      try (BridgeClient follower = BridgeClient.connect(clients.get(0).at(port), null, port)) {
        follower.register(live(id));
        JsonObject shown = liveFrame(follower, id).getJsonObject("state").getJsonObject("meeting").getJsonObject("vote");
        assertEquals("closed", shown.getString("status"));
        assertEquals(voters, shown.getJsonObject("result").getInteger("cast"));
      }
    }
  }

  @Test
  void minutesSavedThroughTwoNodesConflictInsteadOfOverwriting() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    Meetings.Person lan = Meetings.addPerson(room, "Thư ký Lan", "secretary");
    Meetings.Person minh = Meetings.addPerson(room, "Thư ký Minh", "secretary");
    String path = "/api/meetings/" + id + "/minutes/fields/general:opening";
    List<Future<HttpResponse<Buffer>>> both = List.of(
        lan.api().at(ports[0]).sendAsync(HttpMethod.PUT, path, new JsonObject().put("content", "Khai mạc: bản của Lan.").put("baseVersion", 0)),
        minh.api().at(ports[2]).sendAsync(HttpMethod.PUT, path, new JsonObject().put("content", "Khai mạc: bản của Minh.").put("baseVersion", 0)));
    Future.all(both).await();
    List<Integer> statuses = both.stream().map(f -> f.result().statusCode()).sorted().toList();
    assertEquals(List.of(200, 409), statuses, "one save, one conflict, whichever node each went through");
    HttpResponse<Buffer> conflict = both.stream().map(Future::result).filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
    JsonObject details = conflict.bodyAsJsonObject().getJsonObject("details");
    assertNotEquals(details.getJsonObject("current").getJsonObject("content").getString("text"),
        details.getJsonObject("yours").getString("text"), "both texts come back");
    // The acknowledged save is what every node reads.
    HttpResponse<Buffer> winner = both.stream().map(Future::result).filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
    assertEquals(1, winner.bodyAsJsonObject().getInteger("version"));
    String saved = details.getJsonObject("current").getJsonObject("content").getString("text");
    for (int port : ports) {
      String read = Meetings.ok(lan.api().at(port).get("/api/meetings/" + id + "/minutes")).encode();
      assertTrue(read.contains(saved), "node " + port + " reads the saved text");
    }
  }

  @Test
  void startingChecksInPeopleConnectedToAnyNodeAndPresenceShowsThemAll() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    try (BridgeClient member = BridgeClient.connect(room.member(), null, ports[1]);
         BridgeClient observer = BridgeClient.connect(room.observer(), null, ports[2]);
         BridgeClient chair = BridgeClient.connect(room.chair(), null, ports[0])) {
      member.register(live(id));
      liveFrame(member, id);
      observer.register(live(id));
      liveFrame(observer, id);
      chair.register(LiveAddresses.presence(id));
      JsonObject presence = chair.await(f -> LiveAddresses.presence(id).equals(f.getString("address"))
          && f.getJsonObject("body").getInteger("people") == 2, WAIT).getJsonObject("body");
      assertEquals(2, presence.getInteger("sockets"), presence::encode);
      Meetings.ok(room.chair().at(ports[0]).post("/api/meetings/" + id + "/start", new JsonObject()));
      JsonObject attendance = Meetings.ok(room.chair().at(ports[0]).get("/api/meetings/" + id + "/attendance"));
      List<Long> present = new ArrayList<>();
      attendance.getJsonArray("people").forEach(p -> {
        JsonObject person = (JsonObject) p;
        if (person.getString("status") != null) {
          present.add(person.getLong("userId"));
        }
      });
      assertTrue(present.contains(room.memberId()) && present.contains(room.observerId()),
          "people following on nodes 2 and 3 are checked in by the start on node 1: " + attendance.encode());
    }
  }

  @Test
  void whenTheWritersNodeIsKilledAnotherTakesOverWithoutLosingThePage() throws Exception {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    long doc = deck(room.chair().at(ports[0]), id, 8);
    TestCluster.NodeProcess doomed = cluster.startProcess();
    try (BridgeClient follower = BridgeClient.connect(room.member(), null, ports[1])) {
      follower.register(live(id));
      long seq = liveFrame(follower, id).getLong("seq");
      try (BridgeClient chair = BridgeClient.connect(room.chair().at(doomed.port()), null, doomed.port())) {
        ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)));
        for (int page = 2; page <= 5; page++) {
          ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "page").put("page", page)));
        }
        for (int page = 1; page <= 5; page++) {
          JsonObject frame = liveFrame(follower, id);
          assertEquals(++seq, frame.getLong("seq"));
          assertEquals(page, frame.getJsonObject("state").getInteger("page"));
        }
      }
      String writer = owner(id);
      for (int i = 0; i < 3; i++) {
        assertNotEquals(cluster.node(i).services().liveHub().node().id(), writer, "the process node writes the meeting");
      }

      // The writer's node dies outright (no goodbye, its lease still runs).
      doomed.process().destroyForcibly().waitFor();
      long killed = System.nanoTime();
      try (BridgeClient chair = BridgeClient.connect(room.chair().at(ports[0]), null, ports[0])) {
        chair.register(live(id));
        JsonObject snapshot = liveFrame(chair, id);
        assertEquals(5, snapshot.getJsonObject("state").getInteger("page"), "the current page is not lost");
        assertEquals(seq, snapshot.getLong("seq"), "nor any acknowledged change");
        String reply = chair.send(LiveAddresses.command(id), new JsonObject().put("op", "page").put("page", 6));
        ok(chair.await(f -> reply.equals(f.getString("address")), Duration.ofSeconds(30)));
        long tookMs = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("Take-over after the writer's node was killed: " + tookMs + " ms");
        assertTrue(tookMs < 15_000, "taken over within seconds, not " + tookMs + " ms");
        JsonObject next = liveFrame(follower, id);
        assertEquals(seq + 1, next.getLong("seq"), "the sequence goes on without a gap");
        assertEquals(6, next.getJsonObject("state").getInteger("page"));
      }
      assertNotEquals(writer, owner(id), "another node writes the meeting now");
    }
  }

  @Test
  void theSameFileUploadedThroughTwoNodesAtOnceIsRenderedOnce() throws Exception {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    byte[] pdf = TestPdfs.slides(40, Api.unique("twice"));
    Api secretary = Meetings.addPerson(room, "Thư ký tải lên", "secretary").api().at(ports[1]);
    long before = renderedOnAllNodes();
    java.util.concurrent.CompletableFuture<JsonObject> one = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> room.chair().at(ports[0]).uploadReady(id, "mot.pdf", pdf, false));
    java.util.concurrent.CompletableFuture<JsonObject> two = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> secretary.uploadReady(id, "hai.pdf", pdf, false));
    // Meanwhile every node looks for files left unrendered (as each does every 30 s, and at start-up):
    // the file being rendered is left to the node rendering it.
    long until = System.currentTimeMillis() + 60_000;
    while (!one.isDone() && System.currentTimeMillis() < until) {
      for (int i = 0; i < 3; i++) {
        cluster.node(i).services().renderQueue().resumeUnfinished().await();
      }
      Thread.sleep(100);
    }
    assertEquals(one.get().getString("hash"), two.get().getString("hash"), "one stored file for both documents");
    assertEquals(40, renderedOnAllNodes() - before, "every page rendered once, by one node");
    // Both documents' pages come from any node.
    assertEquals(200, room.member().at(ports[2]).get("/api/pages/" + one.get().getString("hash") + "/40/200.jpg").statusCode());
  }

  private static long renderedOnAllNodes() {
    long sum = 0;
    for (int i = 0; i < 3; i++) {
      sum += cluster.node(i).services().renderQueue().pagesRendered();
    }
    return sum;
  }

  @Test
  void signingOutOrLeavingTheMeetingOnOneNodeStopsTheSocketsOnTheOthers() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    try (BridgeClient observer = BridgeClient.connect(room.observer(), null, ports[1]);
         BridgeClient member = BridgeClient.connect(room.member(), null, ports[2])) {
      observer.register(live(id));
      liveFrame(observer, id);
      member.register(live(id));
      liveFrame(member, id);
      HttpResponse<Buffer> removed = room.admin().at(ports[0]).delete("/api/meetings/" + id + "/participants/" + room.observerId());
      assertEquals(200, removed.statusCode(), removed::bodyAsString);
      JsonObject refused = observer.await(f -> live(id).equals(f.getString("address")) && "err".equals(f.getString("type")), WAIT);
      assertEquals(403, refused.getInteger("failureCode"), "removed on node 1, stopped on node 2");
      assertEquals(204, room.member().at(ports[0]).delete("/api/session").statusCode());
      assertTrue(member.awaitClosed(WAIT), "signed out on node 1, the socket on node 3 is closed");
    }
  }

  @Test
  void aClassifiedPageIsServedByAnyNodeWhileTheRoomShowsIt() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    long doc = room.chair().at(ports[0]).uploadReady(id, "mat.pdf", TestPdfs.slides(3, Api.unique("secret")), true).getLong("id");
    String hash = room.chair().get("/api/documents/" + doc).bodyAsJsonObject().getJsonObject("document").getString("hash");
    String image = "/api/pages/" + hash + "/2/480.jpg";
    // Nobody follows on node 3: it reads what the room shows from the saved state.
    assertEquals(403, room.member().at(ports[2]).get(image).statusCode(), "not while another page is shown");
    try (BridgeClient chair = BridgeClient.connect(room.chair(), null, ports[0])) {
      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "show").put("documentId", doc).put("page", 2)));
      HttpResponse<Buffer> shown = room.member().at(ports[2]).get(image);
      assertEquals(200, shown.statusCode(), shown::bodyAsString);
      assertEquals("no-store", shown.getHeader("Cache-Control"));
      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "page").put("page", 3)));
      assertEquals(403, room.member().at(ports[1]).get(image).statusCode(), "and no longer once the page moved on");
    }
  }

  @Test
  void aWriterThatLostItsLeaseCannotSaveAndItsChangeIsMadeByTheNextWriter() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    long doc = deck(room.chair().at(ports[0]), id, 4);
    try (BridgeClient follower = BridgeClient.connect(room.member(), null, ports[2]);
         BridgeClient chair = BridgeClient.connect(room.chair(), null, ports[1])) {
      follower.register(live(id));
      long seq = liveFrame(follower, id).getLong("seq");
      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)));
      assertEquals(seq + 1, liveFrame(follower, id).getLong("seq"));
      String writer = owner(id);
      // As after a long pause of the writer's node: another node took the lease (and went away).
      TestApp.get().database().pool().preparedQuery("UPDATE live_owners SET node_id = 'a-node-that-went-away', "
          + "epoch = epoch + 1, lease_until = now() + interval '2 seconds' WHERE meeting_id = $1").execute(Tuple.of(id)).await();
      String reply = chair.send(LiveAddresses.command(id), new JsonObject().put("op", "page").put("page", 2));
      ok(chair.await(f -> reply.equals(f.getString("address")), Duration.ofSeconds(30)));
      JsonObject next = liveFrame(follower, id);
      assertEquals(seq + 2, next.getLong("seq"), "nothing saved under the lost lease, nothing skipped");
      assertEquals(2, next.getJsonObject("state").getInteger("page"));
      assertEquals(null, follower.poll(Duration.ofMillis(300)), "the change is made once");
      long saved = TestApp.get().database().pool().preparedQuery("SELECT seq FROM live_states WHERE meeting_id = $1")
          .execute(Tuple.of(id)).await().iterator().next().getLong(0);
      assertEquals(seq + 2, saved);
      assertNotEquals("a-node-that-went-away", owner(id));
      assertTrue(owner(id).equals(writer) || !owner(id).isEmpty());
    }
  }

  @Test
  void theAdminPageCountsEveryNodeAndItsConnections() {
    Api admin = Api.admin().at(ports[0]);
    JsonObject before = Meetings.ok(admin.get("/api/admin/status"));
    assertTrue(before.getInteger("nodes") >= 3, before::encode);
    Rooms.Room room = Rooms.create();
    try (BridgeClient one = BridgeClient.connect(room.member(), null, ports[1]);
         BridgeClient two = BridgeClient.connect(room.observer(), null, ports[2])) {
      one.register(live(room.meetingId()));
      liveFrame(one, room.meetingId());
      two.register(live(room.meetingId()));
      liveFrame(two, room.meetingId());
      JsonObject during = Meetings.ok(admin.get("/api/admin/status"));
      assertEquals(before.getInteger("connectedClients") + 2, during.getInteger("connectedClients"),
          "the sockets on nodes 2 and 3 are counted on node 1");
    }
  }

  @Test
  void wrongPasswordsSpreadOverTheNodesCountTowardsOneLimit() {
    JsonObject user = Api.admin().createUser("Người bị dò mật khẩu", "the-right-password");
    String username = user.getString("username");
    // Ten failures (the per-user limit), alternating between the nodes.
    for (int i = 0; i < 10; i++) {
      Api guesser = new Api(ports[i % 2]);
      guesser.get("/api/session");
      HttpResponse<Buffer> r = guesser.post("/api/session", new JsonObject().put("username", username).put("password", "guess-" + i));
      assertEquals(401, r.statusCode(), r::bodyAsString);
    }
    // The third node, which saw none of them, refuses the next attempt too (one attempt: had it not heard
    // of the others' failures, it would count this as the first).
    sleep(500);
    Api guesser = new Api(ports[2]);
    guesser.get("/api/session");
    HttpResponse<Buffer> refused = guesser.post("/api/session", new JsonObject().put("username", username).put("password", "one-more-guess"));
    assertEquals(429, refused.statusCode(), refused::bodyAsString);
    assertEquals("too_many_attempts", refused.bodyAsJsonObject().getString("error"));
  }

  @Test
  void theNodesOwnAddressesCannotBeReachedThroughTheBridge() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    long doc = deck(room.chair().at(ports[0]), id, 2);
    try (BridgeClient chair = BridgeClient.connect(room.chair(), null, ports[0]);
         BridgeClient rogue = BridgeClient.connect(room.member(), null, ports[1])) {
      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1)));
      rogue.register("paperless.live." + id + ".published");
      assertEquals(403, rogue.await(f -> "err".equals(f.getString("type")), WAIT).getInteger("failureCode"));
      rogue.sendRaw(new JsonObject().put("type", "send").put("address", "paperless.live." + id + ".writer")
          .put("body", new JsonObject().put("op", "begin").put("token", "x")).put("replyAddress", "r").encode());
      assertEquals(403, rogue.await(f -> "err".equals(f.getString("type")), WAIT).getInteger("failureCode"));
      // The meeting goes on as before.
      ok(chair.request(LiveAddresses.command(id), new JsonObject().put("op", "page").put("page", 2)));
      rogue.register(live(id));
      assertEquals(2, liveFrame(rogue, id).getJsonObject("state").getInteger("page"));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String owner(long meetingId) {
    return TestApp.get().database().pool().preparedQuery("SELECT node_id FROM live_owners WHERE meeting_id = $1")
        .execute(Tuple.of(meetingId)).await().iterator().next().getString(0);
  }
}
