package org.paperlessroom.attendance;

import java.util.Locale;
import java.util.Optional;

/** A participant's attendance: present in the room or online, checked out (left), or absent; none = not checked in. */
public enum AttendanceStatus {
  IN_PERSON, ONLINE, LEFT, ABSENT;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean present() {
    return this == IN_PERSON || this == ONLINE;
  }

  public static Optional<AttendanceStatus> fromCode(String code) {
    for (AttendanceStatus s : values()) {
      if (s.code().equals(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
