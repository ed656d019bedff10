package org.paperlessroom.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.multipart.MultipartForm;
import org.paperlessroom.support.TestPdfs;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fan-out benchmark: N followers over real WebSockets through the bridge (this process, not the
 * server's JVM), one presenter sending page changes at a fixed rate. Prints, per N: connect time,
 * presenter→follower latency, lost and out-of-order events, the server's RSS and its CPU per
 * delivered event (from /proc/<pid>/stat over the measured phase).
 *
 * <p>Usage: FanoutBenchmark --url http://127.0.0.1:PORT[,http://127.0.0.1:PORT2] --pid SERVER_PID[,PID2]
 * --admin-password PW [--quick] [--sockjs]
 *
 * <p>With two URLs (two clustered nodes) the presenter talks to the first node and the followers are
 * split over both; the table then also shows the p99 of the followers on each node and what going
 * through the second node adds.
 *
 * <p>By default the followers use the plain WebSocket endpoint {@code /eventbus/websocket}; with
 * {@code --sockjs} they speak SockJS's WebSocket transport ({@code /eventbus/<server>/<session>/websocket},
 * frames {@code a["…"]}) exactly as the browsers' sockjs-client does.
 */
public final class FanoutBenchmark {
  private static final int ACCOUNTS = 20;
  private static final int PAGES = 20;
  private static final long CLOCK_TICK_MICROS = 10_000; // USER_HZ = 100
  private static final long PING_MS = 5_000;
  private static final java.security.SecureRandom SESSIONS = new java.security.SecureRandom();

  private record Round(int followers, int rate, int seconds) {
  }

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final boolean sockjs;
  private final String host;
  private final int[] ports;
  private final long[] serverPids;
  private final WebClient web;
  private final WebSocketClient sockets;
  private final List<Follower> followers = new ArrayList<>();
  private long meetingId;
  private long documentId;
  private String chairCookie;
  private final List<String> followerCookies = new ArrayList<>();

  // The measured phase.
  private volatile long[] sentAt = new long[0];
  private volatile long firstSeq;
  private volatile long[] latencies = new long[0];
  private final AtomicInteger latencyCount = new AtomicInteger();
  /** Per node: the latencies of its followers (same measured phase). */
  private volatile long[][] nodeLatencies = new long[0][];
  private final AtomicInteger[] nodeLatencyCount;

