package org.paperlessroom.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.PasswordHasher;
import org.paperlessroom.auth.UserRepository;
import org.paperlessroom.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/run --demo} (PAPERLESS_DEMO=true): on a database without meetings, creates a demo
 * meeting — accounts for a chair, a secretary, a presenter and three members (passwords generated
 * and printed once, demo only), the sample slide deck, an agenda and the start of the minutes — and
 * prints where to go as presenter, attendee (with the join QR code) and projector. It goes through
 * the server's own API, as a person would. A database that has meetings, or demo accounts, is left
 * exactly as it is.
 */
public final class DemoSeed {
  private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

  private record Account(String username, String name, String position, String role) {
  }

  private static final List<Account> ACCOUNTS = List.of(
      new Account("demo.chutri", "Nguyễn Văn Bình", "Viện trưởng", "chair"),
      new Account("demo.thuky", "Lê Thị Hoa", "Chuyên viên", "secretary"),
      new Account("demo.trinhbay", "Trần Minh Đức", "Phó Viện trưởng", "presenter"),
      new Account("demo.thanhvien1", "Phạm Thu Hà", "Kiểm sát viên", "member"),
      new Account("demo.thanhvien2", "Hoàng Văn Nam", "Kiểm sát viên", "member"),
      new Account("demo.thanhvien3", "Vũ Thị Lan", "Kiểm tra viên", "member"));

  private DemoSeed() {
  }

  /** Seeds when the database has no meetings and no demo accounts; the future completes when the meeting is ready to open. */
  public static Future<Void> run(Vertx vertx, Pool pool, WorkerExecutor blocking, AppConfig config, int port) {
    return pool.query("SELECT (SELECT count(*) FROM meetings) AS meetings,"
        + " (SELECT count(*) FROM users WHERE username LIKE 'demo.%') AS demo").execute().compose(rows -> {
          var row = rows.iterator().next();
          if (row.getLong("meetings") > 0 || row.getLong("demo") > 0) {
            System.out.println("  Demo: this database already has meetings or demo accounts; nothing was added or changed.");
            return Future.succeededFuture();
          }
          return seed(vertx, pool, blocking, config, port);
        });
  }

