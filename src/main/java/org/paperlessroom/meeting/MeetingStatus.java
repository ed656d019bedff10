package org.paperlessroom.meeting;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** draft → scheduled → in progress → ended (a draft may also start directly). */
public enum MeetingStatus {
  DRAFT, SCHEDULED, IN_PROGRESS, ENDED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MeetingStatus> fromCode(String code) {
    for (MeetingStatus s : values()) {
      if (s.code().equals(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public boolean mayBecome(MeetingStatus next) {
    return this == next || switch (this) {
      case DRAFT -> Set.of(SCHEDULED, IN_PROGRESS).contains(next);
      case SCHEDULED -> Set.of(DRAFT, IN_PROGRESS).contains(next);
      case IN_PROGRESS -> next == ENDED;
      case ENDED -> false;
    };
  }
}
