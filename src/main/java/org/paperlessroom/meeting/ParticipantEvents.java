package org.paperlessroom.meeting;

import io.vertx.core.Vertx;

/**
 * Tells the rest of the server (the live room) that a meeting's participants or roles changed. A
 * local event-bus address: the bridge never exposes the event bus to browsers.
 */
public final class ParticipantEvents {
  public static final String CHANGED = "internal.meeting.participants-changed";

  private ParticipantEvents() {
  }

  public static void changed(Vertx vertx, long meetingId) {
    vertx.eventBus().publish(CHANGED, meetingId);
  }
}
