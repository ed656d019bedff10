package org.paperlessroom.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.TestApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class SessionStoreTest {
  @Test
  void aSignedOutSessionIsNotBroughtBackByARequestThatWasStillRunning() {
    Vertx vertx = TestApp.get().vertx();
    PgSessionStore store = new PgSessionStore(TestApp.get().database().pool());
    store.init(vertx, new JsonObject());
    try {
      Session created = store.createSession(60_000);
      created.put("uid", 42L);
      store.put(created).await();
      Session inFlight = store.get(created.id()).await();   // a request that started before sign-out
      assertNotNull(inFlight);
      assertEquals(42L, (Long) inFlight.get("uid"));
      Session signingOut = store.get(created.id()).await();
      store.delete(signingOut.id()).await();                // sign-out
      inFlight.put("touched", true);
      store.put(inFlight).await();                          // the old request ends and stores its copy
      assertNull(store.get(created.id()).await(), "the session stays gone");
    } finally {
      store.close();
    }
  }

  @Test
  void concurrentCopiesDoNotOverwriteEachOther() {
    PgSessionStore store = new PgSessionStore(TestApp.get().database().pool());
    store.init(TestApp.get().vertx(), new JsonObject());
    try {
      Session created = store.createSession(60_000);
      store.put(created).await();
      Session a = store.get(created.id()).await();
      Session b = store.get(created.id()).await();
      a.put("csrf", "from-a");
      store.put(a).await();
      b.put("csrf", "from-b");
      store.put(b).await();
      assertEquals("from-a", store.get(created.id()).await().get("csrf"), "the first save stands, not a stale copy");
    } finally {
      store.close();
    }
  }

  @Test
  void aSessionInUseByALiveSocketIsKeptAliveAndAnExpiredOneStaysExpired() throws Exception {
    PgSessionStore store = new PgSessionStore(TestApp.get().database().pool());
    store.init(TestApp.get().vertx(), new JsonObject());
    try {
      Session listening = store.createSession(1_000);
      store.put(listening).await();
      Session gone = store.createSession(1_000);
      store.put(gone).await();
      store.keepAlive(java.util.List.of(listening.id()), 60_000).await();
      Thread.sleep(1_500);
      assertNotNull(store.get(listening.id()).await(), "kept alive");
      assertNull(store.get(gone.id()).await(), "the other one expired as usual");
      store.keepAlive(java.util.List.of(gone.id()), 60_000).await();
      assertNull(store.get(gone.id()).await(), "an expired session is not brought back");
    } finally {
      store.close();
    }
  }
}
