package org.paperlessroom.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.ext.web.sstore.impl.SharedDataSessionImpl;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Server-side sessions in PostgreSQL: they survive a restart (a phone stays signed in while the
 * server is upgraded) and every node of a cluster sees the same ones. Expired rows are swept every minute.
 */
public final class PgSessionStore implements SessionStore {
  private static final String SELECT = "SELECT data FROM http_sessions WHERE id = $1 AND expires_at > now()";
  private static final String INSERT = """
      INSERT INTO http_sessions (id, data, expires_at, version) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id) DO NOTHING""";
  private static final String UPDATE = """
      UPDATE http_sessions SET data = $2, expires_at = $3, version = $4 WHERE id = $1 AND version = $5""";
  private static final String DELETE = "DELETE FROM http_sessions WHERE id = $1";
  private static final String SWEEP = "DELETE FROM http_sessions WHERE expires_at <= now()";
  private static final String KEEP_ALIVE = """
      UPDATE http_sessions SET expires_at = GREATEST(expires_at, $2)
      WHERE id = ANY ($1) AND expires_at > now()""";

  private final Pool pool;
  /** Sessions read from the store (as opposed to created by this server): written back by UPDATE only. */
  private final java.util.Set<Session> loaded =
      java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));
  private Vertx vertx;
  private VertxContextPRNG random;
  private long sweeper = -1;

  public PgSessionStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public SessionStore init(Vertx vertx, JsonObject options) {
    this.vertx = vertx;
    this.random = VertxContextPRNG.current(vertx);
    this.sweeper = vertx.setPeriodic(60_000, id -> pool.query(SWEEP).execute());
    return this;
  }

  @Override
  public long retryTimeout() {
    return 0;
  }

  @Override
  public Session createSession(long timeout) {
    return createSession(timeout, DEFAULT_SESSIONID_LENGTH);
  }

  @Override
  public Session createSession(long timeout, int length) {
    return new SharedDataSessionImpl(random, timeout, length);
  }

  @Override
  public Future<Session> get(String id) {
    return pool.preparedQuery(SELECT).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      SharedDataSessionImpl session = new SharedDataSessionImpl(random);
      session.readFromBuffer(0, rows.iterator().next().getBuffer("data"));
      loaded.add(session);
      return session;
    });
  }

  @Override
  public Future<Void> delete(String id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }

  /**
   * A new (or newly renamed) session is inserted; a session read from the store is written back only
   * if nobody changed or deleted it meanwhile. A lost race keeps what is stored: the session another
   * request saved, or none after a sign-out.
   */
  @Override
  public Future<Void> put(Session session) {
    SharedDataSessionImpl s = (SharedDataSessionImpl) session;
    int readAt = s.version();
    boolean fresh = !loaded.contains(s) || s.isRegenerated();
    s.incrementVersion();
    Buffer data = Buffer.buffer();
    s.writeToBuffer(data);
    OffsetDateTime expires = OffsetDateTime.ofInstant(
        Instant.ofEpochMilli(s.lastAccessed() + s.timeout()), ZoneOffset.UTC);
    return (fresh
        ? pool.preparedQuery(INSERT).execute(Tuple.of(s.id(), data, expires, s.version()))
        : pool.preparedQuery(UPDATE).execute(Tuple.of(s.id(), data, expires, s.version(), readAt)))
        .mapEmpty();
  }

  /**
   * Keeps sessions alive that are in use without HTTP requests (a projector following the live room
   * all day): they expire no sooner than {@code idleMillis} from now. Expired ones stay expired.
   */
  public Future<Void> keepAlive(java.util.Collection<String> ids, long idleMillis) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    OffsetDateTime until = OffsetDateTime.ofInstant(Instant.now().plusMillis(idleMillis), ZoneOffset.UTC);
    return pool.preparedQuery(KEEP_ALIVE).execute(Tuple.of(ids.toArray(new String[0]), until)).mapEmpty();
  }

  @Override
  public Future<Void> clear() {
    return pool.query("DELETE FROM http_sessions").execute().mapEmpty();
  }

  @Override
  public Future<Integer> size() {
    return pool.query("SELECT count(*) FROM http_sessions WHERE expires_at > now()").execute()
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  @Override
  public void close() {
    if (sweeper != -1) {
      vertx.cancelTimer(sweeper);
    }
  }
}
