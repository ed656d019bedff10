package org.paperlessroom.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A browser-like API client for tests: keeps cookies (the session), and sends the CSRF token
 * from the XSRF-TOKEN cookie on every state-changing request, as the front end does. Blocking
 * (.await()): use it on the JUnit thread only.
 */
public final class Api {
  private static WebClient shared;
  private final WebClientSession client;
  private final int port;
  private boolean sendCsrf = true;
  private String forcedToken;

  public Api(int port) {
    this.port = port;
    this.client = WebClientSession.create(webClient());
  }

  private Api(int port, io.vertx.ext.web.client.spi.CookieStore cookies) {
    this.port = port;
    this.client = WebClientSession.create(webClient(), cookies);
  }

  /** The same person (the same cookies: session and CSRF token) talking to another server node. */
  public Api at(int otherPort) {
    return new Api(otherPort, client.cookieStore());
  }

  public int port() {
    return port;
  }

  public static Api forTestApp() {
    return new Api(TestApp.get().port());
  }

  private static synchronized WebClient webClient() {
    if (shared == null) {
      shared = WebClient.create(Vertx.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setFollowRedirects(false),
          new io.vertx.core.http.PoolOptions().setHttp1MaxSize(300));
    }
    return shared;
  }

  public Api withoutCsrf() {
    sendCsrf = false;
    return this;
  }

  /** Sends this token instead of the one from the cookie (a forged or stale token). */
  public Api withCsrfToken(String token) {
    forcedToken = token;
    return this;
  }

  public HttpResponse<Buffer> get(String path) {
    return client.get(port, "127.0.0.1", path).send().await();
  }

  public HttpResponse<Buffer> getWithHeader(String path, String header, String value) {
    return client.get(port, "127.0.0.1", path).putHeader(header, value).send().await();
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    return sendAsync(method, path, body).await();
  }

  /** Sends without waiting (many people pressing at the same moment). */
  public io.vertx.core.Future<HttpResponse<Buffer>> sendAsync(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path);
    if (forcedToken != null) {
      request.putHeader("X-XSRF-TOKEN", forcedToken);
    } else if (sendCsrf && method != HttpMethod.GET) {
      String token = csrfToken();
      if (token != null) {
        request.putHeader("X-XSRF-TOKEN", token);
      }
    }
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body);
  }

  public HttpResponse<Buffer> patch(String path, JsonObject body) {
    return send(HttpMethod.PATCH, path, body);
  }

  public HttpResponse<Buffer> put(String path, JsonObject body) {
    return send(HttpMethod.PUT, path, body);
  }

  public HttpResponse<Buffer> delete(String path) {
    return send(HttpMethod.DELETE, path, null);
  }

  /** Uploads one file as the browser does (multipart, CSRF header). */
  public HttpResponse<Buffer> upload(long meetingId, String fileName, byte[] content, boolean classified) {
    HttpRequest<Buffer> request = client.post(port, "127.0.0.1", "/api/meetings/" + meetingId + "/documents");
    String token = csrfToken();
    if (token != null) {
      request.putHeader("X-XSRF-TOKEN", token);
    }
    io.vertx.ext.web.multipart.MultipartForm form = io.vertx.ext.web.multipart.MultipartForm.create()
        .attribute("classified", Boolean.toString(classified))
        .binaryFileUpload("file", fileName, Buffer.buffer(content), "application/octet-stream");
    return request.sendMultipartForm(form).await();
  }

  /** Uploads and waits until every page is rendered (asserting both); returns the document's detail (id, hash, pages). */
  public JsonObject uploadReady(long meetingId, String fileName, byte[] content, boolean classified) {
    HttpResponse<Buffer> up = upload(meetingId, fileName, content, classified);
    assertEquals(201, up.statusCode(), up::bodyAsString);
    JsonObject done = awaitRendered(up.bodyAsJsonObject().getJsonObject("document").getLong("id"), java.time.Duration.ofSeconds(60));
    assertEquals("ready", done.getString("status"), done::encode);
    return done;
  }

  /** Waits until the document is rendered (or failed); returns its detail with pages. */
  public JsonObject awaitRendered(long documentId, java.time.Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      JsonObject doc = get("/api/documents/" + documentId).bodyAsJsonObject().getJsonObject("document");
      if (!"pending".equals(doc.getString("status")) || System.nanoTime() > deadline) {
        return doc;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public String csrfToken() {
    if (client.cookieStore().get(false, "127.0.0.1", "/api/session") == null) {
      return null;
    }
    for (var cookie : client.cookieStore().get(false, "127.0.0.1", "/api/session")) {
      if (cookie.name().equals("XSRF-TOKEN")) {
        return cookie.value();
      }
    }
    return null;
  }

  /** Signs in (refreshing the CSRF token before and after, as the front end does); asserts success. */
  public Api signIn(String username, String password) {
    get("/api/session");
    HttpResponse<Buffer> r = post("/api/session", new JsonObject().put("username", username).put("password", password));
    assertEquals(200, r.statusCode(), () -> "sign-in of " + username + ": " + r.bodyAsString());
    get("/api/session");
    return this;
  }

  public static Api admin() {
    return forTestApp().signIn("admin", TestApp.ADMIN_PASSWORD);
  }

  /** Creates a user through the admin API; returns its JSON (id, username, ...). */
  public JsonObject createUser(String displayName, String password) {
    String username = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    HttpResponse<Buffer> r = post("/api/users", new JsonObject().put("username", username)
        .put("displayName", displayName).put("position", "Kiểm sát viên").put("password", password));
    assertEquals(201, r.statusCode(), r::bodyAsString);
    return r.bodyAsJsonObject().getJsonObject("user");
  }

  public static String unique(String prefix) {
    return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The Cookie header this client would send to {@code path} (to open a WebSocket as this person). */
  public String cookieHeader(String path) {
    StringBuilder header = new StringBuilder();
    for (var cookie : client.cookieStore().get(false, "127.0.0.1", path)) {
      if (header.length() > 0) {
        header.append("; ");
      }
      header.append(cookie.name()).append('=').append(cookie.value());
    }
    return header.toString();
  }
}
