package org.paperlessroom.vote;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A closed vote's result from the counts the database made: per option the count and its share of
 * all voting members (as Vietnamese minutes state it) and of the ballots cast, and the outcome under
 * the vote's rule. Yes/no votes pass on the first option ("Tán thành"); in a choice vote each option
 * that meets the rule is chosen.
 */
final class VoteResults {
  private VoteResults() {
  }

  /**
   * @param counts   ballots per option, in option order
   * @param cast     ballots cast
   * @param chairChoices the chair's named choices (bit set), 0 when unknown or secret
   */
  static JsonObject compute(Vote vote, int[] counts, int cast, int chairChoices) {
    int members = vote.membersTotal() == null ? 0 : vote.membersTotal();
    JsonArray options = new JsonArray();
    JsonArray chosen = new JsonArray();
    for (int i = 0; i < counts.length; i++) {
      boolean chairSide = vote.chairBreaksTie() && !vote.secret() && (chairChoices & (1 << i)) != 0;
      boolean passes = (vote.kind() == VoteKind.CHOICE || i == 0) && vote.rule().passes(counts[i], cast, members, chairSide);
      options.add(new JsonObject().put("label", vote.options().get(i)).put("count", counts[i])
          .put("percentOfMembers", percent(counts[i], members)).put("percentOfCast", percent(counts[i], cast))
          .put("chosen", passes));
      if (passes) {
        chosen.add(i);
      }
    }
    boolean passed = vote.kind() == VoteKind.YES_NO ? chosen.contains(0) : !chosen.isEmpty();
    return new JsonObject().put("options", options).put("cast", cast)
        .put("eligible", vote.eligibleCount()).put("membersTotal", members).put("membersPresent", vote.membersPresent())
        .put("notVoted", Math.max(0, (vote.eligibleCount() == null ? 0 : vote.eligibleCount()) - cast))
        .put("rule", vote.rule().code()).put("required", required(vote.rule(), cast, members))
        .put("passed", passed).put("chosen", chosen)
        .put("tieBrokenByChair", tieBroken(vote, counts, cast, members, chairChoices));
  }

  /** The smallest count that passes (ties aside). */
  static int required(VoteRule rule, int cast, int members) {
    int base = rule.base(cast, members);
    return rule == VoteRule.TWO_THIRDS_MEMBERS ? (2 * base + 2) / 3 : base / 2 + 1;
  }

  private static boolean tieBroken(Vote vote, int[] counts, int cast, int members, int chairChoices) {
    if (!vote.chairBreaksTie() || vote.secret()) {
      return false;
    }
    int base = vote.rule().base(cast, members);
    for (int i = 0; i < counts.length; i++) {
      if (2 * counts[i] == base && base > 0 && (chairChoices & (1 << i)) != 0 && vote.rule() != VoteRule.TWO_THIRDS_MEMBERS) {
        return true;
      }
    }
    return false;
  }

  /** 2 of 3 → 66.67 (two decimals, half up); 0 of 0 → 0. */
  static double percent(int count, int of) {
    if (of <= 0) {
      return 0;
    }
    return BigDecimal.valueOf(count * 100L).divide(BigDecimal.valueOf(of), 2, RoundingMode.HALF_UP).doubleValue();
  }

  /** The option indexes of a bit set, in order. */
  static List<Integer> indexes(int choices) {
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < 31; i++) {
      if ((choices & (1 << i)) != 0) {
        out.add(i);
      }
    }
    return out;
  }
}
