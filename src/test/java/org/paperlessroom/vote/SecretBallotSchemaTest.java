package org.paperlessroom.vote;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secret ballots in the database: who has voted and what was chosen share no key, no time and no
 * per-ballot row; two votes where two members swapped their choices leave the same data behind.
 */
class SecretBallotSchemaTest {
  private final Pool pool = TestApp.get().database().pool();

  private List<String> columns(String table) {
    List<String> out = new ArrayList<>();
    for (Row r : pool.preparedQuery("""
        SELECT column_name, data_type, coalesce(column_default, '') AS d FROM information_schema.columns
        WHERE table_name = $1 ORDER BY ordinal_position""").execute(Tuple.of(table)).await()) {
      out.add(r.getString("column_name") + " " + r.getString("data_type") + (r.getString("d").isEmpty() ? "" : " default " + r.getString("d")));
    }
    return out;
  }

  @Test
  void theTablesHoldWhoVotedAndTheTotalsWithNothingToPairThem() {
    assertEquals(List.of("vote_id bigint", "user_id bigint", "client_id uuid"), columns("secret_voters"),
        "who has voted: no choice, no time, no serial");
    assertEquals(List.of("vote_id bigint", "option_index integer", "ballots integer default 0"), columns("secret_tallies"),
        "the choices only as totals: no voter, no time, no ballot rows");
  }

  private long secretVote(VoteApiTest.Setup s, int memberChoice, int secondChoice) {
    long voteId = VoteApiTest.createVote(s.room(), new JsonObject().put("question", Api.unique("Bỏ phiếu kín")).put("secret", true));
    Meetings.ok(s.room().chair().post("/api/votes/" + voteId + "/open", new JsonObject()));
    Meetings.ok(VoteApiTest.cast(s.room().member(), voteId, UUID.randomUUID().toString(), memberChoice));
    Meetings.ok(VoteApiTest.cast(s.second().api(), voteId, UUID.randomUUID().toString(), secondChoice));
    Meetings.ok(s.room().chair().post("/api/votes/" + voteId + "/close", new JsonObject()));
    return voteId;
  }

  /** Everything the database keeps of a secret vote's ballots, without the vote's own id. */
  private String kept(long voteId) {
    Set<Long> voters = new TreeSet<>();
    pool.preparedQuery("SELECT user_id FROM secret_voters WHERE vote_id = $1").execute(Tuple.of(voteId)).await()
        .forEach(r -> voters.add(r.getLong(0)));
    List<String> tallies = new ArrayList<>();
    pool.preparedQuery("SELECT option_index, ballots FROM secret_tallies WHERE vote_id = $1 ORDER BY option_index")
        .execute(Tuple.of(voteId)).await().forEach(r -> tallies.add(r.getInteger(0) + ":" + r.getInteger(1)));
    return voters + " " + tallies;
  }

  @Test
  void twoMembersSwappingTheirChoicesLeaveTheSameDataBehind() {
    VoteApiTest.Setup s = VoteApiTest.runningMeeting();
    long first = secretVote(s, 0, 1);
    long second = secretVote(s, 1, 0);
    assertEquals(kept(first), kept(second), "nothing stored tells who chose which");
    assertTrue(kept(first).endsWith("[0:1, 1:1, 2:0]"), kept(first));
    // Every option's total is written by every batch, so no row's version points at a ballot's choice.
    Set<String> writers = new TreeSet<>();
    pool.preparedQuery("SELECT xmin::TEXT FROM secret_tallies WHERE vote_id = $1").execute(Tuple.of(first)).await()
        .forEach(r -> writers.add(r.getString(0)));
    assertEquals(1, writers.size(), "all totals of a vote were last written together: " + writers);
    // The vote's published result has the counts only.
    JsonObject result = Meetings.ok(s.room().member().get("/api/votes/" + first)).getJsonObject("vote").getJsonObject("result");
    assertFalse(result.containsKey("named"));
    assertEquals(1, result.getJsonArray("options").getJsonObject(0).getInteger("count"));
  }
}
