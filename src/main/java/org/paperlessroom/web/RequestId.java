package org.paperlessroom.web;

import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.ThreadLocalRandom;

/** A short id for each request, sent back as {@code X-Request-Id} and written in every log line about it. */
public final class RequestId {
  private static final String KEY = "requestId";

  private RequestId() {
  }

  public static void assign(RoutingContext ctx) {
    String id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
