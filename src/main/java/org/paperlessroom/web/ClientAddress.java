package org.paperlessroom.web;

import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * The address a request came from. Behind a reverse proxy every request comes from the proxy: when
 * the connection is from one of the configured trusted proxies (PAPERLESS_TRUSTED_PROXIES), the
 * client is the last address that proxy appended to X-Forwarded-For — earlier entries are whatever
 * the client claimed and are ignored. Anything else is the connection's own address.
 */
public final class ClientAddress {
  private ClientAddress() {
  }

  public static String of(RoutingContext ctx, Set<String> trustedProxies) {
    String remote = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    if (!trustedProxies.contains(remote)) {
      return remote;
    }
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null) {
      return remote;
    }
    String[] hops = forwarded.split(",");
    String last = hops[hops.length - 1].trim();
    return last.isEmpty() || last.length() > 45 || !last.matches("[0-9A-Fa-f:.]+") ? remote : last;
  }
}
