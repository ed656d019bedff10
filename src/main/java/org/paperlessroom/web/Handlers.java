package org.paperlessroom.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * Adapts handler methods that return a {@code Future} of JSON: success is written with the given
 * status, any failure (thrown or failed future) goes to the one failure handler.
 */
public final class Handlers {
  private Handlers() {
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
      result.onSuccess(body -> ctx.response()
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
      result.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    };
  }
}
