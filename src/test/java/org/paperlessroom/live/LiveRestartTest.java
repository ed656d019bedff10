package org.paperlessroom.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.BridgeClient;
import org.paperlessroom.support.TestApp;
import org.paperlessroom.support.TestPdfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real server restart (same data directory): the live room resumes on the same page, agenda item and sequence. */
class LiveRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aRestartedServerResumesOnTheSamePageWithTheNextSequenceNumber() {
    Path dataDir = TestApp.tempDir("paperless-live-restart");
    String live;
    String command;
    long documentId;
    long seq;
    String chairName;
    long secondItem;
    Application first = TestApp.start(dataDir, Map.of());
    try {
      Api admin = new Api(first.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      JsonObject chair = admin.createUser("Chủ trì Nguyễn Văn A", "password-c");
      chairName = chair.getString("username");
      var created = admin.post("/api/meetings", new JsonObject().put("title", "Họp khởi động lại")
          .put("startsAt", "2026-12-01T01:00:00Z").put("participants", new JsonArray()
              .add(new JsonObject().put("userId", chair.getLong("id")).put("roles", new JsonArray().add("chair")))));
      assertEquals(201, created.statusCode(), created::bodyAsString);
      long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
      live = LiveAddresses.live(meetingId);
      command = LiveAddresses.command(meetingId);
      Api chairApi = new Api(first.port()).signIn(chairName, "password-c");
      documentId = chairApi.uploadReady(meetingId, "khoi-dong-lai.pdf", TestPdfs.slides(4, Api.unique("restart")), false)
          .getLong("id");
      // The meeting runs, at its second agenda item.
      String agenda = "/api/meetings/" + meetingId + "/agenda";
      chairApi.post(agenda, new JsonObject().put("title", "Khai mạc"));
      secondItem = chairApi.post(agenda, new JsonObject().put("title", "Thảo luận")).bodyAsJsonObject().getLong("itemId");
      assertEquals(200, chairApi.post("/api/meetings/" + meetingId + "/start", new JsonObject()).statusCode());
      assertEquals(200, chairApi.post(agenda + "/current", new JsonObject().put("step", 1)).statusCode());
      try (BridgeClient socket = BridgeClient.connect(chairApi, null, first.port())) {
        socket.request(command, new JsonObject().put("op", "show").put("documentId", documentId).put("page", 2));
        JsonObject reply = socket.request(command, new JsonObject().put("op", "page").put("page", 3));
        assertEquals("rec", reply.getString("type"), reply::encode);
        seq = reply.getJsonObject("body").getLong("seq");
      }
    } finally {
      first.stop().await(); // saves the newest state before the database goes
    }

    Application second = TestApp.start(dataDir, Map.of());
    try {
      Api chairApi = new Api(second.port()).signIn(chairName, "password-c");
      try (BridgeClient socket = BridgeClient.connect(chairApi, null, second.port())) {
        socket.register(live);
        JsonObject snapshot = socket.await(f -> live.equals(f.getString("address")), WAIT).getJsonObject("body");
        assertTrue(snapshot.getBoolean("snapshot"));
        assertEquals(seq, snapshot.getLong("seq"), "the sequence goes on where it was");
        assertEquals(3, snapshot.getJsonObject("state").getInteger("page"));
        assertEquals(documentId, snapshot.getJsonObject("state").getLong("documentId"));
        JsonObject run = snapshot.getJsonObject("state").getJsonObject("meeting");
        assertEquals("in_progress", run.getString("status"));
        assertEquals(secondItem, run.getLong("itemId"), "the current agenda item survives the restart");
        JsonObject next = socket.request(command, new JsonObject().put("op", "page").put("page", 4));
        assertEquals(seq + 1, next.getJsonObject("body").getLong("seq"));
      }
    } finally {
      second.stop().await();
    }
  }
}
