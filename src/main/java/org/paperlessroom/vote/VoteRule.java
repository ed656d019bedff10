package org.paperlessroom.vote;

import java.util.Locale;
import java.util.Optional;

/**
 * When a proposal (or a candidate) passes. Ties never pass by themselves: exactly half is not more
 * than half. Under the two "more than half" rules a named vote may let the chair's side win an exact
 * tie (as procuracy committees decide); a secret vote cannot, nobody knows the chair's side; under
 * two-thirds there is no tie to break.
 */
public enum VoteRule {
  /** More than half of the ballots cast (abstentions count as cast). */
  MAJORITY_CAST,
  /** More than half of all voting members of the meeting. */
  MAJORITY_MEMBERS,
  /** At least two-thirds of all voting members of the meeting. */
  TWO_THIRDS_MEMBERS;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<VoteRule> fromCode(String code) {
    for (VoteRule r : values()) {
      if (r.code().equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** What the count is compared with: ballots cast or all members. */
  public int base(int cast, int members) {
    return this == MAJORITY_CAST ? cast : members;
  }

  /** Whether {@code votes} in favour pass; {@code chairSideWinsTie}: an exact half passes when the chair voted so. */
  public boolean passes(int votes, int cast, int members, boolean chairSideWinsTie) {
    int base = base(cast, members);
    if (base <= 0) {
      return false;
    }
    return switch (this) {
      case MAJORITY_CAST, MAJORITY_MEMBERS -> 2 * votes > base || (2 * votes == base && chairSideWinsTie);
      case TWO_THIRDS_MEMBERS -> 3 * votes >= 2 * base;
    };
  }
}
