package org.paperlessroom.web;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret that signs CSRF tokens, made once per installation and kept in the database, so tokens
 * stay valid across restarts and on every node.
 */
public final class SigningSecret {
  private static final String INSERT = """
      INSERT INTO installation (key, value) VALUES ('signing_secret', $1) ON CONFLICT (key) DO NOTHING""";
  private static final String SELECT = "SELECT value FROM installation WHERE key = 'signing_secret'";

  private SigningSecret() {
  }

  public static Future<String> load(Pool pool) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return pool.preparedQuery(INSERT).execute(io.vertx.sqlclient.Tuple.of(HexFormat.of().formatHex(bytes)))
        .compose(v -> pool.query(SELECT).execute())
        .map(rows -> rows.iterator().next().getString(0));
  }
}
