package org.paperlessroom.vote;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.TestApp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server restarted while a vote is open: every acknowledged ballot is still counted, the vote still open. */
class VoteRestartTest {

  private static JsonObject cast(Api who, long voteId, int choice) {
    return Meetings.ok(who.post("/api/votes/" + voteId + "/ballots", new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("choices", new JsonArray().add(choice))));
  }

  @Test
  void acknowledgedBallotsSurviveARestartAndTheVoteGoesOn() {
    Path dataDir = TestApp.tempDir("paperless-vote-restart");
    String[] usernames = new String[3];
    long meetingId;
    long voteId;
    Application first = TestApp.start(dataDir, Map.of());
    try {
      Api admin = new Api(first.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      JsonArray participants = new JsonArray();
      JsonArray ids = new JsonArray();
      for (int i = 0; i < 3; i++) {
        JsonObject u = admin.createUser("Thành viên khởi động lại " + i, "password-" + i);
        usernames[i] = u.getString("username");
        ids.add(u.getLong("id"));
        participants.add(new JsonObject().put("userId", u.getLong("id"))
            .put("roles", i == 0 ? new JsonArray().add("chair").add("member") : new JsonArray().add("member")));
      }
      var created = admin.post("/api/meetings", new JsonObject().put("title", "Biểu quyết qua khởi động lại")
          .put("startsAt", "2026-12-01T01:00:00Z").put("participants", participants));
      meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
      Api chair = new Api(first.port()).signIn(usernames[0], "password-0");
      Meetings.ok(chair.post("/api/meetings/" + meetingId + "/start", new JsonObject()));
      Meetings.ok(chair.put("/api/meetings/" + meetingId + "/attendance", new JsonObject().put("userIds", ids).put("status", "in_person")));
      voteId = chair.post("/api/meetings/" + meetingId + "/votes", new JsonObject().put("question", "Trước và sau khởi động lại?"))
          .bodyAsJsonObject().getJsonObject("vote").getLong("id");
      Meetings.ok(chair.post("/api/votes/" + voteId + "/open", new JsonObject()));
      assertEquals("recorded", cast(chair, voteId, 0).getString("outcome"));
      assertEquals("recorded", cast(new Api(first.port()).signIn(usernames[1], "password-1"), voteId, 1).getString("outcome"));
      // As after a crash: the saved live state is behind and knows nothing of the vote (a higher sequence
      // number keeps the clean stop from overwriting it).
      first.database().pool().preparedQuery("UPDATE live_states SET seq = seq + 1000, state = state #- '{meeting,vote}' WHERE meeting_id = $1")
          .execute(io.vertx.sqlclient.Tuple.of(meetingId)).await();
    } finally {
      first.stop().await();
    }

    Application second = TestApp.start(dataDir, Map.of());
    try {
      Api member = new Api(second.port()).signIn(usernames[1], "password-1");
      JsonObject view = Meetings.ok(member.get("/api/votes/" + voteId));
      assertEquals("open", view.getJsonObject("vote").getString("status"));
      assertEquals(2, view.getJsonObject("vote").getInteger("voted"));
      assertTrue(view.getJsonObject("mine").getBoolean("voted"), "the client resyncs as 'voted'");
      assertEquals(List.of(1), view.getJsonObject("mine").getJsonArray("choices").getList());
      long mid = meetingId;
      JsonObject live = Meetings.eventually(() -> second.services().liveHub().snapshot(mid).await().getJsonObject("state")
          .getJsonObject("meeting"), m -> m.getJsonObject("vote") != null);
      assertEquals("open", live.getJsonObject("vote").getString("status"));
      assertEquals(2, live.getJsonObject("vote").getInteger("voted"));

      cast(new Api(second.port()).signIn(usernames[2], "password-2"), voteId, 0);
      JsonObject closed = Meetings.eventually(() -> Meetings.ok(member.get("/api/votes/" + voteId)).getJsonObject("vote"),
          v -> "closed".equals(v.getString("status")));
      assertEquals(3, closed.getJsonObject("result").getInteger("cast"));
      assertEquals(2, closed.getJsonObject("result").getJsonArray("options").getJsonObject(0).getInteger("count"));
    } finally {
      second.stop().await();
    }
  }
}
