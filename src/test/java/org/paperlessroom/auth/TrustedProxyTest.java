package org.paperlessroom.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.support.TestApp;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Behind a trusted reverse proxy the sign-in limit per address counts the real clients, not the proxy. */
class TrustedProxyTest {

  private static HttpResponse<Buffer> signIn(WebClientSession session, String forwardedFor, String username, String password) {
    session.get("/api/session").send().await();
    String token = null;
    for (var c : session.cookieStore().get(false, "127.0.0.1", "/api/session")) {
      if (c.name().equals("XSRF-TOKEN")) {
        token = c.value();
      }
    }
    return session.post("/api/session").putHeader("X-XSRF-TOKEN", token).putHeader("X-Forwarded-For", forwardedFor)
        .sendJsonObject(new JsonObject().put("username", username).put("password", password)).await();
  }

  private static void threeFailuresThenCheck(Application app, boolean trusted) {
    Vertx vertx = Vertx.vertx();
    try {
      WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      for (int i = 0; i < 3; i++) {
        // Each attempt claims to come from 10.0.0.1 ahead of the proxy's own entry (a spoof the proxy appends to).
        assertEquals(401, signIn(WebClientSession.create(web), "6.6.6.6, 10.0.0.1", "nobody" + i, "wrong").statusCode());
      }
      int other = signIn(WebClientSession.create(web), "10.0.0.2", "admin", TestApp.ADMIN_PASSWORD).statusCode();
      int same = signIn(WebClientSession.create(web), "10.0.0.1", "admin", TestApp.ADMIN_PASSWORD).statusCode();
      if (trusted) {
        assertEquals(200, other, "another client behind the proxy is not held back");
        assertEquals(429, same, "the client that failed three times waits");
      } else {
        assertEquals(429, other, "without a trusted proxy everybody shares the connection's address");
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aTrustedProxysForwardedAddressIsTheClient() {
    Application app = TestApp.start(TestApp.tempDir("paperless-proxy"),
        Map.of("PAPERLESS_TRUSTED_PROXIES", "127.0.0.1", "PAPERLESS_LOGIN_FAILURES_PER_ADDRESS", "3"));
    try {
      threeFailuresThenCheck(app, true);
    } finally {
      app.stop().await();
    }
  }

  @Test
  void withoutATrustedProxyForwardedHeadersAreIgnored() {
    Application app = TestApp.start(TestApp.tempDir("paperless-no-proxy"), Map.of("PAPERLESS_LOGIN_FAILURES_PER_ADDRESS", "3"));
    try {
      threeFailuresThenCheck(app, false);
    } finally {
      app.stop().await();
    }
  }
}
