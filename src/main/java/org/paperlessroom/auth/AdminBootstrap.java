package org.paperlessroom.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * On the very first start (no accounts yet) creates the administrator {@code admin}, with the password
 * from {@code PAPERLESS_ADMIN_PASSWORD} or a generated one printed once.
 */
public final class AdminBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
  public static final String USERNAME = "admin";
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private AdminBootstrap() {
  }

  public static Future<Void> ensureAdmin(Pool pool, WorkerExecutor blocking, Optional<String> configured) {
    return UserRepository.count(pool).compose(count -> {
      if (count > 0) {
        return Future.succeededFuture();
      }
      String password = configured.orElseGet(AdminBootstrap::generate);
      return blocking.executeBlocking(() -> PasswordHasher.hash(password), false)
          .compose(hash -> pool.withTransaction(sql ->
              UserRepository.insert(sql, USERNAME, "Quản trị viên", "", hash, true)
                  .compose(admin -> AuditLog.record(sql, null, "user.create_first_admin", null,
                      new JsonObject().put("userId", admin.id())))))
          .onSuccess(v -> {
            if (configured.isPresent()) {
              LOG.info("Created the first administrator '{}' with the password from PAPERLESS_ADMIN_PASSWORD", USERNAME);
            } else {
              System.out.println();
              System.out.println("  First administrator created. Sign in with");
              System.out.println("    username: " + USERNAME);
              System.out.println("    password: " + password);
              System.out.println("  This password is shown only this once: write it down, then change it.");
              System.out.println();
            }
          })
          .mapEmpty();
    });
  }

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
