package org.paperlessroom.live;

import org.paperlessroom.auth.Actor;

/**
 * One browser's bridge connection and the little the server keeps about it: who it is, which one
 * meeting it follows, what device it is, whether it follows the presenter, and how well it behaves.
 */
final class LiveSocket {
  /** Frames a socket may send per second on average, and in a burst. */
  static final double FRAMES_PER_SECOND = 40;
  static final double FRAME_BURST = 80;
  static final int MAX_REFUSED = 20;

  /** What the bridge needs of a connection: SockJS's (any transport) or a plain WebSocket's. */
  interface Connection {
    void write(String frame);

    boolean writeQueueFull();

    void close();
  }

  final Connection sock;
  final Actor actor;                // null: not signed in
  long liveMeeting;                 // registered to meeting.<id>.live, 0 when not
  long presenceMeeting;             // registered to meeting.<id>.presence, 0 when not
  String device = "laptop";
  boolean following = true;
  long lastSeen;
  private double tokens = FRAME_BURST;
  private long lastRefill;
  private int refused;
  private boolean closed;

  LiveSocket(Connection sock, Actor actor, long now) {
    this.sock = sock;
    this.actor = actor;
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

  /** Writes a frame unless the socket is gone or cannot keep up (every frame carries the whole state). */
  void write(String frame) {
    if (!closed && !sock.writeQueueFull()) {
      sock.write(frame);
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
