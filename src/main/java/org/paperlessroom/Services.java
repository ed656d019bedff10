package org.paperlessroom;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import org.paperlessroom.admin.AdminRoutes;
import org.paperlessroom.agenda.AgendaRoutes;
import org.paperlessroom.agenda.PackRoutes;
import org.paperlessroom.agenda.RunRoutes;
import org.paperlessroom.agenda.SpeakerRoutes;
import org.paperlessroom.attendance.Attendance;
import org.paperlessroom.attendance.AttendanceRoutes;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.AdminBootstrap;
import org.paperlessroom.auth.AuthRoutes;
import org.paperlessroom.auth.CsrfGuard;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.auth.LoginThrottle;
import org.paperlessroom.auth.PgSessionStore;
import org.paperlessroom.auth.UserRoutes;
import org.paperlessroom.config.AppConfig;
import org.paperlessroom.db.Database;
import org.paperlessroom.document.DocumentDeletionRoutes;
import org.paperlessroom.document.DocumentRoutes;
import org.paperlessroom.document.DocumentStore;
import org.paperlessroom.document.OfficeConverter;
import org.paperlessroom.document.RenderQueue;
import org.paperlessroom.document.render.RenderPool;
import org.paperlessroom.live.LiveBridge;
import org.paperlessroom.cluster.ClusterNode;
import org.paperlessroom.live.LiveHub;
import org.paperlessroom.meeting.JoinRoutes;
import org.paperlessroom.meeting.MeetingRoutes;
import org.paperlessroom.minutes.MinutesRoutes;
import org.paperlessroom.vote.VoteRoutes;
import org.paperlessroom.vote.Votes;
import org.paperlessroom.web.Handlers;

import java.util.concurrent.TimeUnit;

/** The features of the application, wired once: each owns its routes; all share one access policy. */
public final class Services {
  public static final String SESSION_COOKIE = "paperless.session";
  private static final long JSON_BODY_LIMIT = 1024 * 1024;

  private final Vertx vertx;
  private final AppConfig config;
  private final Database database;
  private final WorkerExecutor blocking;
  private final AccessPolicy policy;
  private final PgSessionStore sessions;
  private final DocumentStore documents;
  private final RenderPool renderPool;
  private final RenderQueue renderQueue;
  private final OfficeConverter office;
  private final LiveHub liveHub;
  private final Votes votes;

  private Services(Vertx vertx, AppConfig config, Database database, WorkerExecutor blocking, ClusterNode node) {
    this.vertx = vertx;
    this.config = config;
    this.database = database;
    this.blocking = blocking;
    this.policy = new AccessPolicy(database.pool());
    this.sessions = new PgSessionStore(database.pool());
    this.sessions.init(vertx, new io.vertx.core.json.JsonObject());
    this.documents = new DocumentStore(config.documentsDir());
    this.renderPool = new RenderPool(vertx, config.renderSettings());
    this.renderQueue = new RenderQueue(database.pool(), renderPool, documents, blocking, node);
    this.renderQueue.adoptOrphans(vertx);
    this.office = new OfficeConverter(vertx, OfficeConverter.locate(config.sofficePath()),
        java.time.Duration.ofSeconds(config.officeTimeoutSeconds()));
    long idleMillis = TimeUnit.MINUTES.toMillis(config.sessionIdleMinutes());
    this.liveHub = new LiveHub(vertx, database.pool(), policy, ids -> sessions.keepAlive(ids, idleMillis), node);
    this.votes = new Votes(vertx, database.pool(), liveHub);
  }

  /**
   * Votes left open by a previous run: countdowns rescheduled, open votes back in the live state.
   * Called once the server listens (the hub then runs; nothing is started for a server that failed).
   */
  Future<Void> resumeVotes() {
    return votes.resume();
  }

  public LiveHub liveHub() {
    return liveHub;
  }

  public RenderQueue renderQueue() {
    return renderQueue;
  }

  static Future<Services> create(Vertx vertx, WorkerExecutor blocking, AppConfig config, Database database, ClusterNode node) {
    return AdminBootstrap.ensureAdmin(database.pool(), blocking, config.adminPassword())
        .map(v -> new Services(vertx, config, database, blocking, node))
        .compose(services -> services.renderQueue.resumeUnfinished().map(services));
  }

  public AccessPolicy accessPolicy() {
    return policy;
  }

