package org.paperlessroom.vote;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TestApp;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperlessroom.support.Meetings.audited;

/** A vote's life over the API: who may cast, what is refused and why, retries, closing by itself, the result. */
class VoteApiTest {

  /** A running meeting: the chair (chair + member), the member and two more members; all but the last checked in. */
  record Setup(Rooms.Room room, Meetings.Person second, Meetings.Person absent) {
  }

  static Setup runningMeeting() {
    Rooms.Room room = Rooms.create();
    Meetings.Person second = Meetings.addPerson(room, "Thành viên Hoàng Yến", "member");
    Meetings.Person absent = Meetings.addPerson(room, "Thành viên Đặng Khoa", "member");
    Meetings.ok(room.chair().post("/api/meetings/" + room.meetingId() + "/start", new JsonObject()));
    Meetings.ok(room.chair().put("/api/meetings/" + room.meetingId() + "/attendance", new JsonObject()
        .put("userIds", new JsonArray().add(room.chairId()).add(room.memberId()).add(second.id()).add(room.observerId()))
        .put("status", "in_person")));
    return new Setup(room, second, absent);
  }

  static long createVote(Rooms.Room room, JsonObject body) {
    var r = room.chair().post("/api/meetings/" + room.meetingId() + "/votes", body);
    assertEquals(201, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject().getJsonObject("vote").getLong("id");
  }

  static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> cast(Api who, long voteId, String clientId, int... choices) {
    JsonArray list = new JsonArray();
    for (int c : choices) {
      list.add(c);
    }
    return who.post("/api/votes/" + voteId + "/ballots", new JsonObject().put("clientId", clientId).put("choices", list));
  }

  static long stored(String table, long voteId) {
    return TestApp.get().database().pool().preparedQuery("SELECT count(*) FROM " + table + " WHERE vote_id = $1")
        .execute(Tuple.of(voteId)).await().iterator().next().getLong(0);
  }

  @Test
  void aNamedVoteIsCastRefusedRetriedAndClosesWhenEverybodyHasVoted() {
    Setup s = runningMeeting();
    Rooms.Room room = s.room();
    long voteId = createVote(room, new JsonObject().put("question", "Thông qua kế hoạch công tác năm 2027?"));
    String api = "/api/votes/" + voteId;
    // Refused before it opens, and a member cannot open it.
    assertEquals(409, cast(room.member(), voteId, UUID.randomUUID().toString(), 0).statusCode());
    assertEquals(403, room.member().post(api + "/open", new JsonObject()).statusCode());
    JsonObject opened = Meetings.ok(room.chair().post(api + "/open", new JsonObject())).getJsonObject("vote");
    assertEquals("open", opened.getString("status"));
    assertEquals(3, opened.getInteger("eligible"), "the three voting members checked in");
    assertEquals(4, opened.getInteger("membersTotal"));
    assertEquals(List.of("Tán thành", "Không tán thành", "Không có ý kiến"), opened.getJsonArray("options").getList());

    String memberBallot = UUID.randomUUID().toString();
    var first = cast(room.member(), voteId, memberBallot, 0);
    assertEquals(200, first.statusCode(), first::bodyAsString);
    assertEquals("recorded", first.bodyAsJsonObject().getString("outcome"));
    // A retry after a reconnect (same id) is acknowledged again and counted once; another ballot is refused.
    assertEquals("already_recorded", Meetings.ok(cast(room.member(), voteId, memberBallot, 0)).getString("outcome"));
    var second = cast(room.member(), voteId, UUID.randomUUID().toString(), 1);
    assertEquals(409, second.statusCode());
    assertEquals("already_voted", second.bodyAsJsonObject().getString("error"));

    // Refused, each with the reason, and nothing stored.
    var observer = cast(room.observer(), voteId, UUID.randomUUID().toString(), 0);
    assertEquals(403, observer.statusCode());
    assertTrue(observer.bodyAsJsonObject().getString("message").contains("voting members"), observer::bodyAsString);
    assertEquals(403, cast(room.outsider(), voteId, UUID.randomUUID().toString(), 0).statusCode());
    var absent = cast(s.absent().api(), voteId, UUID.randomUUID().toString(), 0);
    assertEquals(403, absent.statusCode());
    assertEquals("not_eligible", absent.bodyAsJsonObject().getString("error"));
    assertEquals(400, cast(s.second().api(), voteId, UUID.randomUUID().toString(), 0, 1).statusCode(), "one choice only");
    assertEquals(400, cast(s.second().api(), voteId, UUID.randomUUID().toString(), 3).statusCode(), "no option 3");
    assertEquals(400, s.second().api().post(api + "/ballots", new JsonObject().put("clientId", "not-a-uuid")
        .put("choices", new JsonArray().add(0))).statusCode());
    assertEquals(1, stored("named_ballots", voteId));

    // The chair sees the running tally of a named vote; a member does not; both see n of m.
    JsonObject chairView = Meetings.ok(room.chair().get(api));
    assertEquals(List.of(1, 0, 0), chairView.getJsonArray("tally").getList());
    JsonObject memberView = Meetings.ok(room.member().get(api));
    assertNull(memberView.getJsonArray("tally"));
    assertEquals(1, memberView.getJsonObject("vote").getInteger("voted"));
    assertTrue(memberView.getJsonObject("mine").getBoolean("voted"));
    assertEquals(List.of(0), memberView.getJsonObject("mine").getJsonArray("choices").getList());
    assertEquals(1, Meetings.liveRun(room.meetingId()).getJsonObject("vote").getInteger("voted"));

    // The last two vote: the vote closes by itself, the result is published.
    Meetings.ok(cast(s.second().api(), voteId, UUID.randomUUID().toString(), 1));
    Meetings.ok(cast(room.chair(), voteId, UUID.randomUUID().toString(), 0));
    JsonObject live = Meetings.eventually(() -> Meetings.liveRun(room.meetingId()).getJsonObject("vote"),
        v -> "closed".equals(v.getString("status")));
    JsonObject result = live.getJsonObject("result");
    assertEquals(3, result.getInteger("cast"));
    assertEquals(2, result.getJsonArray("options").getJsonObject(0).getInteger("count"));
    assertEquals(1, result.getJsonArray("options").getJsonObject(1).getInteger("count"));
    assertEquals(50.0, result.getJsonArray("options").getJsonObject(0).getDouble("percentOfMembers"), "2 of all 4 members");
    assertFalse(result.getBoolean("passed"), "2 of 4 members is not more than half");
    JsonArray named = result.getJsonObject("named").getJsonArray("ballots");
    assertEquals(3, named.size());
    assertTrue(named.encode().contains("Thành viên Hoàng Yến"));
    assertEquals(List.of(), result.getJsonObject("named").getJsonArray("notVoted").getList(), "every eligible voter voted");

    // After closing: refused, nothing more stored.
    var late = cast(s.second().api(), voteId, UUID.randomUUID().toString(), 0);
    assertEquals(409, late.statusCode());
    assertEquals("vote_not_open", late.bodyAsJsonObject().getString("error"));
    // A ballot whose answer was lost, sent again after the vote closed: it was counted, and is answered so.
    assertEquals("already_recorded", Meetings.ok(cast(room.member(), voteId, memberBallot, 0)).getString("outcome"));
    assertEquals(409, room.chair().post(api + "/close", new JsonObject()).statusCode());
    assertEquals(3, stored("named_ballots", voteId));
    assertEquals(1, audited(room.meetingId(), "vote.open"));
    assertEquals(1, audited(room.meetingId(), "vote.close"));
  }

  @Test
  void theChairsSideWinsATieOnlyWhenTheVoteSaysSoAndChangesOnlyWhereAllowed() {
    Setup s = runningMeeting();
    Rooms.Room room = s.room();
    long voteId = createVote(room, new JsonObject().put("question", "Kiến nghị xử lý vụ việc?")
        .put("rule", "majority_cast").put("chairBreaksTie", true).put("allowChange", true));
    Meetings.ok(room.chair().post("/api/votes/" + voteId + "/open", new JsonObject()));
    Meetings.ok(cast(room.chair(), voteId, UUID.randomUUID().toString(), 0));
    String mine = UUID.randomUUID().toString();
    Meetings.ok(cast(room.member(), voteId, mine, 0));
    // The member changes their mind (allowed here): the new ballot replaces the old one.
    assertEquals("changed", Meetings.ok(cast(room.member(), voteId, UUID.randomUUID().toString(), 1)).getString("outcome"));
    // A late resend of the first ballot (another device, a reload) does not undo the change.
    assertEquals("already_recorded", Meetings.ok(cast(room.member(), voteId, mine, 0)).getString("outcome"));
    assertEquals(List.of(1), Meetings.ok(room.member().get("/api/votes/" + voteId)).getJsonObject("mine").getJsonArray("choices").getList());
    JsonObject closed = Meetings.ok(room.chair().post("/api/votes/" + voteId + "/close", new JsonObject())).getJsonObject("vote");
    JsonObject result = closed.getJsonObject("result");
    assertEquals(2, result.getInteger("cast"));
    assertEquals(1, result.getJsonArray("options").getJsonObject(0).getInteger("count"));
    assertEquals(1, result.getJsonArray("options").getJsonObject(1).getInteger("count"));
    assertTrue(result.getBoolean("passed"), "1 of 2 cast is a tie, and the chair voted in favour");
    assertTrue(result.getBoolean("tieBrokenByChair"));
    assertEquals(1, result.getInteger("notVoted"));

    // A secret ballot can be neither changed nor tie-broken; a countdown has bounds.
    String votes = "/api/meetings/" + room.meetingId() + "/votes";
    assertEquals(400, room.chair().post(votes, new JsonObject().put("question", "Kín?").put("secret", true)
        .put("allowChange", true)).statusCode());
    assertEquals(400, room.chair().post(votes, new JsonObject().put("question", "Kín?").put("secret", true)
        .put("chairBreaksTie", true)).statusCode());
    assertEquals(400, room.chair().post(votes, new JsonObject().put("question", "Nhanh?").put("countdownSeconds", 2)).statusCode());
    assertEquals(403, room.member().post(votes, new JsonObject().put("question", "Của thành viên?")).statusCode());
  }

  @Test
  void aVoteWithACountdownClosesByItselfWhenTheTimeIsUp() {
    Setup s = runningMeeting();
    Rooms.Room room = s.room();
    long voteId = createVote(room, new JsonObject().put("question", "Biểu quyết có thời hạn").put("countdownSeconds", 10));
    JsonObject opened = Meetings.ok(room.chair().post("/api/votes/" + voteId + "/open", new JsonObject())).getJsonObject("vote");
    assertTrue(opened.getString("closesAt") != null);
    Meetings.ok(cast(room.member(), voteId, UUID.randomUUID().toString(), 0));
    var end = room.chair().post("/api/meetings/" + room.meetingId() + "/end", new JsonObject());
    assertEquals(409, end.statusCode(), "not while a vote is open");
    assertEquals("vote_open", end.bodyAsJsonObject().getString("error"));
    JsonObject closed = Meetings.eventually(() -> Meetings.ok(room.member().get("/api/votes/" + voteId)).getJsonObject("vote"),
        v -> "closed".equals(v.getString("status")), java.time.Duration.ofSeconds(25));
    assertEquals(1, closed.getJsonObject("result").getInteger("cast"));
    assertEquals(2, closed.getJsonObject("result").getInteger("notVoted"), "two of the three eligible did not vote in time");
  }

  @Test
  void aVoteNeedsTheQuorumAndCanBeCancelledWithAReason() {
    Setup s = runningMeeting();
    Rooms.Room room = s.room();
    // Two-thirds of 4 members = 3 present: met. A fixed number of 4: not met.
    Meetings.ok(room.chair().put("/api/meetings/" + room.meetingId() + "/attendance/rules",
        new JsonObject().put("rule", "count").put("count", 4)));
    long voteId = createVote(room, new JsonObject().put("question", "Bầu tổ trưởng").put("kind", "choice")
        .put("options", new JsonArray().add("Nguyễn An").add("Trần Bình").add("Lê Chi")).put("maxChoices", 2).put("secret", true));
    var refused = room.chair().post("/api/votes/" + voteId + "/open", new JsonObject());
    assertEquals(409, refused.statusCode());
    assertEquals("quorum_not_met", refused.bodyAsJsonObject().getString("error"));
    assertTrue(refused.bodyAsJsonObject().getString("message").contains("3 of 4"), refused::bodyAsString);
    Meetings.ok(room.chair().put("/api/meetings/" + room.meetingId() + "/attendance/rules", new JsonObject().put("rule", "two_thirds")));
    Meetings.ok(room.chair().post("/api/votes/" + voteId + "/open", new JsonObject()));
    // Another vote cannot open meanwhile.
    long other = createVote(room, new JsonObject().put("question", "Một câu khác"));
    assertEquals(409, room.chair().post("/api/votes/" + other + "/open", new JsonObject()).statusCode());
    Meetings.ok(cast(room.member(), voteId, UUID.randomUUID().toString(), 0, 2));
    assertEquals(400, cast(room.chair(), voteId, UUID.randomUUID().toString(), 0, 1, 2).statusCode(), "at most two");
    // A secret vote shows no tally, even to the chair; my ballot says only that I voted.
    JsonObject chairView = Meetings.ok(room.chair().get("/api/votes/" + voteId));
    assertNull(chairView.getJsonArray("tally"));
    JsonObject memberView = Meetings.ok(room.member().get("/api/votes/" + voteId));
    assertTrue(memberView.getJsonObject("mine").getBoolean("voted"));
    assertNull(memberView.getJsonObject("mine").getJsonArray("choices"));

    assertEquals(400, room.chair().post("/api/votes/" + voteId + "/cancel", new JsonObject()).statusCode(), "a reason is needed");
    JsonObject cancelled = Meetings.ok(room.chair().post("/api/votes/" + voteId + "/cancel",
        new JsonObject().put("reason", "Nhầm danh sách ứng cử viên"))).getJsonObject("vote");
    assertEquals("cancelled", cancelled.getString("status"));
    assertEquals("Nhầm danh sách ứng cử viên", Meetings.liveRun(room.meetingId()).getJsonObject("vote").getString("cancelReason"));
    assertEquals(409, cast(s.second().api(), voteId, UUID.randomUUID().toString(), 1).statusCode());
    assertEquals(1, audited(room.meetingId(), "vote.cancel"));
  }
}
