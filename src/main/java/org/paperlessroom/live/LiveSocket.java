package org.paperlessroom.live;

import io.vertx.core.Future;
import org.paperlessroom.auth.Actor;

/**
 * One browser's bridge connection and the little the server keeps about it: who it is (and by
 * which session), which one meeting it follows, what device it is, whether it follows the
 * presenter, how well it behaves, and how far behind its writes are.
 */
final class LiveSocket {
  /** Frames a socket may send per second on average, and in a burst. */
  static final double FRAMES_PER_SECOND = 40;
  static final double FRAME_BURST = 80;
  static final int MAX_REFUSED = 20;
  /** Writes not yet handed to the network; beyond this the socket gets only the newest state. */
  static final int MAX_IN_FLIGHT = 64;

  /** What the bridge needs of a connection: SockJS's (any transport) or a plain WebSocket's. */
  interface Connection {
    /** One bridge message. */
    Future<Void> write(String message);

    /** A message encoded once for many sockets. */
    default Future<Void> write(Broadcast message) {
      return write(message.plain);
    }

    /** Keeps idle connections open through proxies (where the transport needs it). */
    default void heartbeat() {
    }

    void close();
  }

  final Connection sock;
  final Actor actor;                // null: not signed in
  final String sessionId;           // the sign-in this socket belongs to
  /** What a socket can register to: a meeting's live state, and its presence. */
  enum Feed { LIVE, PRESENCE }

  private final long[] registered = new long[2]; // per feed: the meeting, 0 when not registered
  private final long[] pending = new long[2];    // per feed: a REGISTER being checked
  String device = "laptop";
  boolean following = true;
  long lastSeen;
  long backloggedSince;
  private double tokens = FRAME_BURST;
  private long lastRefill;
  private int refused;
  private boolean closed;
  private int inFlight;
  private final Broadcast[] held = new Broadcast[2]; // per feed, while the socket is behind: only the newest counts

  LiveSocket(Connection sock, Actor actor, String sessionId, long now) {
    this.sock = sock;
    this.actor = actor;
    this.sessionId = sessionId;
    this.lastSeen = now;
    this.lastRefill = now;
  }

  /** Takes one frame from the socket's allowance; false when it sends faster than allowed. */
  boolean admitFrame(long now) {
    tokens = Math.min(FRAME_BURST, tokens + (now - lastRefill) * FRAMES_PER_SECOND / 1000.0);
    lastRefill = now;
    lastSeen = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Counts a refused frame; true when the socket has misbehaved enough to be closed. */
  boolean refusedTooOften() {
    return ++refused >= MAX_REFUSED;
  }

  /** Old refusals count less and less (a long meeting's occasional refused command is no misbehaviour). */
  void forgiveSome() {
    refused /= 2;
  }

  /** A frame that must arrive (a reply, an error, a snapshot). */
  void write(String frame) {
    if (!closed) {
      send(frame);
    }
  }

  long meeting(Feed feed) {
    return registered[feed.ordinal()];
  }

  void meeting(Feed feed, long meetingId) {
    registered[feed.ordinal()] = meetingId;
  }

  long pending(Feed feed) {
    return pending[feed.ordinal()];
  }

  void pending(Feed feed, long meetingId) {
    pending[feed.ordinal()] = meetingId;
  }

  /** A feed's newest state: when the socket is behind, only the newest is kept and sent once it catches up. */
  void writeNewest(Feed feed, Broadcast frame) {
    if (closed) {
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      held[feed.ordinal()] = frame;
      markBehind();
    } else {
      send(frame);
    }
  }

  private void markBehind() {
    if (backloggedSince == 0) {
      backloggedSince = System.currentTimeMillis();
    }
  }

  private void send(String frame) {
    inFlight++;
    sock.write(frame).onComplete((v, e) -> written());
  }

  private void send(Broadcast frame) {
    inFlight++;
    sock.write(frame).onComplete((v, e) -> written());
  }

  void heartbeat() {
    if (!closed) {
      sock.heartbeat();
    }
  }

  private void written() {
    inFlight--;
    if (closed || inFlight > MAX_IN_FLIGHT / 2) {
      return;
    }
    backloggedSince = 0;
    for (int i = 0; i < held.length; i++) {
      Broadcast frame = held[i];
      if (frame != null) {
        held[i] = null;
        send(frame);
      }
    }
  }

  void close() {
    if (!closed) {
      closed = true;
      sock.close();
    }
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }
}
