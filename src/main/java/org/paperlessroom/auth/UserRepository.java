package org.paperlessroom.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for users. */
public final class UserRepository {
  private static final String BY_ID = "SELECT " + Actor.COLUMNS + " FROM users WHERE id = $1";
  private static final String CREDENTIALS = "SELECT " + Actor.COLUMNS + ", password_hash FROM users WHERE username = $1 AND NOT is_guest";
  private static final String PASSWORD_OF = "SELECT password_hash FROM users WHERE id = $1";
  private static final String LIST = "SELECT " + Actor.COLUMNS + " FROM users WHERE NOT is_guest"
      + " AND ($1::TEXT IS NULL OR display_name ILIKE '%' || $1 || '%' OR username ILIKE '%' || $1 || '%')"
      + " ORDER BY display_name LIMIT 500";
  private static final String INSERT = """
      INSERT INTO users (username, display_name, position, password_hash, is_admin)
      VALUES ($1, $2, $3, $4, $5) RETURNING """ + " " + Actor.COLUMNS;
  private static final String INSERT_GUEST = """
      INSERT INTO users (display_name, is_guest) VALUES ($1, true) RETURNING """ + " " + Actor.COLUMNS;
  private static final String UPDATE = """
      UPDATE users SET display_name = $2, position = $3, is_admin = $4, active = $5,
        session_epoch = session_epoch + CASE WHEN active AND NOT $5 THEN 1 ELSE 0 END
      WHERE id = $1 AND NOT is_guest RETURNING """ + " " + Actor.COLUMNS;
  private static final String SET_PASSWORD = """
      UPDATE users SET password_hash = $2, session_epoch = session_epoch + $3 WHERE id = $1 AND NOT is_guest""";
  private static final String COUNT = "SELECT count(*) FROM users WHERE NOT is_guest";

  private UserRepository() {
  }

  public static Future<Optional<Actor>> byId(SqlClient sql, long id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows ->
        rows.size() == 0 ? Optional.empty() : Optional.of(Actor.from(rows.iterator().next())));
  }

  /** The user and their password hash, for sign-in. */
  public static Future<Optional<Credentials>> credentials(SqlClient sql, String username) {
    return sql.preparedQuery(CREDENTIALS).execute(Tuple.of(username)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Credentials(Actor.from(row), row.getString("password_hash")));
    });
  }

  public record Credentials(Actor actor, String passwordHash) {
  }

  public static Future<String> passwordHashOf(SqlClient sql, long id) {
    return sql.preparedQuery(PASSWORD_OF).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  public static Future<List<Actor>> list(SqlClient sql, String query) {
    String pattern = query == null ? null : query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return sql.preparedQuery(LIST).execute(Tuple.of(pattern)).map(rows -> {
      List<Actor> users = new ArrayList<>();
      rows.forEach(row -> users.add(Actor.from(row)));
      return users;
    });
  }

  public static Future<Actor> insert(SqlClient sql, String username, String displayName, String position,
                                     String passwordHash, boolean admin) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(username, displayName, position, passwordHash, admin))
        .map(rows -> Actor.from(rows.iterator().next()));
  }

  public static Future<Actor> insertGuest(SqlClient sql, String displayName) {
    return sql.preparedQuery(INSERT_GUEST).execute(Tuple.of(displayName))
        .map(rows -> Actor.from(rows.iterator().next()));
  }

  public static Future<Optional<Actor>> update(SqlClient sql, Actor changed) {
    return sql.preparedQuery(UPDATE)
        .execute(Tuple.of(changed.id(), changed.displayName(), changed.position(), changed.admin(), changed.active()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Actor.from(rows.iterator().next())));
  }

  /** Sets a password; {@code endSessions} signs the user out everywhere (an administrator's reset). */
  public static Future<Boolean> setPassword(SqlClient sql, long id, String hash, boolean endSessions) {
    return sql.preparedQuery(SET_PASSWORD).execute(Tuple.of(id, hash, endSessions ? 1 : 0))
        .map(rows -> rows.rowCount() == 1);
  }

  public static Future<Long> count(SqlClient sql) {
    return sql.query(COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
  }
}
