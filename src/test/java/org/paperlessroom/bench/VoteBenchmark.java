package org.paperlessroom.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vote benchmark: N voting members (separate accounts, each signed in with its own session) cast
 * their ballots spread over one second, over real HTTP connections from this process (not the
 * server's JVM). Prints, for a named and a secret vote: how long until every ballot was acknowledged,
 * acknowledgements per second, p50/p99/max time to acknowledgement, refusals, and whether the
 * count the database made when the vote closed equals the number acknowledged.
 *
 * <p>Usage: VoteBenchmark --url http://127.0.0.1:PORT --admin-password PW [--voters 1000] [--spread-ms 1000]
 */
public final class VoteBenchmark {
  private static final String PASSWORD = "bench-password";

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final WebClient web;
  private final int voters;
  private final long spreadMs;
  private WebClientSession chair;
  private final List<WebClientSession> members = new ArrayList<>();
  private long meetingId;

  private VoteBenchmark(String url, int voters, long spreadMs) {
    URI uri = URI.create(url);
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(voters + 50));
    this.voters = voters;
    this.spreadMs = spreadMs;
  }

  public static void main(String[] args) throws Exception {
    VoteBenchmark bench = new VoteBenchmark(arg(args, "--url", null), Integer.parseInt(arg(args, "--voters", "1000")),
        Long.parseLong(arg(args, "--spread-ms", "1000")));
    try {
      long setUp = System.nanoTime();
      bench.setUp(arg(args, "--admin-password", null));
      System.out.printf("set-up: %d accounts signed in, meeting started, all checked in (%.0f s)%n%n",
          bench.voters, (System.nanoTime() - setUp) / 1e9);
      System.out.println("| vote | voters | cast over | all acknowledged after | acknowledged/s | p50 ms | p99 ms | max ms | refused | counted = acknowledged |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      bench.round(false);
      bench.round(true);
    } finally {
      bench.vertx.close().await();
    }
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    if (fallback == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return fallback;
  }

  private void setUp(String adminPassword) {
    WebClientSession admin = signIn("admin", adminPassword).await();
    JsonObject chairUser = createUser(admin, "Chủ trì bench").await();
    List<JsonObject> users = new ArrayList<>();
    // Accounts and sign-ins a few at a time (each hashes a password on the server).
    for (int from = 0; from < voters; from += 8) {
      List<Future<JsonObject>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(voters, from + 8); i++) {
        batch.add(createUser(admin, "Thành viên bench " + i));
      }
      Future.all(batch).await();
      batch.forEach(f -> users.add(f.result()));
    }
    JsonArray participants = new JsonArray().add(new JsonObject().put("userId", chairUser.getLong("id"))
        .put("roles", new JsonArray().add("chair")));
    JsonArray ids = new JsonArray();
    users.forEach(u -> {
      participants.add(new JsonObject().put("userId", u.getLong("id")).put("roles", new JsonArray().add("member")));
      ids.add(u.getLong("id"));
    });
    HttpResponse<Buffer> meeting = withCsrf(admin, admin.post("/api/meetings")).sendJsonObject(new JsonObject()
        .put("title", "Vote benchmark " + System.currentTimeMillis()).put("startsAt", "2026-12-01T01:00:00Z")
        .put("participants", participants)).await();
    expect(201, meeting);
    meetingId = meeting.bodyAsJsonObject().getJsonObject("meeting").getLong("id");
    chair = signIn(chairUser.getString("username"), PASSWORD).await();
    expect(200, withCsrf(chair, chair.post("/api/meetings/" + meetingId + "/start")).sendJsonObject(new JsonObject()).await());
    expect(200, withCsrf(chair, chair.put("/api/meetings/" + meetingId + "/attendance"))
        .sendJsonObject(new JsonObject().put("userIds", ids).put("status", "in_person")).await());
    for (int from = 0; from < voters; from += 8) {
      List<Future<WebClientSession>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(voters, from + 8); i++) {
        batch.add(signIn(users.get(i).getString("username"), PASSWORD));
      }
      Future.all(batch).await();
      batch.forEach(f -> members.add(f.result()));
    }
  }

  private void round(boolean secret) {
    HttpResponse<Buffer> created = withCsrf(chair, chair.post("/api/meetings/" + meetingId + "/votes"))
        .sendJsonObject(new JsonObject().put("question", "Benchmark " + (secret ? "secret" : "named")).put("secret", secret)).await();
    expect(201, created);
    long voteId = created.bodyAsJsonObject().getJsonObject("vote").getLong("id");
    expect(200, withCsrf(chair, chair.post("/api/votes/" + voteId + "/open")).sendJsonObject(new JsonObject()).await());
    // Every voter's connection is open and warm (each reads the vote, as the page does when it opens).
    List<Future<HttpResponse<Buffer>>> warm = new ArrayList<>();
    members.forEach(m -> warm.add(m.get("/api/votes/" + voteId).send()));
    Future.all(warm).await();

    long[] latency = new long[voters];
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    Promise<Long> allAnswered = Promise.promise();
    long start = System.nanoTime() + 50_000_000L;
    for (int i = 0; i < voters; i++) {
      int index = i;
      long at = start + (spreadMs * 1_000_000L * i) / voters;
      vertx.setTimer(Math.max(1, (at - System.nanoTime()) / 1_000_000L), t -> {
        WebClientSession voter = members.get(index);
        long sent = System.nanoTime();
        withCsrf(voter, voter.post("/api/votes/" + voteId + "/ballots")).sendJsonObject(new JsonObject()
                .put("clientId", UUID.randomUUID().toString()).put("choices", new JsonArray().add(index % 3)))
            .onComplete(ar -> {
              latency[index] = System.nanoTime() - sent;
              if (ar.succeeded() && ar.result().statusCode() == 200) {
                acknowledged.incrementAndGet();
              } else {
                refused.incrementAndGet();
              }
              if (answered.incrementAndGet() == voters) {
                allAnswered.complete(System.nanoTime());
              }
            });
      });
    }
    long end = allAnswered.future().await();
    long[] sorted = latency.clone();
    Arrays.sort(sorted);
    JsonObject vote = closedVote(voteId);
    int counted = vote.getJsonObject("result").getInteger("cast");
    double seconds = (end - start) / 1e9;
    System.out.printf("| %s | %d | %d ms | %.2f s | %.0f | %.1f | %.1f | %.1f | %d | %s |%n", secret ? "secret" : "named",
        voters, spreadMs, seconds, acknowledged.get() / seconds, ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.99)),
        ms(sorted[sorted.length - 1]), refused.get(),
        counted == acknowledged.get() ? "yes (" + counted + ")" : "NO: " + counted + " counted, " + acknowledged.get() + " acknowledged");
  }

  /** The vote once closed (by itself when everybody voted; by the chair otherwise). */
  private JsonObject closedVote(long voteId) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject vote = chair.get("/api/votes/" + voteId).send().await().bodyAsJsonObject().getJsonObject("vote");
      if ("closed".equals(vote.getString("status"))) {
        return vote;
      }
      vertx.timer(100).await();
    }
    HttpResponse<Buffer> closed = withCsrf(chair, chair.post("/api/votes/" + voteId + "/close")).sendJsonObject(new JsonObject()).await();
    expect(200, closed);
    return closed.bodyAsJsonObject().getJsonObject("vote");
  }

  private Future<WebClientSession> signIn(String username, String password) {
    WebClientSession session = WebClientSession.create(web);
    return session.get("/api/session").send()
        .compose(r -> withCsrf(session, session.post("/api/session"))
            .sendJsonObject(new JsonObject().put("username", username).put("password", password)))
        .compose(r -> r.statusCode() == 200 ? session.get("/api/session").send()
            : Future.failedFuture("sign-in of " + username + ": " + r.statusCode() + " " + r.bodyAsString()))
        .map(session);
  }

  private static <T> HttpRequest<T> withCsrf(WebClientSession session, HttpRequest<T> request) {
    for (var c : session.cookieStore().get(false, "127.0.0.1", "/api/session")) {
      if (c.name().equals("XSRF-TOKEN")) {
        request.putHeader("X-XSRF-TOKEN", c.value());
      }
    }
    return request;
  }

  private Future<JsonObject> createUser(WebClientSession admin, String displayName) {
    String username = "vb" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    return withCsrf(admin, admin.post("/api/users")).sendJsonObject(new JsonObject().put("username", username)
            .put("displayName", displayName).put("position", "").put("password", PASSWORD))
        .compose(r -> r.statusCode() == 201 ? Future.succeededFuture(r.bodyAsJsonObject().getJsonObject("user"))
            : Future.failedFuture("create user: " + r.statusCode() + " " + r.bodyAsString()));
  }

  private static void expect(int status, HttpResponse<Buffer> r) {
    if (r.statusCode() != status) {
      throw new IllegalStateException("expected " + status + " but got " + r.statusCode() + ": " + r.bodyAsString());
    }
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
