package org.paperlessroom.vote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.attendance.Attendance;
import org.paperlessroom.audit.AuditLog;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.live.LiveHub;
import org.paperlessroom.live.LiveState;
import org.paperlessroom.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A vote's life: opened by the chair (its voters are the voting members checked in at that moment;
 * with the quorum required, only when it is met), ballots through the {@link BallotBox}, closed by
 * the chair, when everybody eligible has voted or when its countdown ends, or cancelled with a
 * reason. The result is counted by the database when it closes, stored, and shown to everyone
 * through the live state; while open the live state says only how many have voted.
 */
public final class Votes {
  private static final Logger LOG = LoggerFactory.getLogger(Votes.class);

  private final Vertx vertx;
  private final Pool pool;
  private final LiveHub hub;
  private final BallotBox box;
  private final Map<Long, Long> countdowns = new java.util.concurrent.ConcurrentHashMap<>();

  public Votes(Vertx vertx, Pool pool, LiveHub hub) {
    this.vertx = vertx;
    this.pool = pool;
    this.hub = hub;
    this.box = new BallotBox(pool, this::counted);
    // Clustered: the countdowns a departed node was keeping are kept here too (the first close wins).
    hub.node().onNodeLeft(left -> vertx.runOnContext(v -> resume()
        .onFailure(e -> LOG.warn("Could not resume the open votes after node {} left: {}", left, e.toString()))));
  }

  /**
   * After a restart: open votes with a countdown close when it ends (at once when it already has),
   * and every open vote is in its meeting's live state — after a crash the saved state may be one
   * change behind and miss it.
   */
  public Future<Void> resume() {
    return VoteRepository.allOpen(pool).compose(open -> {
      Future<Void> chain = Future.succeededFuture();
      for (Vote v : open) {
        scheduleClose(v);
        chain = chain.compose(x -> hub.update(v.meetingId(), state -> VoteRepository.voted(pool, v)
            .map(voted -> (UnaryOperator<LiveState>) s -> {
              JsonObject live = s.run().vote();
              boolean shown = live != null && live.getLong("id") == v.id() && "open".equals(live.getString("status"))
                  && live.getInteger("voted", -1) == voted;
              return shown ? s : s.run(s.run().vote(shown(v, voted)));
            })).mapEmpty());
      }
      return chain;
    });
  }

  BallotBox box() {
    return box;
  }

  /** What everybody sees of a vote: the vote and how many have voted. */
  static JsonObject shown(Vote v, int voted) {
    return v.toJson().put("voted", voted);
  }

