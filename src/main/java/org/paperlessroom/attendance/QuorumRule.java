package org.paperlessroom.attendance;

import java.util.Locale;
import java.util.Optional;

/**
 * When enough voting members are present for the meeting to decide: more than half of them, at
 * least two-thirds of them, or at least a fixed number.
 */
public enum QuorumRule {
  MAJORITY, TWO_THIRDS, COUNT;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<QuorumRule> fromCode(String code) {
    for (QuorumRule r : values()) {
      if (r.code().equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** How many voting members must be present out of {@code members} ({@code count} for COUNT). */
  public int required(int members, Integer count) {
    return switch (this) {
      case MAJORITY -> members / 2 + 1;
      case TWO_THIRDS -> (2 * members + 2) / 3;
      case COUNT -> count == null ? members : count;
    };
  }

  public boolean met(int present, int members, Integer count) {
    return present >= required(members, count);
  }
}
