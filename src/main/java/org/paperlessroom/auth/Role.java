package org.paperlessroom.auth;

import java.util.Locale;
import java.util.Optional;

/** What a participant is in one meeting; a participant may hold several roles. */
public enum Role {
  CHAIR, PRESENTER, SECRETARY, MEMBER, OBSERVER, GUEST;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromCode(String code) {
    for (Role role : values()) {
      if (role.code().equals(code)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