  Future<Vote> open(Actor actor, Vote draft) {
    AtomicReference<Vote> opened = new AtomicReference<>();
    return hub.update(draft.meetingId(), state -> {
      if (!state.run().inProgress()) {
        throw ApiException.conflict("not_in_progress", "Start the meeting before opening a vote.");
      }
      Instant now = Instant.now();
      return pool.withTransaction(sql -> VoteRepository.lock(sql, draft.id()).compose(v -> {
        if (!v.draft()) {
          throw ApiException.conflict("not_draft", "Only a draft vote can be opened; this one is " + v.status() + ".");
        }
        return Attendance.figures(sql, v.meetingId()).compose(figures -> {
          if (v.quorumRequired() && !figures.getBoolean("met")) {
            throw ApiException.conflict("quorum_not_met", "The quorum is not met: " + figures.getInteger("membersPresent")
                + " of " + figures.getInteger("members") + " voting members are present, " + figures.getInteger("required")
                + " are needed.").withDetails(figures);
          }
          return VoteRepository.members(sql, v.meetingId()).compose(members -> VoteRepository.open(sql, v, members, now));
        }).compose(o -> AuditLog.record(sql, actor, "vote.open", o.meetingId(), new JsonObject().put("voteId", o.id())
            .put("eligible", o.eligibleCount()).put("membersPresent", o.membersPresent())).map(o));
      })).recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
          ? ApiException.conflict("another_open", "Another vote is open in this meeting: close it first.") : e))
          .map(o -> {
            opened.set(o);
            return (UnaryOperator<LiveState>) s -> s.run(s.run().vote(shown(o, 0)));
          });
    }).map(seq -> {
      scheduleClose(opened.get());
      return opened.get();
    });
  }

  /** Closes an open vote (actor null: closed by itself) and publishes the result. */
  Future<Vote> close(long meetingId, long voteId, Actor actor, String how) {
    AtomicReference<Vote> closed = new AtomicReference<>();
    return hub.update(meetingId, state -> pool.withTransaction(sql -> VoteRepository.lock(sql, voteId).compose(v -> {
      if (!v.open()) {
        throw ApiException.conflict("vote_not_open", "The vote is not open (it is " + v.status() + ").");
      }
      return VoteRepository.counts(sql, v).compose(counts -> VoteRepository.voted(sql, v)
          .compose(cast -> VoteRepository.chairChoices(sql, v).compose(chair -> {
            JsonObject result = VoteResults.compute(v, counts, cast, chair);
            Future<JsonObject> full = v.secret() ? Future.succeededFuture(result)
                : VoteRepository.named(sql, v).map(named -> result.put("named", named));
            return full.compose(r -> VoteRepository.close(sql, voteId, r));
          })))
          .compose(c -> AuditLog.record(sql, actor, "vote.close", c.meetingId(), new JsonObject().put("voteId", voteId)
              .put("how", how).put("cast", c.result().getInteger("cast")).put("passed", c.result().getBoolean("passed"))).map(c));
    })).map(c -> {
      closed.set(c);
      return (UnaryOperator<LiveState>) s -> s.run(s.run().vote(shown(c, c.result().getInteger("cast"))));
    })).map(seq -> {
      cancelCountdown(voteId);
      Vote c = closed.get();
      if (c.secret()) {
        // The totals' superseded row versions (one per batch) go at once rather than at some later vacuum.
        pool.query("VACUUM secret_tallies").execute()
            .onFailure(e -> LOG.info("Could not vacuum the secret tallies after vote {}: {}", voteId, e.toString()));
      }
      return c;
    });
  }

  Future<Vote> cancel(Actor actor, Vote vote, String reason) {
    AtomicReference<Vote> cancelled = new AtomicReference<>();
    return hub.update(vote.meetingId(), state -> pool.withTransaction(sql -> VoteRepository.cancel(sql, vote.id(), reason)
        .compose(found -> {
          Vote c = found.orElseThrow(() -> ApiException.conflict("vote_not_open", "Only a draft or open vote can be cancelled."));
          return AuditLog.record(sql, actor, "vote.cancel", c.meetingId(), new JsonObject().put("voteId", c.id())
              .put("reason", reason).put("was", vote.status())).map(c);
        }))
        .map(c -> {
          cancelled.set(c);
          JsonObject live = state.run().vote();
          boolean shownNow = live != null && live.getLong("id") == c.id();
          return (UnaryOperator<LiveState>) s -> shownNow || "open".equals(vote.status())
              ? s.run(s.run().vote(shown(c, 0))) : s;
        }))
        .map(seq -> {
          cancelCountdown(vote.id());
          return cancelled.get();
        });
  }

  /** A batch counted: everybody sees the new number; when all eligible have voted the vote closes. */
  private void counted(BallotBox.Written w) {
    Vote v = w.vote();
    hub.update(v.meetingId(), state -> Future.succeededFuture((UnaryOperator<LiveState>) s -> {
      JsonObject live = s.run().vote();
      if (live == null || live.getLong("id") != v.id() || !"open".equals(live.getString("status"))
          || live.getInteger("voted", 0) >= w.voted()) {
        return s;
      }
      return s.run(s.run().vote(live.copy().put("voted", w.voted())));
    })).onFailure(e -> LOG.warn("Could not show the count of vote {}: {}", v.id(), e.toString()));
    if (v.eligibleCount() != null && w.voted() >= v.eligibleCount()) {
      close(v.meetingId(), v.id(), null, "everybody voted").onFailure(e -> {
        if (!(e instanceof ApiException api && api.status() == 409)) {
          LOG.warn("Could not close vote {} when everybody had voted: {}", v.id(), e.toString());
        }
      });
    }
  }

  private void scheduleClose(Vote v) {
    if (v.closesAt() == null) {
      return;
    }
    long delay = Math.max(1, Duration.between(Instant.now(), v.closesAt()).toMillis());
    cancelCountdown(v.id());
    countdowns.put(v.id(), vertx.setTimer(delay, t -> {
      countdowns.remove(v.id());
      close(v.meetingId(), v.id(), null, "countdown").onFailure(e -> {
        if (!(e instanceof ApiException api && api.status() == 409)) {
          LOG.warn("Could not close vote {} at the end of its countdown: {}", v.id(), e.toString());
        }
      });
    }));
  }

  private void cancelCountdown(long voteId) {
    Long timer = countdowns.remove(voteId);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
