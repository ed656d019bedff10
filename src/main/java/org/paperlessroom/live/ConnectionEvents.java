package org.paperlessroom.live;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Tells the rest of the server (attendance) when a person's first device starts following a
 * meeting and when their last one stops. A local event-bus address, never exposed to browsers.
 * Body: {meetingId, userId, connected, at}.
 */
public final class ConnectionEvents {
  public static final String PERSON = "internal.meeting.person-connection";

  private ConnectionEvents() {
  }

  static void publish(Vertx vertx, long meetingId, long userId, boolean connected) {
    vertx.eventBus().publish(PERSON, new JsonObject().put("meetingId", meetingId).put("userId", userId)
        .put("connected", connected).put("at", Instant.now().toString()));
  }
}
