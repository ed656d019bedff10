package org.paperlessroom.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SessionHandler;

import java.util.function.Function;

/**
 * Adapts handler methods that return a {@code Future} of JSON: success is written with the given
 * status, any failure (thrown or failed future) goes to the one failure handler.
 */
public final class Handlers {
  private static final String SESSION_HANDLER = "sessionHandler";

  private Handlers() {
  }

  /** Remembers the session handler so that responses are sent only after the session is stored. */
  public static void useSessionHandler(RoutingContext ctx, SessionHandler handler) {
    ctx.put(SESSION_HANDLER, handler);
    ctx.next();
  }

  /**
   * Stores the session before the response leaves, so the very next request (on any node) sees
   * it: a sign-in is never followed by a spurious 401.
   */
  private static Future<Void> storeSession(RoutingContext ctx) {
    SessionHandler handler = ctx.get(SESSION_HANDLER);
    if (handler == null || ctx.session() == null) {
      return Future.succeededFuture();
    }
    return handler.flush(ctx, false);
  }

  public static Handler<RoutingContext> json(Function<RoutingContext, Future<JsonObject>> handler) {
    return json(200, handler);
  }

  public static Handler<RoutingContext> json(int status, Function<RoutingContext, Future<JsonObject>> handler) {
    return ctx -> {
      Future<JsonObject> result;
      try {
        result = handler.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      result.compose(body -> storeSession(ctx).map(body))
          .onSuccess(body -> ctx.response()
              .setStatusCode(status)
              .putHeader("Content-Type", "application/json; charset=utf-8")
              .putHeader("Cache-Control", "no-store")
              .end(body.encode()))
          .onFailure(ctx::fail);
    };
  }

  /** For handlers with nothing to say back: 204. */
  public static Handler<RoutingContext> noContent(Function<RoutingContext, Future<Void>> handler) {
    return ctx -> {
      Future<Void> result;
      try {
        result = handler.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      result.compose(v -> storeSession(ctx))
          .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    };
  }
}
