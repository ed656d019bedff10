package org.paperlessroom.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per username and per client address in a sliding window: past the limit, further
 * attempts are refused (429) until the oldest failure leaves the window.
 */
public final class LoginThrottle {
  private static final int MAX_KEYS = 100_000;

  private final int maxPerUser;
  private final int maxPerAddress;
  private final long windowMillis;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
  private static final String SHARED = "paperless.auth.sign-in-failures";
  private volatile java.util.function.Consumer<io.vertx.core.json.JsonObject> peers = event -> { };

  /**
   * @param maxPerUser failures allowed per username (keys starting {@code u:}) in the window
   * @param maxPerAddress failures allowed per client address (other keys): higher, as a whole office
   *                      may sign in from behind one address
   */
  public LoginThrottle(int maxPerUser, int maxPerAddress, long windowMillis) {
    this.maxPerUser = maxPerUser;
    this.maxPerAddress = maxPerAddress;
    this.windowMillis = windowMillis;
  }

  /** Seconds to wait before another attempt is allowed, if any of the keys is over the limit. */
  public OptionalLong retryAfterSeconds(long now, String... keys) {
    long wait = 0;
    for (String key : keys) {
      Deque<Long> times = failures.get(key);
      if (times == null) {
        continue;
      }
      synchronized (times) {
        prune(times, now);
        if (times.size() >= (key.startsWith("u:") ? maxPerUser : maxPerAddress)) {
          wait = Math.max(wait, times.peekFirst() + windowMillis - now);
        }
      }
    }
    return wait > 0 ? OptionalLong.of(Math.max(1, (wait + 999) / 1000)) : OptionalLong.empty();
  }

  /**
   * Clustered: what this node records is told to every other node's throttle and theirs to this one,
   * so that spreading attempts over the nodes does not multiply the limits.
   */
  public void shareWith(io.vertx.core.Vertx vertx, String nodeId) {
    vertx.eventBus().<io.vertx.core.json.JsonObject>consumer(SHARED, msg -> {
      io.vertx.core.json.JsonObject e = msg.body();
      if (nodeId.equals(e.getString("node"))) {
        return;
      }
      String[] keys = e.getJsonArray("keys").stream().map(String::valueOf).toArray(String[]::new);
      long time = e.getLong("time");
      switch (e.getString("op")) {
        case "failure" -> record(time, keys);
        case "forgive" -> unrecord(time, keys);
        default -> java.util.Arrays.stream(keys).forEach(failures::remove);
      }
    });
    peers = event -> vertx.eventBus().publish(SHARED, event.put("node", nodeId));
  }

  private void tell(String op, long time, String... keys) {
    peers.accept(new io.vertx.core.json.JsonObject().put("op", op).put("time", time)
        .put("keys", new io.vertx.core.json.JsonArray(java.util.List.of((Object[]) keys))));
  }

  public void recordFailure(long now, String... keys) {
    record(now, keys);
    tell("failure", now, keys);
  }

  private void record(long now, String... keys) {
    if (failures.size() > MAX_KEYS) {
      failures.entrySet().removeIf(e -> {
        synchronized (e.getValue()) {
          prune(e.getValue(), now);
          return e.getValue().isEmpty();
        }
      });
    }
    for (String key : keys) {
      Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
      synchronized (times) {
        prune(times, now);
        times.addLast(now);
      }
    }
  }

  /** Takes back the most recent attempt of these keys (it turned out to be a success). */
  public void forgive(long attemptTime, String... keys) {
    unrecord(attemptTime, keys);
    tell("forgive", attemptTime, keys);
  }

  private void unrecord(long attemptTime, String... keys) {
    for (String key : keys) {
      Deque<Long> times = failures.get(key);
      if (times != null) {
        synchronized (times) {
          times.removeLastOccurrence(attemptTime);
        }
      }
    }
  }

  public void reset(String key) {
    failures.remove(key);
    tell("reset", 0, key);
  }

  private void prune(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
      times.removeFirst();
    }
  }
}