  private static Future<Void> seed(Vertx vertx, Pool pool, WorkerExecutor blocking, AppConfig config, int port) {
    List<String> passwords = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < ACCOUNTS.size(); i++) {
      StringBuilder p = new StringBuilder();
      for (int c = 0; c < 10; c++) {
        p.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      passwords.add(p.toString());
    }
    String host = List.of("0.0.0.0", "::", "[::]").contains(config.httpHost()) ? "127.0.0.1" : config.httpHost();
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port));
    return blocking.executeBlocking(() -> passwords.stream().map(PasswordHasher::hash).toList(), false)
        .compose(hashes -> pool.withTransaction(sql -> {
          Future<List<Long>> ids = Future.succeededFuture(new ArrayList<>());
          for (int i = 0; i < ACCOUNTS.size(); i++) {
            Account a = ACCOUNTS.get(i);
            String hash = hashes.get(i);
            ids = ids.compose(list -> UserRepository.insert(sql, a.username(), a.name(), a.position(), hash, false)
                .map(actor -> {
                  list.add(actor.id());
                  return list;
                }));
          }
          return ids.compose(list -> AuditLog.record(sql, null, "demo.seed", null, new JsonObject().put("users", new JsonArray(list)))
              .map(list));
        }))
        .compose(ids -> signIn(web, host, ACCOUNTS.get(0).username(), passwords.get(0))
            .compose(chair -> createMeeting(chair, config, ids)
                .compose(meeting -> blocking.executeBlocking(DemoDeck::pdf, false)
                    .compose(deckPdf -> upload(chair, meeting.getLong("id"), deckPdf))
                    .compose(deck -> agenda(chair, meeting.getLong("id"), ids, deck))
                    .compose(v -> signIn(web, host, ACCOUNTS.get(1).username(), passwords.get(1)))
                    .compose(secretary -> minutesTemplate(secretary, meeting.getLong("id")))
                    .map(v -> {
                      print(config, meeting, passwords);
                      return (Void) null;
                    }))))
        .onFailure(e -> System.err.println("  Demo: the demo meeting could not be created (" + e.getMessage()
            + "). Start again with an empty data directory to retry."))
        .eventually(() -> {
          web.close();
          return Future.succeededFuture();
        });
  }

  /**
   * The seeding talks to this server directly over plain http; with an https public URL its cookies
   * are marked Secure, which a client would otherwise keep to itself over http.
   */
  private static final class DirectCookies implements io.vertx.ext.web.client.spi.CookieStore {
    private final io.vertx.ext.web.client.spi.CookieStore kept = io.vertx.ext.web.client.spi.CookieStore.build();
    private final String host;

    DirectCookies(String host) {
      this.host = host;
    }

    /** The CSRF token the server handed out (its cookie). */
    String xsrf() {
      for (var c : kept.get(true, host, "/api/session")) {
        if (c.name().equals("XSRF-TOKEN")) {
          return c.value();
        }
      }
      return null;
    }

    @Override
    public Iterable<io.netty.handler.codec.http.cookie.Cookie> get(Boolean ssl, String domain, String path) {
      return kept.get(true, domain, path);
    }

    @Override
    public io.vertx.ext.web.client.spi.CookieStore put(io.netty.handler.codec.http.cookie.Cookie cookie) {
      kept.put(cookie);
      return this;
    }

    @Override
    public io.vertx.ext.web.client.spi.CookieStore remove(io.netty.handler.codec.http.cookie.Cookie cookie) {
      kept.remove(cookie);
      return this;
    }
  }

  private static Future<WebClientSession> signIn(WebClient web, String host, String username, String password) {
    WebClientSession session = WebClientSession.create(web, new DirectCookies(host));
    return session.get("/api/session").send()
        .compose(r -> csrf(session, session.post("/api/session"))
            .sendJsonObject(new JsonObject().put("username", username).put("password", password)))
        .compose(r -> expect(200, r))
        .compose(r -> session.get("/api/session").send())
        .map(session);
  }

  private static Future<JsonObject> createMeeting(WebClientSession chair, AppConfig config, List<Long> ids) {
    JsonArray participants = new JsonArray();
    for (int i = 0; i < ACCOUNTS.size(); i++) {
      String role = ACCOUNTS.get(i).role();
      JsonArray roles = new JsonArray().add(role);
      if (role.equals("chair") || role.equals("presenter")) {
        roles.add("member");
      }
      participants.add(new JsonObject().put("userId", ids.get(i)).put("roles", roles));
    }
    ZonedDateTime tomorrow = ZonedDateTime.now(config.timeZone()).plusDays(1).with(LocalTime.of(8, 0));
    return csrf(chair, chair.post("/api/meetings")).sendJsonObject(new JsonObject()
            .put("title", "Họp giao ban tháng 12 (bản trình diễn)").put("startsAt", tomorrow.toInstant().toString())
            .put("location", "Phòng họp tầng 2").put("description", "Cuộc họp mẫu để dùng thử Phòng họp không giấy.")
            .put("participants", participants))
        .compose(r -> expect(201, r)).map(r -> r.bodyAsJsonObject().getJsonObject("meeting"));
  }

  private static Future<Long> upload(WebClientSession chair, long meetingId, byte[] deck) {
    MultipartForm form = MultipartForm.create().attribute("classified", "false")
        .binaryFileUpload("file", "bao-cao-thang-11.pdf", Buffer.buffer(deck), "application/pdf");
    return csrf(chair, chair.post("/api/meetings/" + meetingId + "/documents")).sendMultipartForm(form)
        .compose(r -> expect(201, r)).map(r -> r.bodyAsJsonObject().getJsonObject("document").getLong("id"));
  }

  private static Future<Void> agenda(WebClientSession chair, long meetingId, List<Long> ids, long deck) {
    List<JsonObject> items = List.of(
        new JsonObject().put("title", "Khai mạc, giới thiệu thành phần").put("plannedMinutes", 5).put("presenterId", ids.get(0)),
        new JsonObject().put("title", "Báo cáo kết quả công tác tháng 11").put("plannedMinutes", 20).put("presenterId", ids.get(2))
            .put("documentIds", new JsonArray().add(deck)),
        new JsonObject().put("title", "Thảo luận, biểu quyết phương hướng tháng 12").put("plannedMinutes", 25),
        new JsonObject().put("title", "Kết luận của chủ trì").put("plannedMinutes", 10).put("presenterId", ids.get(0)));
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject item : items) {
      chain = chain.compose(v -> csrf(chair, chair.post("/api/meetings/" + meetingId + "/agenda")).sendJsonObject(item)
          .compose(r -> expect(201, r)).mapEmpty());
    }
    return chain;
  }

  private static Future<Void> minutesTemplate(WebClientSession secretary, long meetingId) {
    List<JsonObject> fields = List.of(
        new JsonObject().put("field", "general:number").put("content", "01/BB-VKS"),
        new JsonObject().put("field", "general:recipients").put("content", "Viện trưởng;\nCác Phó Viện trưởng;\nCác phòng nghiệp vụ;"),
        new JsonObject().put("field", "general:opening").put("content", "Chủ trì tuyên bố lý do, giới thiệu thành phần tham dự."));
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject f : fields) {
      chain = chain.compose(v -> csrf(secretary, secretary.put("/api/meetings/" + meetingId + "/minutes/fields/" + f.getString("field")))
          .sendJsonObject(new JsonObject().put("content", f.getString("content")).put("baseVersion", 0))
          .compose(r -> expect(200, r)).mapEmpty());
    }
    return chain;
  }

  private static void print(AppConfig config, JsonObject meeting, List<String> passwords) {
    String base = config.publicUrl();
    long id = meeting.getLong("id");
    StringBuilder out = new StringBuilder("\n  ── Demo meeting created (DEMO ONLY: these passwords are for trying it out; shown once) ──\n\n");
    String[] roles = {"Chủ trì (chair)", "Thư ký (secretary)", "Người trình bày (presenter)", "Thành viên (member)",
        "Thành viên (member)", "Thành viên (member)"};
    for (int i = 0; i < ACCOUNTS.size(); i++) {
      out.append(String.format("    %-28s %-17s %s   %s%n", roles[i], ACCOUNTS.get(i).username(), passwords.get(i),
          ACCOUNTS.get(i).name()));
    }
    out.append("\n    Chair / presenter: ").append(base).append("/live.html?id=").append(id)
        .append("   (sign in as demo.chutri or demo.trinhbay)\n")
        .append("    Attendees:         ").append(meeting.getString("joinUrl")).append("   (join code ")
        .append(meeting.getString("joinCode")).append(") — scan:\n\n")
        .append(TerminalQr.draw(meeting.getString("joinUrl")))
        .append("\n    Projector:         ").append(base).append("/live.html?id=").append(id).append("&projector=1\n")
        .append("    Minutes:           ").append(base).append("/minutes.html?id=").append(id).append("   (demo.thuky writes)\n\n");
    System.out.print(out);
  }

  private static <T> HttpRequest<T> csrf(WebClientSession session, HttpRequest<T> request) {
    String token = ((DirectCookies) session.cookieStore()).xsrf();
    if (token != null) {
      request.putHeader("X-XSRF-TOKEN", token);
    }
    return request;
  }

  private static Future<HttpResponse<Buffer>> expect(int status, HttpResponse<Buffer> r) {
    return r.statusCode() == status ? Future.succeededFuture(r)
        : Future.failedFuture("the demo set-up got " + r.statusCode() + ": " + r.bodyAsString());
  }
}
