package org.paperlessroom.auth;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.web.ApiException;

/**
 * Loads the signed-in person of each API request from the session, and checks against the database
 * that the account is still active and the session not older than the last deactivation or reset.
 */
public final class CurrentUser {
  static final String USER_ID = "uid";
  static final String EPOCH = "epoch";
  private static final String KEY = "actor";

  private final Pool pool;

  public CurrentUser(Pool pool) {
    this.pool = pool;
  }

  public void handle(RoutingContext ctx) {
    Session session = ctx.session();
    Long userId = session == null ? null : session.get(USER_ID);
    if (userId == null) {
      ctx.next();
      return;
    }
    Integer epoch = session.get(EPOCH);
    UserRepository.byId(pool, userId).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      var actor = ar.result();
      if (actor.isPresent() && actor.get().active() && epoch != null && epoch == actor.get().sessionEpoch()) {
        ctx.put(KEY, actor.get());
      } else {
        session.destroy();
      }
      ctx.next();
    });
  }

  /** Marks the session as belonging to {@code actor} (a new session id: no fixation). */
  public static void signIn(RoutingContext ctx, Actor actor) {
    ctx.session().regenerateId();
    ctx.session().put(USER_ID, actor.id());
    ctx.session().put(EPOCH, actor.sessionEpoch());
    ctx.put(KEY, actor);
  }

  public static void signOut(RoutingContext ctx) {
    if (ctx.session() != null) {
      ctx.session().destroy();
    }
    ctx.remove(KEY);
  }

  /** The signed-in person, or null. */
  public static Actor of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** The signed-in person; a 401 otherwise. */
  public static Actor require(RoutingContext ctx) {
    Actor actor = of(ctx);
    if (actor == null) {
      throw ApiException.unauthorized();
    }
    return actor;
  }

  /** A signed-in person with an account (not a guest who joined with a name). */
  public static Actor requireAccount(RoutingContext ctx) {
    Actor actor = require(ctx);
    if (actor.guest()) {
      throw ApiException.forbidden("Guests cannot do this; please sign in with an account.");
    }
    return actor;
  }

  public static Actor requireAdmin(RoutingContext ctx) {
    Actor actor = require(ctx);
    if (!actor.admin()) {
      throw ApiException.forbidden("Only an administrator may do this.");
    }
    return actor;
  }
}
