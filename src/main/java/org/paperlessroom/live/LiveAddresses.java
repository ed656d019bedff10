package org.paperlessroom.live;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bridge's addresses, named in one place: {@code meeting.<id>.live|presence|command|status}. */
public final class LiveAddresses {
  private static final Pattern MEETING_ADDRESS = Pattern.compile("meeting\\.([1-9][0-9]{0,17})\\.(live|presence|command|status)");

  public enum Kind { LIVE, PRESENCE, COMMAND, STATUS }

  public record Address(long meetingId, Kind kind) {
  }

  private LiveAddresses() {
  }

  public static String live(long meetingId) {
    return "meeting." + meetingId + ".live";
  }

  public static String presence(long meetingId) {
    return "meeting." + meetingId + ".presence";
  }

  public static String command(long meetingId) {
    return "meeting." + meetingId + ".command";
  }

  /** The meeting address named by a client, or empty for anything else. */
  public static Optional<Address> parse(String address) {
    if (address == null || address.length() > 64) {
      return Optional.empty();
    }
    Matcher m = MEETING_ADDRESS.matcher(address);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Address(Long.parseLong(m.group(1)), Kind.valueOf(m.group(2).toUpperCase(java.util.Locale.ROOT))));
  }
}
