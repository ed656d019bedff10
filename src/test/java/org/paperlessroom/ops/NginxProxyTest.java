package org.paperlessroom.ops;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.multipart.MultipartForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.support.TestApp;
import org.paperlessroom.support.TestPdfs;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample nginx configuration ({@code docs/nginx/paperless-room.conf}) for real: it passes
 * {@code nginx -t}, and the application behind it works over TLS: health, sign-in (Secure cookies,
 * CSRF), the live room's WebSocket (plain and SockJS, with the Origin check), SockJS's xhr_streaming
 * unbuffered, uploads streamed to the application. Only the certificate paths, the upstream's port,
 * the listen addresses and the paths of nginx's own files are changed; the server blocks are wrapped
 * in a minimal main configuration, as Debian's nginx.conf includes them.
 *
 * <p>The application under test has {@code PAPERLESS_PUBLIC_URL=https://127.0.0.1:<nginx's TLS port>}:
 * its cookies carry the Secure flag, so the client speaks TLS to nginx (trusting its throwaway
 * self-signed certificate), as a browser does in production. Without nginx (and openssl) the test is
 * skipped on a developer machine and fails under {@code CI=true}.
 */
class NginxProxyTest {
  private static final Path NGINX = Path.of("/usr/sbin/nginx");
  private static final Path SAMPLE = Path.of("docs", "nginx", "paperless-room.conf");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ADMIN_PASSWORD = TestApp.ADMIN_PASSWORD;

  private static Path dir;
  private static Application app;
  private static int httpsPort;
  private static int httpPort;
  private static Path mainConf;
  private static Vertx vertx;

  /** Why the test cannot run here (a missing tool), or null. */
  private static String missing;

  @BeforeAll
  static void start() throws Exception {
    Path openssl = onPath("openssl");
    missing = !Files.isExecutable(NGINX) ? "nginx is not installed at " + NGINX + " (apt-get install nginx-light)"
        : openssl == null ? "openssl is not installed" : null;
    if (missing != null) {
      // .ci/run installs both: under CI a missing tool is a failure, elsewhere the tests are skipped.
      assertTrue(!"true".equals(System.getenv("CI")), missing + ": CI must run this test");
      return;
    }
    dir = TestApp.tempDir("paperless-nginx-");
    httpsPort = freePort();
    httpPort = freePort();
    // A 1 MB upload limit, to see the application's own refusal come through nginx.
    app = TestApp.start(dir.resolve("data"), Map.of(
        "PAPERLESS_PUBLIC_URL", "https://127.0.0.1:" + httpsPort,
        "PAPERLESS_MAX_UPLOAD_MB", "1"));
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Output made = run(List.of(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString()));
    assertEquals(0, made.exitCode(), made.text());
    mainConf = writeConfig(cert, key, app.port());
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (app != null) {
      app.stop().await();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory
      }
    }
  }

  @Test
  void theSampleConfigurationPassesNginxT() throws Exception {
    requireTools();
    Output out = run(List.of(NGINX.toString(), "-p", dir + "/", "-e", dir.resolve("error.log").toString(),
        "-c", mainConf.toString(), "-t"));
    assertEquals(0, out.exitCode(), out.text() + "\n" + Files.readString(mainConf));
    assertTrue(out.text().contains("test is successful"), out.text());
  }

  @Test
  void theApplicationWorksBehindIt() throws Exception {
    requireTools();
    Process nginx = startNginx();
    try {
      WebClient plain = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
      HttpResponse<Buffer> redirect = plain.get(httpPort, "127.0.0.1", "/meeting.html?id=1").send().await();
      assertEquals(301, redirect.statusCode(), "plain http goes to https");
      assertEquals("https://127.0.0.1/meeting.html?id=1", redirect.getHeader("Location"));

      Browser browser = new Browser();
      HttpResponse<Buffer> health = browser.get("/health");
      assertEquals(200, health.statusCode(), health::bodyAsString);
      assertEquals("nginx", health.getHeader("Server"), "answered through nginx");
      assertEquals(200, browser.get("/metrics").statusCode(), "metrics are open to this machine");
      assertEquals(403, browser.client.post("/api/ops/backup").send().await().statusCode(), "not from outside");
      HttpResponse<Buffer> script = browser.client.get("/js/live.js").putHeader("Accept-Encoding", "gzip").send().await();
      assertEquals(200, script.statusCode());
      assertEquals("gzip", script.getHeader("Content-Encoding"), "static files are compressed");

      HttpResponse<Buffer> signedIn = browser.signIn("admin", ADMIN_PASSWORD);
      String sessionCookie = signedIn.cookies().stream().filter(c -> c.startsWith("paperless.session=")).findFirst()
          .orElseThrow(() -> new AssertionError("no session cookie: " + signedIn.cookies()));
      String flags = sessionCookie.toLowerCase(java.util.Locale.ROOT);
      assertTrue(flags.contains("; secure") && flags.contains("; httponly"), sessionCookie);

      HttpResponse<Buffer> created = browser.post("/api/meetings", new JsonObject().put("title", "Họp qua nginx")
          .put("startsAt", "2026-12-01T01:00:00Z").put("location", "Phòng họp số 1"));
      assertEquals(201, created.statusCode(), created::bodyAsString);
      long meetingId = created.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
      String live = "meeting." + meetingId + ".live";

      // The plain WebSocket, with the session cookie and the public URL as Origin: snapshot first.
      try (WsConnection ws = browser.webSocket("/eventbus/websocket", "https://127.0.0.1:" + httpsPort)) {
        ws.send(new JsonObject().put("type", "register").put("address", live).encode());
        JsonObject snapshot = new JsonObject(ws.await(t -> t.contains(live)));
        assertEquals("rec", snapshot.getString("type"), snapshot::encode);
        assertTrue(snapshot.getJsonObject("body").getBoolean("snapshot"), snapshot::encode);
      }
      // Another web site's page cannot use the person's cookie through nginx either.
      UpgradeRejectedException refused = assertThrows(UpgradeRejectedException.class,
          () -> browser.webSocket("/eventbus/websocket", "https://elsewhere.example.org"));
      assertEquals(403, refused.getStatus());

      // SockJS as browsers speak it: /info, then its WebSocket transport.
      HttpResponse<Buffer> info = browser.get("/eventbus/info");
      assertEquals(200, info.statusCode(), info::bodyAsString);
      assertTrue(info.bodyAsJsonObject().getBoolean("websocket"), info::bodyAsString);
      try (WsConnection ws = browser.webSocket("/eventbus/123/" + sessionId() + "/websocket", "https://127.0.0.1:" + httpsPort)) {
        assertEquals("o", ws.await(t -> true));
        ws.send(new JsonArray().add(new JsonObject().put("type", "register").put("address", live).encode()).encode());
        String frame = ws.await(t -> t.startsWith("a["));
        JsonObject message = new JsonObject(new JsonArray(frame.substring(1)).getString(0));
        assertTrue(message.getJsonObject("body").getBoolean("snapshot"), frame);
      }
      // The fallback when WebSockets are blocked: xhr_streaming must reach the browser as it is written.
      xhrStreaming(browser, live);

      // An upload, streamed through nginx (proxy_request_buffering off), then its page image.
      byte[] pdf = TestPdfs.slides(2, "nginx " + UUID.randomUUID());
      HttpResponse<Buffer> uploaded = browser.upload(meetingId, "qua-nginx.pdf", pdf);
      assertEquals(201, uploaded.statusCode(), uploaded::bodyAsString);
      JsonObject document = uploaded.bodyAsJsonObject().getJsonObject("document");
      JsonObject ready = browser.awaitRendered(document.getLong("id"));
      assertEquals("ready", ready.getString("status"), ready::encode);
      HttpResponse<Buffer> page = browser.get(ready.getString("pageUrl").replace("{page}", "1").replace("{width}", "480"));
      assertEquals(200, page.statusCode());
      assertEquals("image/jpeg", page.getHeader("Content-Type"));

      // A file over the application's limit (1 MB here) gets the application's own answer, not nginx's.
      HttpResponse<Buffer> tooLarge = browser.upload(meetingId, "lon.pdf", new byte[3 * 1024 * 1024]);
      assertEquals(413, tooLarge.statusCode(), tooLarge::bodyAsString);
      assertEquals("file_too_large", tooLarge.bodyAsJsonObject().getString("error"), tooLarge::bodyAsString);
    } finally {
      stopNginx(nginx);
    }
  }

  /** POST xhr_streaming: the prelude and the open frame arrive while the response is still open; then a message. */
  private static void xhrStreaming(Browser browser, String live) throws Exception {
    String base = "/eventbus/456/" + sessionId();
    // Accepting gzip as browsers do: no compression on the way may hold the frames back.
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setDecompressionSupported(true));
    try {
      BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
      HttpClientRequest request = client.request(new RequestOptions().setMethod(HttpMethod.POST)
          .setHost("127.0.0.1").setPort(httpsPort).setURI(base + "/xhr_streaming")
          .putHeader("Cookie", browser.cookieHeader(base))
          .putHeader("Origin", "https://127.0.0.1:" + httpsPort)).await();
      request.response().onSuccess(response -> response.handler(b -> chunks.add(b.toString(StandardCharsets.UTF_8))));
      request.end().await();
      StringBuilder seen = new StringBuilder();
      awaitText(chunks, seen, text -> text.contains("\no\n"));
      HttpResponse<Buffer> sent = browser.client.post(base + "/xhr_send")
          .putHeader("Origin", "https://127.0.0.1:" + httpsPort)
          .sendBuffer(Buffer.buffer(new JsonArray().add(new JsonObject().put("type", "register").put("address", live).encode()).encode()))
          .await();
      assertEquals(204, sent.statusCode(), sent::bodyAsString);
      awaitText(chunks, seen, text -> text.contains("\na[") && text.contains("snapshot"));
      request.reset();
    } finally {
      client.close().await();
    }
  }

  private static void awaitText(BlockingQueue<String> chunks, StringBuilder seen, Predicate<String> done) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.test(seen.toString())) {
      long left = deadline - System.nanoTime();
      String chunk = left <= 0 ? null : chunks.poll(left, TimeUnit.NANOSECONDS);
      if (chunk == null) {
        fail("xhr_streaming: nothing more within " + WAIT + " (is nginx buffering it?); so far: "
            + seen.toString().replace("h".repeat(2048), "h×2048"));
      }
      seen.append(chunk);
    }
  }

  /** A browser on the https side of nginx: cookies (Secure ones too), the CSRF header. */
  private static final class Browser {
    final WebClientSession client = WebClientSession.create(WebClient.create(vertx, new WebClientOptions()
        .setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(httpsPort).setFollowRedirects(false)));

    HttpResponse<Buffer> get(String path) {
      return client.get(path).send().await();
    }

    HttpResponse<Buffer> post(String path, JsonObject body) {
      return withCsrf(client.post(path)).sendJsonObject(body).await();
    }

    HttpResponse<Buffer> signIn(String username, String password) {
      get("/api/session");
      HttpResponse<Buffer> r = post("/api/session", new JsonObject().put("username", username).put("password", password));
      assertEquals(200, r.statusCode(), r::bodyAsString);
      get("/api/session");
      return r;
    }

    HttpResponse<Buffer> upload(long meetingId, String name, byte[] content) {
      return withCsrf(client.post("/api/meetings/" + meetingId + "/documents"))
          .sendMultipartForm(MultipartForm.create().attribute("classified", "false")
              .binaryFileUpload("file", name, Buffer.buffer(content), "application/pdf"))
          .await();
    }

    JsonObject awaitRendered(long documentId) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        JsonObject doc = get("/api/documents/" + documentId).bodyAsJsonObject().getJsonObject("document");
        if (!"pending".equals(doc.getString("status")) || System.nanoTime() > deadline) {
          return doc;
        }
        Thread.sleep(100);
      }
    }

    private HttpRequest<Buffer> withCsrf(HttpRequest<Buffer> request) {
      String token = cookie("XSRF-TOKEN", "/api/session");
      if (token != null) {
        request.putHeader("X-XSRF-TOKEN", token);
      }
      return request;
    }

    private String cookie(String name, String path) {
      for (var c : client.cookieStore().get(true, "127.0.0.1", path)) {
        if (c.name().equals(name)) {
          return c.value();
        }
      }
      return null;
    }

    /** The Cookie header a browser would send to this path over https. */
    String cookieHeader(String path) {
      List<String> pairs = new ArrayList<>();
      client.cookieStore().get(true, "127.0.0.1", path).forEach(c -> pairs.add(c.name() + "=" + c.value()));
      return String.join("; ", pairs);
    }

    WsConnection webSocket(String path, String origin) {
      WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setSsl(true).setTrustAll(true).setVerifyHost(false));
      ClientWebSocket ws = wsClient.webSocket();
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      ws.textMessageHandler(received::add);
      try {
        ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(httpsPort).setSsl(true).setURI(path)
            .addHeader("Cookie", cookieHeader(path)).addHeader("Origin", origin)).await();
      } catch (RuntimeException e) {
        wsClient.close();
        throw e;
      }
      return new WsConnection(wsClient, ws, received);
    }
  }

  private record WsConnection(WebSocketClient client, ClientWebSocket ws, BlockingQueue<String> received) implements AutoCloseable {
    void send(String text) {
      ws.writeTextMessage(text).await();
    }

    /** The next text message matching, skipping others. */
    String await(Predicate<String> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      List<String> skipped = new ArrayList<>();
      while (true) {
        long left = deadline - System.nanoTime();
        String text = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
        if (text == null) {
          throw new AssertionError("no matching message within " + WAIT + "; skipped " + skipped);
        }
        if (wanted.test(text)) {
          return text;
        }
        skipped.add(text);
      }
    }

    @Override
    public void close() {
      client.close();
    }
  }

  // --- nginx -----------------------------------------------------------------------------------

  /**
   * The sample with only what must differ here replaced (each replacement must match, so that the
   * sample cannot drift away from this test unnoticed), wrapped in a main configuration.
   */
  private static Path writeConfig(Path cert, Path key, int appPort) throws IOException {
    String site = Files.readString(SAMPLE);
    site = replace(site, "(?m)^(\\s*)ssl_certificate\\s+[^;\\s]+;", "$1ssl_certificate " + cert + ";", 1);
    site = replace(site, "(?m)^(\\s*)ssl_certificate_key\\s+[^;\\s]+;", "$1ssl_certificate_key " + key + ";", 1);
    site = replace(site, "(?m)^(\\s*)server\\s+127\\.0\\.0\\.1:8080;", "$1server 127.0.0.1:" + appPort + ";", 1);
    site = replace(site, "(?m)^(\\s*)listen\\s+80;", "$1listen 127.0.0.1:" + httpPort + ";", 1);
    site = replace(site, "(?m)^(\\s*)listen\\s+443\\s+ssl", "$1listen 127.0.0.1:" + httpsPort + " ssl", 1);
    // The machine running the test may have no IPv6.
    site = replace(site, "(?m)^\\s*listen\\s+\\[::\\]:\\d+[^;]*;[ \\t]*\\R", "", 2);
    Path siteFile = dir.resolve("paperless-room.conf");
    Files.writeString(siteFile, site);

    Path temp = Files.createDirectories(dir.resolve("nginx-temp"));
    StringBuilder main = new StringBuilder();
    if ("root".equals(System.getProperty("user.name"))) {
      main.append("user root;\n"); // the workers write the temporary directories below
    }
    main.append("worker_processes 1;\n")
        .append("pid ").append(dir.resolve("nginx.pid")).append(";\n")
        .append("error_log ").append(dir.resolve("error.log")).append(" notice;\n")
        .append("events {\n    worker_connections 1024;\n}\n")
        .append("http {\n");
    if (Files.exists(Path.of("/etc/nginx/mime.types"))) {
      main.append("    include /etc/nginx/mime.types;\n");
    }
    main.append("    default_type application/octet-stream;\n")
        .append("    access_log ").append(dir.resolve("access.log")).append(";\n");
    for (String kind : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      main.append("    ").append(kind).append("_temp_path ").append(temp.resolve(kind)).append(";\n");
    }
    main.append("    include ").append(siteFile).append(";\n}\n");
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, main.toString());
    return file;
  }

  private static String replace(String text, String regex, String replacement, int expected) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int count = 0;
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      count++;
      m.appendReplacement(out, replacement); // "$1" is the indentation; temporary paths hold no $ or \
    }
    m.appendTail(out);
    assertEquals(expected, count, "occurrences of /" + regex + "/ in " + SAMPLE);
    return out.toString();
  }

  private static Process startNginx() throws Exception {
    Path log = dir.resolve("nginx-output.log");
    Process nginx = new ProcessBuilder(NGINX.toString(), "-p", dir + "/", "-e", dir.resolve("error.log").toString(),
        "-c", mainConf.toString(), "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!listening(httpsPort) || !listening(httpPort)) {
      if (!nginx.isAlive() || System.nanoTime() > deadline) {
        stopNginx(nginx);
        fail("nginx did not start: " + Files.readString(log) + "\n" + readIfExists(dir.resolve("error.log")));
      }
      Thread.sleep(50);
    }
    return nginx;
  }

  /** SIGTERM (nginx's fast shutdown, workers included); SIGKILL to all of them if that is not enough. */
  private static void stopNginx(Process nginx) throws InterruptedException {
    List<ProcessHandle> workers = nginx.descendants().toList();
    nginx.destroy();
    if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
      nginx.destroyForcibly();
      nginx.waitFor(5, TimeUnit.SECONDS);
    }
    workers.forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private record Output(int exitCode, String text) {
  }

  private static Output run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished: " + command);
    return new Output(p.exitValue(), text);
  }

  private static void requireTools() {
    assumeTrue(missing == null, () -> missing + ": test skipped (with CI=true it fails)");
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    for (String d : (path == null ? "/usr/bin:/bin" : path + ":/usr/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(d, program);
      if (!d.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String sessionId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
