package org.paperlessroom.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import org.paperlessroom.web.ApiException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * CSRF protection with a synchronizer token: one random token per server-side session, handed to
 * the page in the readable cookie {@code XSRF-TOKEN} (and by {@code GET /api/session}); every
 * state-changing API request must echo it in the {@code X-XSRF-TOKEN} header. A cross-site page can
 * neither read the cookie nor set the header.
 */
public final class CsrfGuard {
  public static final String COOKIE = "XSRF-TOKEN";
  public static final String HEADER = "X-XSRF-TOKEN";
  private static final String SESSION_KEY = "csrf";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean secureCookie;

  public CsrfGuard(boolean secureCookie) {
    this.secureCookie = secureCookie;
  }

  public void handle(RoutingContext ctx) {
    Session session = ctx.session();
    String expected = session == null ? null : session.get(SESSION_KEY);
    if (SAFE.contains(ctx.request().method())) {
      if (session != null && expected == null) {
        expected = newToken();
        session.put(SESSION_KEY, expected);
      }
      Cookie sent = ctx.request().getCookie(COOKIE);
      if (expected != null && (sent == null || !sent.getValue().equals(expected))) {
        ctx.response().addCookie(Cookie.cookie(COOKIE, expected).setPath("/").setHttpOnly(false)
            .setSecure(secureCookie).setSameSite(CookieSameSite.STRICT));
      }
      ctx.next();
      return;
    }
    String given = ctx.request().getHeader(HEADER);
    if (expected == null || given == null
        || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
      ctx.fail(new ApiException(403, "csrf_invalid",
          "This page's security token is missing or out of date. Reload the page and try again."));
      return;
    }
    ctx.next();
  }

  /** The current session's token, for {@code GET /api/session}. */
  public static String tokenOf(RoutingContext ctx) {
    return ctx.session() == null ? null : ctx.session().get(SESSION_KEY);
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
