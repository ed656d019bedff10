package org.paperlessroom.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.Locale;

import static org.paperlessroom.web.Handlers.json;
import static org.paperlessroom.web.Handlers.noContent;

/** Administrators create, change, deactivate users and reset passwords; everyone may look people up. */
public final class UserRoutes {
  private static final String USERNAME = "^[a-z0-9][a-z0-9._-]{2,39}$";

  private final Pool pool;
  private final WorkerExecutor blocking;

  public UserRoutes(Pool pool, WorkerExecutor blocking) {
    this.pool = pool;
    this.blocking = blocking;
  }

  public void mount(Router router) {
    router.get("/api/users").handler(json(this::list));
    router.post("/api/users").handler(json(201, this::create));
    router.patch("/api/users/:userId").handler(json(this::update));
    router.post("/api/users/:userId/password").handler(noContent(this::resetPassword));
    router.get("/api/audit").handler(json(this::audit));
  }

  static String newPassword(RequestBody body, String field) {
    String password = body.requiredText(field, 1, 200);
    if (password.length() < 8) {
      throw ApiException.invalidField(field, "The password must have at least 8 characters.");
    }
    return password;
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Actor actor = CurrentUser.requireAccount(ctx);
    String q = ctx.queryParams().get("q");
    return UserRepository.list(pool, q == null || q.isBlank() ? null : RequestBody.nfc(q.strip())).map(users -> {
      JsonArray out = new JsonArray();
      users.stream().filter(u -> actor.admin() || u.active())
          .forEach(u -> out.add(actor.admin() ? u.toAdminJson() : u.toPublicJson()));
      return new JsonObject().put("users", out);
    });
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Actor admin = CurrentUser.requireAdmin(ctx);
    RequestBody body = RequestBody.of(ctx);
    String username = body.requiredText("username", 3, 40).toLowerCase(Locale.ROOT);
    if (!username.matches(USERNAME)) {
      throw ApiException.invalidField("username",
          "The username may use only letters a-z, digits, dot, dash and underscore (3 to 40).");
    }
    String displayName = body.requiredText("displayName", 1, 120);
    String position = body.optionalText("position", 0, 120).orElse("");
    String password = newPassword(body, "password");
    boolean isAdmin = body.optionalBoolean("admin").orElse(false);
    return blocking.executeBlocking(() -> PasswordHasher.hash(password), false)
        .compose(hash -> pool.withTransaction(sql -> UserRepository.insert(sql, username, displayName, position, hash, isAdmin)
            .compose(user -> AuditLog.record(sql, admin, "user.create", null,
                new JsonObject().put("userId", user.id()).put("username", username).put("admin", isAdmin)).map(user))))
        .recover(e -> Future.failedFuture(isUniqueViolation(e)
            ? ApiException.conflict("username_taken", "The username '" + username + "' is already taken.") : e))
        .map(user -> new JsonObject().put("user", user.toAdminJson()));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Actor admin = CurrentUser.requireAdmin(ctx);
    long userId = RequestBody.pathId(ctx, "userId");
    RequestBody body = RequestBody.of(ctx);
    var displayName = body.optionalText("displayName", 1, 120);
    var position = body.optionalText("position", 0, 120);
    var active = body.optionalBoolean("active");
    var isAdmin = body.optionalBoolean("admin");
    if (userId == admin.id() && (active.orElse(true) == false || isAdmin.orElse(true) == false)) {
      throw ApiException.conflict("own_account", "You cannot deactivate your own account or remove your own admin right.");
    }
    return pool.withTransaction(sql -> UserRepository.byId(sql, userId)
            .compose(found -> {
              Actor before = found.filter(u -> !u.guest()).orElseThrow(() -> ApiException.notFound("The user"));
              Actor after = new Actor(before.id(), before.username(), displayName.orElse(before.displayName()),
                  position.orElse(before.position()), isAdmin.orElse(before.admin()), before.guest(),
                  active.orElse(before.active()), before.sessionEpoch());
              return UserRepository.update(sql, after).compose(saved -> AuditLog.record(sql, admin, "user.update", null,
                      new JsonObject().put("userId", userId).put("before", before.toAdminJson()).put("after", after.toAdminJson()))
                  .map(saved.orElseThrow()));
            }))
        .onSuccess(user -> SessionEvents.accountChanged(ctx.vertx(), userId, null))
        .map(user -> new JsonObject().put("user", user.toAdminJson()));
  }

  private Future<Void> resetPassword(RoutingContext ctx) {
    Actor admin = CurrentUser.requireAdmin(ctx);
    long userId = RequestBody.pathId(ctx, "userId");
    String password = newPassword(RequestBody.of(ctx), "password");
    return blocking.executeBlocking(() -> PasswordHasher.hash(password), false)
        .compose(hash -> pool.withTransaction(sql -> UserRepository.setPassword(sql, userId, hash, true)
            .compose(changed -> changed
                ? AuditLog.record(sql, admin, "user.reset_password", null, new JsonObject().put("userId", userId))
                : Future.failedFuture(ApiException.notFound("The user")))))
        .onSuccess(v -> SessionEvents.accountChanged(ctx.vertx(), userId, null));
  }

  private Future<JsonObject> audit(RoutingContext ctx) {
    CurrentUser.requireAdmin(ctx);
    String meeting = ctx.queryParams().get("meetingId");
    String limit = ctx.queryParams().get("limit");
    Long meetingId;
    int max;
    try {
      meetingId = meeting == null || meeting.isBlank() ? null : Long.parseLong(meeting);
      max = limit == null ? 200 : Math.max(1, Math.min(1000, Integer.parseInt(limit)));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_query", "meetingId and limit must be whole numbers.");
    }
    return AuditLog.list(pool, meetingId, max).map(entries -> new JsonObject().put("entries", entries));
  }

  static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }
}
