package org.paperlessroom.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Clustered: a change asked for on one node, made by the meeting's writer on another, in the
 * meeting's order. The asking node sends {@code begin}; the writer holds the meeting's order for it
 * and answers with the state; the asking node does its work (e.g. commits to the database) and sends
 * {@code end} with the new state (or none), which the writer commits and publishes. A writer that
 * hears no {@code end} within {@value #END_WAIT_MS} ms goes on without the change.
 */
final class RemoteUpdates {
  private static final long BEGIN_TIMEOUT_MS = 2_000;
  private static final long END_WAIT_MS = 15_000;
  private static final long END_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final Map<String, Pending> pending = new HashMap<>();
  /** Changes whose asking node gave up before their turn came (they are skipped, not waited for). */
  private final java.util.Set<String> abandoned = new java.util.HashSet<>();
  private final Map<Long, MessageConsumer<JsonObject>> serving = new HashMap<>();

  RemoteUpdates(Vertx vertx) {
    this.vertx = vertx;
  }

  /** No node answered as the meeting's writer (none yet, it died, or its lease was just taken over). */
  static final class NoWriter extends RuntimeException {
    NoWriter(String why) {
      super("No writer: " + why, null, false, false);
    }
  }

  /** The work was done (committed) but the writer did not confirm the change: make the change again. */
  static final class WorkDone extends RuntimeException {
    private final UnaryOperator<LiveState> change;

    WorkDone(UnaryOperator<LiveState> change, String why) {
      super("The change was not confirmed: " + why, null, false, false);
      this.change = change;
    }

    UnaryOperator<LiveState> change() {
      return change;
    }
  }

  private record Pending(Promise<UnaryOperator<LiveState>> end, Future<Long> done, boolean[] answered, LiveState[] sent) {
  }

  // ---- the asking node ----

  Future<Long> update(long meetingId, Function<LiveState, Future<UnaryOperator<LiveState>>> work) {
    DeliveryOptions begin = new DeliveryOptions().setSendTimeout(BEGIN_TIMEOUT_MS);
    String token = UUID.randomUUID().toString();
    return vertx.eventBus().<JsonObject>request(LiveAddresses.writer(meetingId), new JsonObject().put("op", "begin").put("token", token), begin)
        .recover(e -> {
          // The writer may still hold a place for it: let it skip that place rather than wait.
          vertx.eventBus().send(LiveAddresses.writer(meetingId), new JsonObject().put("op", "end").put("token", token));
          return Future.failedFuture(new NoWriter(e.getMessage()));
        })
        .compose(reply -> {
          LiveState state = LiveState.fromJson(reply.body().getJsonObject("state"));
          Future<UnaryOperator<LiveState>> made;
          try {
            made = work.apply(state);
          } catch (RuntimeException e) {
            made = Future.failedFuture(e);
          }
          return made.transform(ar -> {
            LiveState next = null;
            Throwable failure = ar.cause();
            if (ar.succeeded()) {
              try {
                next = ar.result().apply(state);
              } catch (RuntimeException e) {
                failure = e;
              }
            }
            if (failure != null) {
              end(meetingId, token, null); // the writer goes on at once
              return Future.failedFuture(failure);
            }
            UnaryOperator<LiveState> change = ar.result();
            return end(meetingId, token, next == state ? null : next.toJson())
                .recover(e -> Future.failedFuture(new WorkDone(change, e.getMessage())));
          });
        });
  }

  private Future<Long> end(long meetingId, String token, JsonObject next) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(END_TIMEOUT_MS);
    return vertx.eventBus().<Long>request(LiveAddresses.writer(meetingId),
        new JsonObject().put("op", "end").put("token", token).put("state", next), options).map(Message::body);
  }

  // ---- the writer ----

  /**
   * Answers the meeting's {@code begin}/{@code end} requests; {@code inOrder} makes a change in the
   * meeting's order, or returns null when this node no longer writes the meeting.
   */
  Future<Void> serve(long meetingId,
                     BiFunction<Long, Function<LiveState, Future<UnaryOperator<LiveState>>>, Future<Long>> inOrder) {
    MessageConsumer<JsonObject> old = serving.remove(meetingId);
    if (old != null) {
      old.unregister();
    }
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(LiveAddresses.writer(meetingId), msg -> {
      JsonObject body = msg.body();
      if ("begin".equals(body.getString("op"))) {
        begin(meetingId, msg, inOrder);
      } else if ("end".equals(body.getString("op"))) {
        end(msg);
      } else {
        msg.fail(400, "unknown operation");
      }
    });
    serving.put(meetingId, consumer);
    return consumer.completion();
  }

  void stopServing(long meetingId) {
    MessageConsumer<JsonObject> consumer = serving.remove(meetingId);
    if (consumer != null) {
      consumer.unregister();
    }
  }

  private void begin(long meetingId, Message<JsonObject> msg,
                     BiFunction<Long, Function<LiveState, Future<UnaryOperator<LiveState>>>, Future<Long>> inOrder) {
    String token = msg.body().getString("token");
    if (token == null || pending.containsKey(token)) {
      msg.fail(400, "A change needs a token of its own.");
      return;
    }
    Promise<UnaryOperator<LiveState>> end = Promise.promise();
    boolean[] answered = {false};
    LiveState[] sent = {null};
    Future<Long> done = inOrder.apply(meetingId, state -> {
      if (abandoned.remove(token)) {
        return Future.succeededFuture(UnaryOperator.identity()); // its node gave up waiting: skipped
      }
      answered[0] = true;
      sent[0] = state;
      msg.reply(new JsonObject().put("token", token).put("state", state.toJson()));
      long timer = vertx.setTimer(END_WAIT_MS, t -> end.tryFail(new NoWriter("the asking node did not finish")));
      end.future().onComplete(ar -> vertx.cancelTimer(timer));
      return end.future();
    });
    if (done == null) {
      msg.fail(410, "This node does not write the meeting.");
      return;
    }
    pending.put(token, new Pending(end, done, answered, sent));
    done.onComplete(ar -> {
      pending.remove(token);
      if (!answered[0]) {
        msg.fail(410, "This node no longer writes the meeting.");
      }
    });
  }

  /** {@code end} with the new state (or null: unchanged), or without any: the asking node gave up. */
  private void end(Message<JsonObject> msg) {
    String token = msg.body().getString("token");
    Pending p = token == null ? null : pending.get(token);
    if (!msg.body().containsKey("state")) {
      if (p != null && p.answered()[0]) {
        p.end().tryComplete(UnaryOperator.identity());
      } else if (token != null && abandoned.add(token)) {
        vertx.setTimer(END_WAIT_MS * 4, t -> abandoned.remove(token));
      }
      return;
    }
    if (p == null) {
      msg.fail(410, "The change came too late.");
      return;
    }
    JsonObject next = msg.body().getJsonObject("state");
    LiveState sent = p.sent()[0];
    p.end().tryComplete(next == null ? state -> state : state -> {
      // The asking node worked from the state it was sent; had that moved on meanwhile (this node lost
      // and took back the meeting), the new state would undo newer changes: it makes its change again.
      if (state != sent) {
        throw new NoWriter("the state moved on while the change was made");
      }
      return LiveState.fromJson(next);
    });
    p.done().onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result());
      } else {
        msg.fail(410, String.valueOf(ar.cause().getMessage()));
      }
    });
  }
}
