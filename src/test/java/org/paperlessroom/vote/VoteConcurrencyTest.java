package org.paperlessroom.vote;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** 200 members press at the same moment, half of them twice: every ballot acknowledged, each counted once. */
class VoteConcurrencyTest {
  private static final int VOTERS = 200;

  @Test
  void twoHundredVotersAtOnceAreCountedExactly() {
    Api admin = Api.admin();
    JsonArray participants = new JsonArray();
    List<JsonObject> users = new ArrayList<>();
    JsonObject chair = admin.createUser("Chủ trì đồng thời", "password-chair");
    participants.add(new JsonObject().put("userId", chair.getLong("id")).put("roles", new JsonArray().add("chair")));
    for (int i = 0; i < VOTERS; i++) {
      JsonObject u = admin.createUser("Thành viên số " + i, "password-" + i);
      users.add(u);
      participants.add(new JsonObject().put("userId", u.getLong("id")).put("roles", new JsonArray().add("member")));
    }
    var created = admin.post("/api/meetings", new JsonObject().put("title", Api.unique("Họp biểu quyết đồng thời"))
        .put("startsAt", "2026-12-01T01:00:00Z").put("participants", participants));
    assertEquals(201, created.statusCode(), created::bodyAsString);
    long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    Api chairApi = Api.forTestApp().signIn(chair.getString("username"), "password-chair");
    Meetings.ok(chairApi.post("/api/meetings/" + meetingId + "/start", new JsonObject()));
    JsonArray all = new JsonArray();
    users.forEach(u -> all.add(u.getLong("id")));
    Meetings.ok(chairApi.put("/api/meetings/" + meetingId + "/attendance", new JsonObject().put("userIds", all).put("status", "in_person")));
    var vote = chairApi.post("/api/meetings/" + meetingId + "/votes", new JsonObject().put("question", "Đồng thời?"));
    long voteId = vote.bodyAsJsonObject().getJsonObject("vote").getLong("id");
    Meetings.ok(chairApi.post("/api/votes/" + voteId + "/open", new JsonObject()));

    List<Api> voters = new ArrayList<>();
    for (int i = 0; i < VOTERS; i++) {
      voters.add(Api.forTestApp().signIn(users.get(i).getString("username"), "password-" + i));
    }
    // Everybody at once; every other voter double-submits the same ballot (same client id).
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    int[] expected = new int[3];
    for (int i = 0; i < VOTERS; i++) {
      JsonObject ballot = new JsonObject().put("clientId", UUID.randomUUID().toString()).put("choices", new JsonArray().add(i % 3));
      expected[i % 3]++;
      sent.add(voters.get(i).sendAsync(HttpMethod.POST, "/api/votes/" + voteId + "/ballots", ballot));
      if (i % 2 == 0) {
        sent.add(voters.get(i).sendAsync(HttpMethod.POST, "/api/votes/" + voteId + "/ballots", ballot));
      }
    }
    Future.all(sent).await();
    for (Future<HttpResponse<Buffer>> f : sent) {
      assertEquals(200, f.result().statusCode(), f.result()::bodyAsString);
    }
    assertEquals(VOTERS, VoteApiTest.stored("named_ballots", voteId));
    JsonObject live = Meetings.eventually(() -> Meetings.liveRun(meetingId).getJsonObject("vote"),
        v -> "closed".equals(v.getString("status")));
    JsonObject result = live.getJsonObject("result");
    assertEquals(VOTERS, result.getInteger("cast"), "closed by itself once all had voted, with every ballot");
    for (int option = 0; option < 3; option++) {
      assertEquals(expected[option], result.getJsonArray("options").getJsonObject(option).getInteger("count"));
    }
    // The database agrees with the acknowledgements.
    long inDb = TestApp.get().database().pool().preparedQuery("SELECT count(DISTINCT user_id) FROM named_ballots WHERE vote_id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(voteId)).await().iterator().next().getLong(0);
    assertEquals(VOTERS, inDb);
  }
}
