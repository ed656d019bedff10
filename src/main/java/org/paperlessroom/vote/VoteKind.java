package org.paperlessroom.vote;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Yes / no / abstain (three labels, configurable), or a choice of one or up to k of N options. */
public enum VoteKind {
  YES_NO, CHOICE;

  /** The labels Vietnamese minutes use by default. */
  public static final List<String> DEFAULT_LABELS = List.of("Tán thành", "Không tán thành", "Không có ý kiến");

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<VoteKind> fromCode(String code) {
    for (VoteKind k : values()) {
      if (k.code().equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
