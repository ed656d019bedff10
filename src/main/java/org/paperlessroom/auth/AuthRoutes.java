package org.paperlessroom.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.Locale;
import java.util.OptionalLong;

import static org.paperlessroom.web.Handlers.json;
import static org.paperlessroom.web.Handlers.noContent;

/** Sign in, sign out, who am I, change my password. */
public final class AuthRoutes {
  static final String BAD_CREDENTIALS = "Wrong username or password.";

  private final Pool pool;
  private final WorkerExecutor blocking;
  private final LoginThrottle throttle;
  private final java.util.Set<String> trustedProxies;

  public AuthRoutes(Pool pool, WorkerExecutor blocking, LoginThrottle throttle, java.util.Set<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
    this.pool = pool;
    this.blocking = blocking;
    this.throttle = throttle;
  }

  public void mount(Router router) {
    router.get("/api/session").handler(json(this::current));
    router.post("/api/session").handler(json(this::signIn));
    router.delete("/api/session").handler(noContent(this::signOut));
    router.post("/api/me/password").handler(noContent(this::changeOwnPassword));
  }

  private Future<JsonObject> current(RoutingContext ctx) {
    Actor actor = CurrentUser.of(ctx);
    return Future.succeededFuture(new JsonObject().put("user", actor == null ? null : actor.toJson())
        .put("csrfToken", CsrfGuard.tokenOf(ctx)));
  }

  private Future<JsonObject> signIn(RoutingContext ctx) {
    RequestBody body = RequestBody.of(ctx);
    String username = body.requiredText("username", 1, 100).toLowerCase(Locale.ROOT);
    String password = body.requiredText("password", 1, 200);
    String userKey = "u:" + username;
    String ipKey = "ip:" + org.paperlessroom.web.ClientAddress.of(ctx, trustedProxies);
    OptionalLong wait = throttle.retryAfterSeconds(System.currentTimeMillis(), userKey, ipKey);
    if (wait.isPresent()) {
      ctx.response().putHeader("Retry-After", Long.toString(wait.getAsLong()));
      return Future.failedFuture(new ApiException(429, "too_many_attempts",
          "Too many failed sign-in attempts. Try again in " + wait.getAsLong() + " seconds."));
    }
    // Counted before the (slow) check, so that many attempts in parallel cannot slip past the limit.
    long attemptTime = System.currentTimeMillis();
    throttle.recordFailure(attemptTime, userKey, ipKey);
    return UserRepository.credentials(pool, username)
        .compose(found -> blocking.executeBlocking(() -> {
          if (found.isEmpty()) {
            PasswordHasher.verifyDummy(password);
            return null;
          }
          boolean ok = PasswordHasher.verify(password, found.get().passwordHash());
          return ok && found.get().actor().active() ? found.get().actor() : null;
        }, false))
        .compose(actor -> {
          if (actor == null) {
            return Future.failedFuture(new ApiException(401, "bad_credentials", BAD_CREDENTIALS));
          }
          throttle.forgive(attemptTime, ipKey);
          throttle.reset(userKey);
          CurrentUser.signIn(ctx, actor);
          return AuditLog.record(pool, actor, "user.sign_in", null, new JsonObject())
              .map(v -> new JsonObject().put("user", actor.toJson()));
        });
  }

  private Future<Void> signOut(RoutingContext ctx) {
    String sessionId = ctx.session() == null ? null : ctx.session().id();
    CurrentUser.signOut(ctx);
    SessionEvents.signedOut(ctx.vertx(), sessionId);
    return Future.succeededFuture();
  }

  private Future<Void> changeOwnPassword(RoutingContext ctx) {
    Actor actor = CurrentUser.requireAccount(ctx);
    RequestBody body = RequestBody.of(ctx);
    String current = body.requiredText("currentPassword", 1, 200);
    String next = UserRoutes.newPassword(body, "newPassword");
    return UserRepository.passwordHashOf(pool, actor.id())
        .compose(hash -> blocking.executeBlocking(() ->
            PasswordHasher.verify(current, hash) ? PasswordHasher.hash(next) : null, false))
        .compose(newHash -> {
          if (newHash == null) {
            return Future.failedFuture(ApiException.forbidden("The current password is not right."));
          }
          // Other devices are signed out; this one stays signed in.
          return pool.withTransaction(sql -> UserRepository.setPassword(sql, actor.id(), newHash, true)
                  .compose(v -> AuditLog.record(sql, actor, "user.change_password", null, new JsonObject())))
              .onSuccess(v -> {
                ctx.session().put(CurrentUser.EPOCH, actor.sessionEpoch() + 1);
                SessionEvents.accountChanged(ctx.vertx(), actor.id(), ctx.session().id());
              });
        });
  }
}
