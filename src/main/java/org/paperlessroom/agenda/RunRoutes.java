package org.paperlessroom.agenda;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.attendance.Attendance;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.CurrentUser;
import org.paperlessroom.live.LiveHub;
import org.paperlessroom.live.LiveState;
import org.paperlessroom.live.Proceedings;
import org.paperlessroom.meeting.MeetingLifecycle;
import org.paperlessroom.meeting.MeetingStatus;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.paperlessroom.web.Handlers.json;

/**
 * The chair runs the meeting: starts it (people already connected are checked in, the first item
 * becomes current), moves to the next, the previous or any item (optionally presenting its first
 * document), pauses and resumes the item's timer, and ends it. Each is audited and becomes part of
 * the live state in the meeting's order; the answer carries the new sequence number.
 */
public final class RunRoutes {
  private final Pool pool;
  private final AccessPolicy policy;
  private final LiveHub hub;
  private final Attendance attendance;

  public RunRoutes(Pool pool, AccessPolicy policy, LiveHub hub, Attendance attendance) {
    this.pool = pool;
    this.policy = policy;
    this.hub = hub;
    this.attendance = attendance;
  }

  public void mount(Router router) {
    router.post("/api/meetings/:meetingId/start").handler(json(this::start));
    router.post("/api/meetings/:meetingId/end").handler(json(this::end));
    router.post("/api/meetings/:meetingId/agenda/current").handler(json(this::moveTo));
    router.post("/api/meetings/:meetingId/timer").handler(json(this::timer));
  }