  void mount(Router router) {
    long idleMillis = TimeUnit.MINUTES.toMillis(config.sessionIdleMinutes());
    BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
    DocumentRoutes documentRoutes = new DocumentRoutes(database.pool(), policy, documents, renderPool, renderQueue,
        office, blocking, config.maxUploadBytes(), liveHub,
        vertx.createSharedWorkerExecutor("paperless-watermark", 2));
    var uploadBody = documentRoutes.uploadBody(SESSION_COOKIE);
    router.route("/api/*").handler(ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      boolean multipart = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
      (multipart ? uploadBody : jsonBody).handle(ctx);
    });
    router.route("/api/*").failureHandler(ctx -> {
      // The upload's size limit, hit while streaming a body without a length: say which limit.
      if (ctx.statusCode() == 413 && ctx.failure() == null) {
        ctx.fail(documentRoutes.tooLarge());
      } else {
        ctx.next();
      }
    });
    SessionHandler sessionHandler = SessionHandler.create(sessions)
        .setSessionCookieName(SESSION_COOKIE)
        .setSessionTimeout(idleMillis)
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.LAX)
        .setCookieSecureFlag(config.secureCookies())
        .setLazySession(true);
    CurrentUser currentUser = new CurrentUser(database.pool());
    router.route("/api/*").handler(sessionHandler);
    router.route("/api/*").handler(ctx -> Handlers.useSessionHandler(ctx, sessionHandler));
    router.route("/api/*").handler(new CsrfGuard(config.secureCookies())::handle);
    router.route("/api/*").handler(currentUser::handle);
    // The live room's bridge: signed in by the same session cookie; the hub runs on this context.
    LiveBridge bridge = new LiveBridge(liveHub, config.publicUrl());
    liveHub.start();
    // A WebSocket upgrade waits paused while the session is looked up; SockJS's HTTP transports read their body first.
    BodyHandler bridgeBody = BodyHandler.create(false).setBodyLimit(LiveBridge.MAX_FRAME_BYTES * 4L);
    router.route("/eventbus/*").handler(ctx -> {
      if (isUpgrade(ctx)) {
        ctx.request().pause();
        ctx.next();
      } else {
        bridgeBody.handle(ctx);
      }
    });
    router.route("/eventbus/*").handler(bridge::checkOrigin);
    router.route("/eventbus/*").handler(sessionHandler);
    router.route("/eventbus/*").handler(ctx -> {
      if (isUpgrade(ctx)) {
        ctx.request().pause(); // the session handler resumed it
      }
      ctx.next();
    });
    router.route("/eventbus/*").handler(currentUser::handle);
    router.route("/eventbus/*").handler(ctx -> {
      if (CurrentUser.of(ctx) == null) {
        ctx.fail(org.paperlessroom.web.ApiException.unauthorized()); // nothing to follow without signing in
      } else {
        ctx.next();
      }
    });
    router.get("/eventbus/websocket").handler(bridge::plainWebSocket);
    router.getWithRegex("/eventbus/[^/.]+/[^/.]+/websocket").handler(bridge::sockJsWebSocket);
    router.route("/eventbus/*").subRouter(bridge.router(vertx));
    router.get("/api/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .sendFile("openapi.yaml"));

    LoginThrottle throttle = new LoginThrottle(config.loginFailuresPerUser(), config.loginFailuresPerAddress(), 60_000);
    if (liveHub.node().clustered()) {
      throttle.shareWith(vertx, liveHub.node().id());
    }
    new AuthRoutes(database.pool(), blocking, throttle,
        config.trustedProxies()).mount(router);
    new UserRoutes(database.pool(), blocking).mount(router);
    new MeetingRoutes(database.pool(), policy, config, blocking).mount(router);
    new JoinRoutes(database.pool(), policy).mount(router);
    documentRoutes.mount(router);
    Attendance attendance = new Attendance(database.pool(), liveHub);
    attendance.start(vertx);
    new AttendanceRoutes(database.pool(), policy, attendance, config.timeZone()).mount(router);
    new AgendaRoutes(database.pool(), policy, liveHub).mount(router);
    new RunRoutes(database.pool(), policy, liveHub, attendance).mount(router);
    new SpeakerRoutes(database.pool(), policy, liveHub).mount(router);
    new PackRoutes(vertx, database.pool(), policy, documents, renderPool, config.dataDir().resolve("tmp"),
        config.publicUrl(), config.timeZone()).mount(router);
    new VoteRoutes(database.pool(), policy, votes).mount(router);
    new MinutesRoutes(database.pool(), policy, blocking, config.timeZone()).mount(router);
    new org.paperlessroom.ops.BackupRoutes(database, config, blocking).mount(router);
    new DocumentDeletionRoutes(database.pool(), policy, liveHub).mount(router);
    new AdminRoutes(database.pool(), blocking, documents, config.dataDir(), liveHub).mount(router);
  }

  private static boolean isUpgrade(io.vertx.ext.web.RoutingContext ctx) {
    return "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
  }

  Future<Void> close() {
    return liveHub.stop(3000).eventually(() -> {
      sessions.close();
      renderPool.close();
      return Future.succeededFuture();
    });
  }
}
