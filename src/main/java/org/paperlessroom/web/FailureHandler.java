package org.paperlessroom.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: JSON {@code {"error": code, "message": text}} with the right
 * status, never a stack trace; one log line per failure with the request id.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    ApiException error = toApiError(ctx.failure(), ctx.statusCode());
    String requestId = RequestId.of(ctx);
    if (error.status() >= 500) {
      // One line per failure; the stack trace only when PAPERLESS_LOG_LEVEL=DEBUG.
      LOG.error("[{}] {} {} -> {} {}", requestId, ctx.request().method(), ctx.request().path(), error.status(),
          ctx.failure() == null ? error.getMessage() : String.valueOf(ctx.failure()).replace('\n', ' '));
      if (ctx.failure() != null) {
        LOG.debug("[{}] stack trace", requestId, ctx.failure());
      }
    } else {
      LOG.info("[{}] {} {} -> {} {}", requestId, ctx.request().method(), ctx.request().path(), error.status(),
          error.getMessage());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
        .setStatusCode(error.status())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body(error).encode());
  }

  private static JsonObject body(ApiException error) {
    JsonObject body = new JsonObject().put("error", error.code()).put("message", error.getMessage());
    return error.details() == null ? body : body.put("details", error.details());
  }

  static ApiException toApiError(Throwable failure, int statusCode) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof DecodeException) {
      return new ApiException(400, "malformed_json", "The request body is not valid JSON.");
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (statusCode == 403) {
      // Only the CSRF and origin checks fail with a bare 403: our own denials are ApiExceptions.
      return new ApiException(403, "csrf_invalid",
          "This page's security token is missing or out of date. Reload the page and try again.");
    }
    if (statusCode > 0 && statusCode != 500) {
      return fromStatus(statusCode, null);
    }
    return new ApiException(500, "internal_error", "Something went wrong on the server. Please try again.");
  }

  private static ApiException fromStatus(int status, String detail) {
    return switch (status) {
      case 400 -> new ApiException(400, "bad_request", detail != null ? detail : "The request is not valid.");
      case 401 -> ApiException.unauthorized();
      case 403 -> new ApiException(403, "forbidden", detail != null ? detail : "You may not do this.");
      case 404 -> new ApiException(404, "not_found", "There is nothing at this address.");
      case 405 -> new ApiException(405, "method_not_allowed", "This address does not accept that method.");
      case 413 -> new ApiException(413, "too_large", "The request is larger than the server accepts.");
      case 415 -> new ApiException(415, "unsupported_media_type", "The server does not accept this kind of content.");
      default -> status >= 500
          ? new ApiException(status, "internal_error", "Something went wrong on the server. Please try again.")
          : new ApiException(status, HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase().replace(' ', '_'),
              HttpResponseStatus.valueOf(status).reasonPhrase());
    };
  }
}
