package org.paperlessroom.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bridge client over a real WebSocket to {@code /eventbus/websocket}, speaking the bridge's JSON
 * frames, for tests on the JUnit thread: frames received are queued and awaited.
 */
public final class BridgeClient implements AutoCloseable {
  private static Vertx vertx;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  private BridgeClient(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    socket.closeHandler(v -> closed = true);
  }

  private static synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    return vertx;
  }

  /** Connects as the person signed in on {@code api} (or anonymously when api is null). */
  public static BridgeClient connect(Api api) {
    return connect(api, null);
  }

  public static BridgeClient connect(Api api, String origin) {
    return connect(api, origin, TestApp.get().port());
  }

  /** To a server of one's own (a private application of a test). */
  public static BridgeClient connect(Api api, String origin, int port) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/eventbus/websocket");
    if (api != null) {
      options.addHeader("Cookie", api.cookieHeader("/eventbus/websocket"));
    }
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    WebSocketClient client = vertx().createWebSocketClient();
    return new BridgeClient(client.connect(options).await());
  }

  public void sendRaw(String text) {
    socket.writeTextMessage(text).await();
  }

  public void register(String address) {
    sendRaw(new JsonObject().put("type", "register").put("address", address).encode());
  }

  /** Sends with a fresh reply address; returns it. */
  public String send(String address, JsonObject body) {
    String reply = UUID.randomUUID().toString();
    sendRaw(new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("replyAddress", reply).encode());
    return reply;
  }

  /** Sends and waits for the reply (a rec or an err frame) to it. */
  public JsonObject request(String address, JsonObject body) {
    String reply = send(address, body);
    return await(f -> reply.equals(f.getString("address")), Duration.ofSeconds(10));
  }

  /** The next frame matching, skipping others (they are dropped); fails after the limit. */
  public JsonObject await(Predicate<JsonObject> wanted, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    List<JsonObject> skipped = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject f;
      try {
        f = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (f == null) {
        throw new AssertionError("no matching frame within " + limit + "; skipped " + skipped);
      }
      if (wanted.test(f)) {
        return f;
      }
      skipped.add(f);
    }
  }

  /** The next frame, or null when none arrives within the limit. */
  public JsonObject poll(Duration limit) {
    try {
      return received.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Frames addressed to {@code address}, waiting until {@code count} arrived. */
  public List<JsonObject> collect(String address, int count, Duration limit) {
    List<JsonObject> out = new ArrayList<>();
    while (out.size() < count) {
      out.add(await(f -> address.equals(f.getString("address")), limit));
    }
    return out;
  }

  public boolean closed() {
    return closed;
  }

  /** Waits until the server closed this socket. */
  public boolean awaitClosed(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!closed && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      socket.close();
    }
  }
}
