package org.paperlessroom.vote;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoteResultsTest {
  private static Vote vote(VoteKind kind, List<String> options, boolean secret, VoteRule rule, boolean chairBreaksTie,
                           int members, int eligible) {
    return new Vote(1, 1, null, "?", kind, options, kind == VoteKind.YES_NO ? 1 : 2, secret, rule, chairBreaksTie, true,
        false, null, "open", null, members, eligible, eligible, null, null, null, null);
  }

  private static Vote yesNo(VoteRule rule, int members) {
    return vote(VoteKind.YES_NO, VoteKind.DEFAULT_LABELS, false, rule, false, members, members);
  }

  @Test
  void moreThanHalfOfAllMembers() {
    JsonObject five = VoteResults.compute(yesNo(VoteRule.MAJORITY_MEMBERS, 9), new int[] {5, 2, 1}, 8, 0);
    assertTrue(five.getBoolean("passed"));
    assertEquals(5, five.getInteger("required"));
    assertEquals(55.56, five.getJsonArray("options").getJsonObject(0).getDouble("percentOfMembers"), "5 of 9 members");
    assertEquals(62.5, five.getJsonArray("options").getJsonObject(0).getDouble("percentOfCast"), "5 of 8 cast");
    assertEquals(1, five.getInteger("notVoted"));
    assertFalse(VoteResults.compute(yesNo(VoteRule.MAJORITY_MEMBERS, 9), new int[] {4, 4, 0}, 8, 0).getBoolean("passed"),
        "4 of 9 is not more than half, even though it leads the ballots cast");
  }

  @Test
  void moreThanHalfOfBallotsCastCountsAbstentions() {
    assertFalse(VoteResults.compute(yesNo(VoteRule.MAJORITY_CAST, 9), new int[] {3, 1, 2}, 6, 0).getBoolean("passed"),
        "3 of 6 cast is a tie");
    assertTrue(VoteResults.compute(yesNo(VoteRule.MAJORITY_CAST, 9), new int[] {4, 1, 2}, 7, 0).getBoolean("passed"));
  }

  @Test
  void twoThirdsOfAllMembers() {
    assertTrue(VoteResults.compute(yesNo(VoteRule.TWO_THIRDS_MEMBERS, 9), new int[] {6, 3, 0}, 9, 0).getBoolean("passed"));
    assertFalse(VoteResults.compute(yesNo(VoteRule.TWO_THIRDS_MEMBERS, 10), new int[] {6, 4, 0}, 10, 0).getBoolean("passed"),
        "6 of 10 is below two-thirds (7)");
    assertEquals(66.67, VoteResults.percent(2, 3));
  }

  @Test
  void aTieGoesToTheChairsSideOnlyInANamedVoteThatSaysSo() {
    Vote named = vote(VoteKind.YES_NO, VoteKind.DEFAULT_LABELS, false, VoteRule.MAJORITY_MEMBERS, true, 8, 8);
    JsonObject chairFor = VoteResults.compute(named, new int[] {4, 4, 0}, 8, 1);
    assertTrue(chairFor.getBoolean("passed"));
    assertTrue(chairFor.getBoolean("tieBrokenByChair"));
    assertFalse(VoteResults.compute(named, new int[] {4, 4, 0}, 8, 2).getBoolean("passed"), "the chair voted against");
    assertFalse(VoteResults.compute(yesNo(VoteRule.MAJORITY_MEMBERS, 8), new int[] {4, 4, 0}, 8, 1).getBoolean("passed"),
        "without the tie rule a tie does not pass");
  }

  @Test
  void aChoiceVoteChoosesEveryOptionThatMeetsTheRule() {
    Vote election = vote(VoteKind.CHOICE, List.of("An", "Bình", "Chi"), true, VoteRule.MAJORITY_CAST, false, 5, 5);
    JsonObject result = VoteResults.compute(election, new int[] {4, 3, 1}, 5, 0);
    assertEquals(List.of(0, 1), result.getJsonArray("chosen").getList());
    assertTrue(result.getBoolean("passed"));
    assertEquals(List.of(0, 2), VoteResults.indexes(5));
  }
}
