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

  public void recordFailure(long now, String... keys) {
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
  }

  private void prune(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
      times.removeFirst();
    }
  }
}