  private FanoutBenchmark(String[] urls, long[] serverPids, boolean sockjs) {
    this.sockjs = sockjs;
    this.host = URI.create(urls[0]).getHost();
    this.ports = Arrays.stream(urls).mapToInt(u -> URI.create(u).getPort()).toArray();
    this.serverPids = serverPids;
    this.nodeLatencyCount = new AtomicInteger[urls.length];
    for (int i = 0; i < urls.length; i++) {
      nodeLatencyCount[i] = new AtomicInteger();
    }
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(ports[0]));
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(20_000)
        .setConnectTimeout(30_000));
  }

  public static void main(String[] args) throws Exception {
    String[] urls = arg(args, "--url").split(",");
    long[] pids = Arrays.stream(arg(args, "--pid").split(",")).mapToLong(Long::parseLong).toArray();
    String adminPassword = arg(args, "--admin-password");
    boolean quick = Arrays.asList(args).contains("--quick");
    List<Round> rounds = quick
        ? List.of(new Round(100, 20, 10))
        : List.of(new Round(100, 20, 10), new Round(1000, 20, 15), new Round(5000, 1, 20));
    boolean sockjs = Arrays.asList(args).contains("--sockjs");
    FanoutBenchmark bench = new FanoutBenchmark(urls, pids, sockjs);
    System.out.println("followers over " + (sockjs ? "SockJS's WebSocket transport (as browsers)" : "the plain WebSocket /eventbus/websocket")
        + (urls.length > 1 ? "; " + urls.length + " clustered nodes, presenter on node 1, followers split evenly over the nodes"
        + " (RSS and CPU: all nodes together)" : ""));
    try {
      bench.setUp(adminPassword);
      System.out.printf("%n%-9s %-7s %-11s %-9s %-9s %-9s %-6s %-10s %-8s %-10s %-11s", "followers", "ev/s",
          "connect s", "p50 ms", "p99 ms", "max ms", "lost", "out-order", "RSS MB", "CPU µs/ev", "delivered");
      if (urls.length > 1) {
        System.out.printf(" %-14s %-14s %-15s", "p99 node 1 ms", "p99 node 2 ms", "cross-node +ms");
      }
      System.out.println();
      for (Round round : rounds) {
        bench.run(round);
      }
    } finally {
      bench.vertx.close().await();
    }
  }

  private static String arg(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    throw new IllegalArgumentException("missing " + name);
  }

  // ---- set-up over REST: accounts, a meeting, a rendered document ----

  private void setUp(String adminPassword) {
    WebClientSession admin = signIn("admin", adminPassword);
    JsonObject chair = createUser(admin, "Chủ trì bench");
    JsonArray participants = new JsonArray()
        .add(new JsonObject().put("userId", chair.getLong("id")).put("roles", new JsonArray().add("chair")));
    List<JsonObject> members = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      JsonObject member = createUser(admin, "Thành viên " + i);
      members.add(member);
      participants.add(new JsonObject().put("userId", member.getLong("id")).put("roles", new JsonArray().add("member")));
    }
    HttpResponse<Buffer> meeting = withCsrf(admin, admin.post("/api/meetings"))
        .sendJsonObject(new JsonObject().put("title", "Fan-out benchmark " + System.currentTimeMillis())
            .put("startsAt", "2026-12-01T01:00:00Z").put("participants", participants)).await();
    expect(201, meeting);
    meetingId = meeting.bodyAsJsonObject().getJsonObject("meeting").getLong("id");

    WebClientSession chairSession = signIn(chair.getString("username"), "bench-password");
    MultipartForm form = MultipartForm.create().attribute("classified", "false")
        .binaryFileUpload("file", "bench.pdf", Buffer.buffer(TestPdfs.slides(PAGES, "bench " + System.nanoTime())), "application/pdf");
    HttpResponse<Buffer> up = withCsrf(chairSession, chairSession.post("/api/meetings/" + meetingId + "/documents"))
        .sendMultipartForm(form).await();
    expect(201, up);
    documentId = up.bodyAsJsonObject().getJsonObject("document").getLong("id");
    long deadline = System.currentTimeMillis() + 120_000;
    while (true) {
      String status = chairSession.get("/api/documents/" + documentId).send().await()
          .bodyAsJsonObject().getJsonObject("document").getString("status");
      if ("ready".equals(status)) {
        break;
      }
      if (!"pending".equals(status) || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the benchmark document did not render: " + status);
      }
      sleep(200);
    }
    chairCookie = cookie(chairSession);
    for (JsonObject member : members) {
      followerCookies.add(cookie(signIn(member.getString("username"), "bench-password")));
    }
  }

  private WebClientSession signIn(String username, String password) {
    WebClientSession session = WebClientSession.create(web);
    session.get("/api/session").send().await();
    expect(200, withCsrf(session, session.post("/api/session"))
        .sendJsonObject(new JsonObject().put("username", username).put("password", password)).await());
    session.get("/api/session").send().await();
    return session;
  }

  private static <T> io.vertx.ext.web.client.HttpRequest<T> withCsrf(WebClientSession session, io.vertx.ext.web.client.HttpRequest<T> request) {
    for (var c : session.cookieStore().get(false, "127.0.0.1", "/api/session")) {
      if (c.name().equals("XSRF-TOKEN")) {
        request.putHeader("X-XSRF-TOKEN", c.value());
      }
    }
    return request;
  }

  private JsonObject createUser(WebClientSession admin, String displayName) {
    String username = "bench" + Long.toString(System.nanoTime(), 36);
    HttpResponse<Buffer> r = withCsrf(admin, admin.post("/api/users")).sendJsonObject(new JsonObject()
        .put("username", username).put("displayName", displayName).put("position", "").put("password", "bench-password")).await();
    expect(201, r);
    return r.bodyAsJsonObject().getJsonObject("user");
  }

  private static String cookie(WebClientSession session) {
    StringBuilder header = new StringBuilder();
    for (var c : session.cookieStore().get(false, "127.0.0.1", "/eventbus/websocket")) {
      header.append(header.length() == 0 ? "" : "; ").append(c.name()).append('=').append(c.value());
    }
    return header.toString();
  }

  private static void expect(int status, HttpResponse<Buffer> r) {
    if (r.statusCode() != status) {
      throw new IllegalStateException("expected " + status + " but got " + r.statusCode() + ": " + r.bodyAsString());
    }
  }

  // ---- followers ----

  /** One follower socket: checks that sequence numbers arrive one by one, records latency. */
  private final class Follower {
    final WebSocket ws;
    final int node;
    final Promise<Void> snapshot = Promise.promise();
    long lastSeq = -1;
    long received;
    long outOfOrder;

    Follower(WebSocket ws, int node) {
      this.ws = ws;
      this.node = node;
      ws.textMessageHandler(text -> receive(text, this::onMessage));
    }

    void onMessage(String text) {
      long now = System.nanoTime();
      int at = text.indexOf("\"seq\":");
      if (at < 0) {
        return;
      }
      long seq = parseLong(text, at + 6);
      if (lastSeq < 0) {
        lastSeq = seq;
        snapshot.tryComplete();
        return;
      }
      if (seq != lastSeq + 1) {
        outOfOrder++;
      }
      if (seq > lastSeq) {
        lastSeq = seq;
      }
      received++;
      long[] sent = sentAt;
      int index = (int) (seq - firstSeq);
      if (index >= 0 && index < sent.length && sent[index] != 0) {
        int slot = latencyCount.getAndIncrement();
        if (slot < latencies.length) {
          latencies[slot] = now - sent[index];
        }
        long[][] perNode = nodeLatencies;
        if (node < perNode.length) {
          int nodeSlot = nodeLatencyCount[node].getAndIncrement();
          if (nodeSlot < perNode[node].length) {
            perNode[node][nodeSlot] = now - sent[index];
          }
        }
      }
    }
  }

  /** The bridge messages in a frame: the frame itself, or the strings of a SockJS "a[...]" frame. */
  private void receive(String frame, java.util.function.Consumer<String> message) {
    if (!sockjs) {
      message.accept(frame);
    } else if (frame.startsWith("a")) {
      for (Object m : new JsonArray(frame.substring(1))) {
        message.accept((String) m);
      }
    }
  }

  private String wrap(String message) {
    return sockjs ? new JsonArray().add(message).encode() : message;
  }

  private static long parseLong(String text, int from) {
    long value = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private Future<WebSocket> open(String cookie) {
    return open(cookie, 0);
  }

  private Future<WebSocket> open(String cookie, int node) {
    String uri = sockjs
        ? "/eventbus/" + (100 + SESSIONS.nextInt(900)) + "/" + Long.toString(SESSIONS.nextLong() & Long.MAX_VALUE, 36) + "/websocket"
        : "/eventbus/websocket";
    return sockets.connect(new WebSocketConnectOptions().setHost(host).setPort(ports[node]).setURI(uri).addHeader("Cookie", cookie));
  }

  private String live() {
    return "meeting." + meetingId + ".live";
  }

  /** Opens followers until there are {@code total}, at most 100 connecting at once; each waits for its snapshot. */
  private double connectUpTo(int total) {
    long start = System.nanoTime();
    int missing = total - followers.size();
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < Math.min(100, missing); lane++) {
      lanes.add(connectLane(next, missing));
    }
    Future.all(lanes).await();
    return (System.nanoTime() - start) / 1e9;
  }

  private Future<Void> connectLane(AtomicInteger next, int missing) {
    int i = next.getAndIncrement();
    if (i >= missing) {
      return Future.succeededFuture();
    }
    String cookie = followerCookies.get((followers.size() + i) % followerCookies.size());
    int node = (followers.size() + i) % ports.length;
    return open(cookie, node).compose(ws -> {
      Follower f = new Follower(ws, node);
      synchronized (followers) {
        followers.add(f);
      }
      ws.writeTextMessage(wrap(new JsonObject().put("type", "register").put("address", live()).encode()));
      vertx.setPeriodic(PING_MS, t -> ws.writeTextMessage(wrap("{\"type\":\"ping\"}")));
      return f.snapshot.future();
    }).compose(v -> connectLane(next, missing));
  }

  // ---- a round ----

  private void run(Round round) throws Exception {
    double connectSeconds = connectUpTo(round.followers());
    WebSocket presenter = open(chairCookie).await();
    AtomicLong lastReply = new AtomicLong(-1);
    presenter.textMessageHandler(frame -> receive(frame, text -> {
      int at = text.indexOf("\"seq\":");
      if (at >= 0 && text.contains("\"ok\":true")) {
        lastReply.set(parseLong(text, at + 6));
      } else if (text.contains("\"err\"")) {
        System.err.println("presenter refused: " + text);
      }
    }));
    sendCommand(presenter, new JsonObject().put("op", "show").put("documentId", documentId).put("page", 1));
    sleep(300);
    // Warm-up, not measured.
    sendAtRate(presenter, round.rate(), 2, null);
    sleep(500);

    long baseSeq = lastReply.get();
    int events = round.rate() * round.seconds();
    long[] sent = new long[events + 1];
    latencies = new long[events * round.followers() + 16];
    latencyCount.set(0);
    long[][] perNode = new long[ports.length][];
    for (int i = 0; i < ports.length; i++) {
      perNode[i] = new long[events * (round.followers() / ports.length + 1) + 16];
      nodeLatencyCount[i].set(0);
    }
    nodeLatencies = perNode;
    firstSeq = baseSeq + 1;
    sentAt = sent;
    List<long[]> before = new ArrayList<>();
    synchronized (followers) {
      for (Follower f : followers) {
        before.add(new long[] {f.received, f.outOfOrder});
      }
    }
    long cpuBefore = cpuTicks();
    sendAtRate(presenter, round.rate(), round.seconds(), sent);
    sleep(1500); // the last events arrive
    long cpuAfter = cpuTicks();
    long rss = rssKb();

    long delivered = 0;
    long lost = 0;
    long outOfOrder = 0;
    synchronized (followers) {
      for (int i = 0; i < followers.size(); i++) {
        Follower f = followers.get(i);
        long got = f.received - before.get(i)[0];
        delivered += got;
        lost += Math.max(0, events - got);
        outOfOrder += f.outOfOrder - before.get(i)[1];
      }
    }
    int n = Math.min(latencyCount.get(), latencies.length);
    long[] sample = Arrays.copyOf(latencies, n);
    Arrays.sort(sample);
    double cpuMicrosPerEvent = delivered == 0 ? 0 : (cpuAfter - cpuBefore) * (double) CLOCK_TICK_MICROS / delivered;
    System.out.printf("%-9d %-7d %-11.2f %-9.1f %-9.1f %-9.1f %-6d %-10d %-8d %-10.1f %-11d", round.followers(), round.rate(),
        connectSeconds, ms(percentile(sample, 0.50)), ms(percentile(sample, 0.99)), ms(n == 0 ? 0 : sample[n - 1]),
        lost, outOfOrder, rss / 1024, cpuMicrosPerEvent, delivered);
    if (ports.length > 1) {
      double[] p99 = new double[ports.length];
      for (int i = 0; i < ports.length; i++) {
        long[] mine = Arrays.copyOf(perNode[i], Math.min(nodeLatencyCount[i].get(), perNode[i].length));
        Arrays.sort(mine);
        p99[i] = ms(percentile(mine, 0.99));
      }
      System.out.printf(" %-14.1f %-14.1f %-15.1f", p99[0], p99[1], p99[1] - p99[0]);
    }
    System.out.println();
    presenter.close();
  }

  private void sendAtRate(WebSocket presenter, int rate, int seconds, long[] sentTimes) {
    int events = rate * seconds;
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      long due = start + i * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        sleepNanos(wait);
      }
      if (sentTimes != null) {
        sentTimes[i] = System.nanoTime();
      }
      sendCommand(presenter, new JsonObject().put("op", "page").put("page", 1 + (i + 1) % PAGES));
    }
  }

  private void sendCommand(WebSocket presenter, JsonObject body) {
    presenter.writeTextMessage(wrap(new JsonObject().put("type", "send").put("address", "meeting." + meetingId + ".command")
        .put("body", body).put("replyAddress", "bench-" + System.nanoTime()).encode()));
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private long cpuTicks() throws Exception {
    long ticks = 0;
    for (long pid : serverPids) {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }
    return ticks;
  }

  private long rssKb() throws Exception {
    long kb = 0;
    for (long pid : serverPids) {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    }
    return kb;
  }

  private static void sleep(long ms) {
    sleepNanos(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
