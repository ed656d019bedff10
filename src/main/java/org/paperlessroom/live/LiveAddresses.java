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

  // Between the nodes of a cluster. Never reachable through the bridge: parse() knows meeting.<id>.* only.

  /** Where a meeting's writer publishes each saved change (the bridge frame, as followers get it). */
  static String published(long meetingId) {
    return "paperless.live." + meetingId + ".published";
  }

  /** Where a meeting's writer takes the changes asked for on other nodes. */
  static String writer(long meetingId) {
    return "paperless.live." + meetingId + ".writer";
  }

  /** Where each node publishes its part of a meeting's presence. */
  static String presenceParts(long meetingId) {
    return "paperless.live." + meetingId + ".presence";
  }

  /** Where a node says how many bridge sockets it has. */
  static String nodeSockets(String nodeId) {
    return "paperless.node." + nodeId + ".sockets";
  }

  /** Where a node says who follows a meeting on it. */
  static String nodePeople(String nodeId) {
    return "paperless.node." + nodeId + ".people";
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
