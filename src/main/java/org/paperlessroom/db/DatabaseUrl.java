package org.paperlessroom.db;

import io.vertx.pgclient.PgConnectOptions;
import org.paperlessroom.config.ConfigException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where the database is: parsed once from {@code postgresql://user:pass@host:port/db}. */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public static DatabaseUrl parse(String url) {
    try {
      URI uri = URI.create(url.trim());
      String scheme = uri.getScheme();
      if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
        throw new IllegalArgumentException("scheme");
      }
      String user = "postgres";
      String password = "";
      String userInfo = uri.getRawUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
      }
      String db = uri.getPath() == null || uri.getPath().length() <= 1 ? user : uri.getPath().substring(1);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("host");
      }
      return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db, user, password);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("PAPERLESS_DB_URL must look like postgresql://user:password@host:5432/database");
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host).setPort(port).setDatabase(database)
        .setUser(user).setPassword(password)
        .setCachePreparedStatements(true);
  }

  /** For log lines: never prints the password. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
