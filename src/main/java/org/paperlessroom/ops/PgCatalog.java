package org.paperlessroom.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What backup and restore need to know about the application's schema, read from PostgreSQL's catalog (JDBC, blocking). */
final class PgCatalog {
  static final String SCHEMA = "public";
  /** Flyway's own table: not data. Its newest version is recorded as the backup's schema version. */
  static final String FLYWAY_TABLE = "flyway_schema_history";
  /** Sessions are not backed up: after a restore everybody signs in again. */
  static final String SESSIONS_TABLE = "http_sessions";
  /** Filled by the first migration itself (the installation's creation time), so it does not make a database "not empty". */
  static final String INSTALLATION_TABLE = "installation";

  private PgCatalog() {
  }

  /** A sequence, the column it numbers (if any) and where it stands. */
  record Sequence(String name, String table, String column, long lastValue, boolean isCalled) {
  }

  /** Every ordinary table of the application's schema, by name. */
  static List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("""
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1""")) {
      st.setString(1, SCHEMA);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** The tables in an order where every table comes after the tables its foreign keys point to. */
  static List<String> parentsFirst(Connection c, List<String> tables) throws SQLException {
    Map<String, Set<String>> parents = new HashMap<>();
    try (PreparedStatement st = c.prepareStatement("""
        SELECT ch.relname, pa.relname FROM pg_constraint k
        JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = ch.relnamespace
        WHERE k.contype = 'f' AND n.nspname = ?""")) {
      st.setString(1, SCHEMA);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (!rs.getString(1).equals(rs.getString(2))) {
            parents.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
          }
        }
      }
    }
    return parentsFirst(tables, parents);
  }

  static List<String> parentsFirst(List<String> tables, Map<String, Set<String>> parents) {
    Set<String> remaining = new TreeSet<>(tables);
    List<String> ordered = new ArrayList<>();
    while (!remaining.isEmpty()) {
      String next = null;
      for (String t : remaining) {
        boolean ready = true;
        for (String p : parents.getOrDefault(t, Set.of())) {
          if (remaining.contains(p)) {
            ready = false;
            break;
          }
        }
        if (ready) {
          next = t;
          break;
        }
      }
      // A cycle of foreign keys (none in this schema): the rest in name order; the load does not depend on it.
      String chosen = next != null ? next : remaining.iterator().next();
      ordered.add(chosen);
      remaining.remove(chosen);
    }
    return ordered;
  }

  /** The columns a COPY reads and writes (generated columns excluded), in table order. */
  static List<String> columns(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("""
        SELECT a.attname FROM pg_attribute a
        WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY a.attnum""")) {
      st.setString(1, qualified(table));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Every sequence of the schema with the column it belongs to and its current value. */
  static List<Sequence> sequences(Connection c) throws SQLException {
    record Owned(String name, String table, String column) {
    }
    List<Owned> owned = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("""
        SELECT s.relname, t.relname, a.attname
        FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
        LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        LEFT JOIN pg_class t ON t.oid = d.refobjid
        LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S' AND n.nspname = ? ORDER BY 1""")) {
      st.setString(1, SCHEMA);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          owned.add(new Owned(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    List<Sequence> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    try (Statement st = c.createStatement()) {
      for (Owned o : owned) {
        if (!seen.add(o.name())) {
          continue;
        }
        try (ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + qualified(o.name()))) {
          rs.next();
          out.add(new Sequence(o.name(), o.table(), o.column(), rs.getLong(1), rs.getBoolean(2)));
        }
      }
    }
    return out;
  }

  /** The newest migration applied (Flyway's history), or empty when the schema was never migrated. */
  static Optional<String> schemaVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + SCHEMA + "." + FLYWAY_TABLE + "') IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return Optional.empty();
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT version FROM " + qualified(FLYWAY_TABLE)
          + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static long count(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + qualified(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String qualified(String name) {
    return SCHEMA + "." + quote(name);
  }

  static String columnList(List<String> columns) {
    StringBuilder out = new StringBuilder();
    for (String column : columns) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(quote(column));
    }
    return out.toString();
  }
}
