package org.paperlessroom.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Tells long-lived connections (the live room's sockets) that a sign-in ended: a session signed
 * out, or an account changed (deactivated, password reset, rights changed) so that its sockets must
 * sign in again. Local event-bus addresses: the bridge never exposes the event bus to browsers.
 */
public final class SessionEvents {
  public static final String SIGNED_OUT = "internal.auth.signed-out";
  public static final String ACCOUNT_CHANGED = "internal.auth.account-changed";

  private SessionEvents() {
  }

  public static void signedOut(Vertx vertx, String sessionId) {
    if (sessionId != null) {
      vertx.eventBus().publish(SIGNED_OUT, sessionId);
    }
  }

  /** Every connection of the user, except the one of {@code keptSessionId} (may be null), must sign in again. */
  public static void accountChanged(Vertx vertx, long userId, String keptSessionId) {
    vertx.eventBus().publish(ACCOUNT_CHANGED, new JsonObject().put("userId", userId).put("keep", keptSessionId));
  }
}