  private Future<JsonObject> start(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.RUN_MEETING).compose(roles -> hub.update(meetingId, state -> {
      Instant now = Instant.now();
      // One transaction: the status, the first item, everybody connected checked in, the figures.
      return pool.withTransaction(sql -> MeetingLifecycle.change(sql, meetingId, MeetingStatus.IN_PROGRESS)
          .compose(m -> AgendaRepository.items(sql, meetingId))
          .compose(items -> {
            Optional<AgendaItem> first = items.stream().findFirst();
            return (first.isPresent() ? AgendaRepository.enter(sql, meetingId, first.get().id(), now) : Future.<Void>succeededFuture())
                .compose(v -> attendance.checkInConnected(sql, meetingId, now))
                .compose(v -> AuditLog.record(sql, actor, "meeting.start", meetingId,
                    new JsonObject().put("itemId", first.map(AgendaItem::id).orElse(null))))
                .compose(v -> Attendance.change(sql, meetingId))
                .map(figures -> (UnaryOperator<LiveState>) s -> {
                  Proceedings run = s.run().status(MeetingStatus.IN_PROGRESS.code())
                      .item(first.map(AgendaItem::id).orElse(null), first.map(AgendaItem::elapsedMs).orElse(0L), first.isPresent() ? now : null);
                  return figures.apply(s.run(run));
                });
          }));
    })).map(seq -> new JsonObject().put("seq", seq));
  }

  private Future<JsonObject> end(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    return policy.check(actor, meetingId, Action.RUN_MEETING).compose(roles -> hub.update(meetingId, state -> {
      Instant now = Instant.now();
      Proceedings run = state.run();
      if (run.vote() != null && "open".equals(run.vote().getString("status"))) {
        throw ApiException.conflict("vote_open", "A vote is open: close or cancel it before ending the meeting.");
      }
      return pool.withTransaction(sql -> MeetingLifecycle.change(sql, meetingId, MeetingStatus.ENDED)
          .compose(m -> run.itemId() == null ? Future.succeededFuture()
              : AgendaRepository.leave(sql, meetingId, run.itemId(), run.elapsedMs(now), now))
          .compose(v -> SpeakerQueue.closeAll(sql, meetingId))
          .compose(v -> AuditLog.record(sql, actor, "meeting.end", meetingId, new JsonObject())))
          .map(v -> (UnaryOperator<LiveState>) s -> s.stop().run(s.run().status(MeetingStatus.ENDED.code())
              .item(null, 0, null).floor(null, new io.vertx.core.json.JsonArray())));
    })).map(seq -> new JsonObject().put("seq", seq));
  }

  /** {itemId} or {step: 1 | -1}; {present: true} also presents the item's first ready document. */
  private Future<JsonObject> moveTo(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    RequestBody body = RequestBody.of(ctx);
    Optional<Long> itemId = body.optionalId("itemId");
    Optional<Integer> step = body.optionalInt("step", -1, 1).filter(n -> n != 0);
    boolean present = body.optionalBoolean("present").orElse(false);
    if (itemId.isPresent() == step.isPresent()) {
      throw ApiException.badRequest("bad_move", "Say which item: {\"itemId\": n} or {\"step\": 1 | -1}.");
    }
    return policy.check(actor, meetingId, Action.RUN_MEETING).compose(roles -> hub.update(meetingId, state -> {
      Proceedings run = state.run();
      if (!run.inProgress()) {
        throw ApiException.conflict("not_in_progress", "Start the meeting before moving through the agenda.");
      }
      Instant now = Instant.now();
      return pool.withTransaction(sql -> AgendaRepository.items(sql, meetingId).compose(items -> {
        AgendaItem target = target(items, run.itemId(), itemId, step.orElse(0));
        Future<Void> left = run.itemId() == null || run.itemId() == target.id() ? Future.succeededFuture()
            : AgendaRepository.leave(sql, meetingId, run.itemId(), run.elapsedMs(now), now);
        return left.compose(v -> AgendaRepository.enter(sql, meetingId, target.id(), now))
            .compose(v -> AuditLog.record(sql, actor, "agenda.current", meetingId,
                new JsonObject().put("from", run.itemId()).put("to", target.id())))
            .map(v -> moved(target, run, now, present));
      }));
    })).map(seq -> new JsonObject().put("seq", seq));
  }

  private static AgendaItem target(List<AgendaItem> items, Long current, Optional<Long> itemId, int step) {
    if (itemId.isPresent()) {
      return items.stream().filter(i -> i.id() == itemId.get()).findFirst()
          .orElseThrow(() -> ApiException.notFound("The agenda item"));
    }
    int at = -1;
    for (int i = 0; i < items.size(); i++) {
      if (current != null && items.get(i).id() == current) {
        at = i;
      }
    }
    int next = at < 0 ? (step > 0 ? 0 : items.size() - 1) : at + step;
    if (items.isEmpty() || next < 0 || next >= items.size()) {
      throw ApiException.conflict(step > 0 ? "no_next_item" : "no_previous_item",
          items.isEmpty() ? "The agenda is empty." : step > 0 ? "This is the last agenda item." : "This is the first agenda item.");
    }
    return items.get(next);
  }

  private static UnaryOperator<LiveState> moved(AgendaItem target, Proceedings run, Instant now, boolean present) {
    boolean same = run.itemId() != null && run.itemId() == target.id();
    long elapsed = same ? run.elapsedMs(now) : target.elapsedMs();
    Optional<AgendaItem.Document> document = present
        ? target.documents().stream().filter(AgendaItem.Document::ready).findFirst() : Optional.empty();
    return s -> {
      LiveState next = s.run(s.run().item(target.id(), elapsed, now));
      if (document.isPresent()) {
        AgendaItem.Document d = document.get();
        next = next.show(d.id(), d.name(), d.sha256(), d.pageCount(), d.classified(), 1, now);
      }
      return next;
    };
  }

  /** {running: true | false}: the current item's timer. */
  private Future<JsonObject> timer(RoutingContext ctx) {
    Actor actor = CurrentUser.require(ctx);
    long meetingId = RequestBody.pathId(ctx, "meetingId");
    boolean running = RequestBody.of(ctx).optionalBoolean("running")
        .orElseThrow(() -> ApiException.invalidField("running", "running must be true or false."));
    return policy.check(actor, meetingId, Action.RUN_MEETING).compose(roles -> hub.update(meetingId, state -> {
      Proceedings run = state.run();
      if (!run.inProgress() || run.itemId() == null) {
        throw ApiException.conflict("no_current_item", "There is no current agenda item to time.");
      }
      Instant now = Instant.now();
      return AuditLog.record(pool, actor, running ? "agenda.timer.resume" : "agenda.timer.pause", meetingId,
              new JsonObject().put("itemId", run.itemId()).put("elapsedMs", run.elapsedMs(now)))
          .map(v -> (UnaryOperator<LiveState>) s -> {
            Proceedings r = s.run();
            if (running == (r.itemRunningSince() != null)) {
              return s;
            }
            return s.run(r.item(r.itemId(), r.elapsedMs(now), running ? now : null));
          });
    })).map(seq -> new JsonObject().put("seq", seq));
  }
}
