package org.paperlessroom.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Actor;
import org.paperlessroom.auth.Role;
import org.paperlessroom.auth.SessionEvents;
import org.paperlessroom.document.PresentableDocument;
import org.paperlessroom.document.ShownPages;
import org.paperlessroom.meeting.ParticipantEvents;
import org.paperlessroom.meeting.Participants;
import org.paperlessroom.live.LiveSocket.Feed;
import org.paperlessroom.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The live rooms of this server. Runs on one event-loop context (the HTTP server's): every state
 * change, registration and broadcast happens there, so each meeting's state has one writer and a
 * snapshot never misses a change.
 */
public final class LiveHub implements ShownPages {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  private static final long SWEEP_MS = 15_000;
  /** A socket that sent nothing (not even the client's 5-second ping) for this long is closed. */
  private static final long SILENCE_LIMIT_MS = 60_000;
  /** A socket that could not take its writes for this long (a stalled client) is closed. */
  private static final long BACKLOG_LIMIT_MS = 30_000;
  /** Every 20 sweeps (5 minutes) the sessions of connected sockets are kept alive. */
  private static final int SESSION_KEEP_ALIVE_SWEEPS = 20;

  private final Vertx vertx;
  private final Pool pool;
  private final AccessPolicy policy;
  private final Map<Long, Future<LiveMeeting>> meetings = new HashMap<>();
  private final Set<LiveSocket> sockets = new LinkedHashSet<>();
  private final Map<Long, Future<Long>> commandTails = new HashMap<>();
  private long sweepTimer = -1;
  private io.vertx.core.Context context;

  /** Keeps the sign-ins of connected sockets from expiring while they only listen. */
  public interface SessionKeeper {
    Future<Void> keepAlive(Set<String> sessionIds);
  }

  private final SessionKeeper sessionKeeper;
  private int sweeps;

  public LiveHub(Vertx vertx, Pool pool, AccessPolicy policy, SessionKeeper sessionKeeper) {
    this.vertx = vertx;
    this.pool = pool;
    this.policy = policy;
    this.sessionKeeper = sessionKeeper;
  }

  /** Starts listening for participant changes and closing silent sockets; call on the HTTP server's context. */
  public void start() {
    context = vertx.getOrCreateContext();
    vertx.eventBus().<Long>localConsumer(ParticipantEvents.CHANGED, msg -> participantsChanged(msg.body()));
    vertx.eventBus().<String>localConsumer(SessionEvents.SIGNED_OUT, msg -> closeWhere(s -> msg.body().equals(s.sessionId)));
    vertx.eventBus().<JsonObject>localConsumer(SessionEvents.ACCOUNT_CHANGED, msg -> {
      long userId = msg.body().getLong("userId");
      String kept = msg.body().getString("keep");
      closeWhere(s -> s.actor != null && s.actor.id() == userId && (kept == null || !kept.equals(s.sessionId)));
    });
    sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> sweep());
  }

  /** Stops the sweeps after the newest states are saved (waits at most {@code limitMillis}). */
  public Future<Void> stop(long limitMillis) {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    long deadline = System.currentTimeMillis() + limitMillis;
    return awaitSaved(deadline);
  }

  private Future<Void> awaitSaved(long deadline) {
    return allSaved().compose(saved -> {
      if (saved || System.currentTimeMillis() > deadline) {
        if (!saved) {
          LOG.warn("Stopping before the newest live state was saved");
        }
        return Future.succeededFuture();
      }
      io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
      vertx.setTimer(20, t -> awaitSaved(deadline).onComplete(later));
      return later.future();
    });
  }

  /** Signed out or changed accounts: their sockets go (the client reconnects and signs in afresh, or stops). */
  private void closeWhere(java.util.function.Predicate<LiveSocket> which) {
    for (LiveSocket s : new ArrayList<>(sockets)) {
      if (which.test(s)) {
        s.close();
      }
    }
  }

  @Override
  public boolean shows(long meetingId, long documentId, int page) {
    Future<LiveMeeting> m = meetings.get(meetingId);
    return m != null && m.succeeded() && m.result().state().shows(documentId, page);
  }

  /** The current state and sequence number (REST snapshot, tests). */
  public Future<JsonObject> snapshot(long meetingId) {
    return onHubContext(() -> meeting(meetingId)).compose(f -> f)
        .map(m -> new JsonObject().put("seq", m.seq()).put("state", m.state().toJson()));
  }

  /** How many bridge sockets are open on this server. */
  public Future<Integer> socketCount() {
    return onHubContext(sockets::size);
  }

  /** The people following the meeting on this server right now (at least one device). */
  public Future<Set<Long>> connectedPeople(long meetingId) {
    return onHubContext(() -> {
      Future<LiveMeeting> m = meetings.get(meetingId);
      return m != null && m.succeeded() ? m.result().connectedPeople() : Set.<Long>of();
    });
  }

  /** Closes every bridge socket, as a server going away would (for tests of reconnecting). */
  public Future<Void> dropAllSockets() {
    return onHubContext(() -> {
      for (LiveSocket s : new ArrayList<>(sockets)) {
        s.close();
      }
      return null;
    });
  }

  /** Whether every meeting's newest state has been written to the database. */
  public Future<Boolean> allSaved() {
    return onHubContext(() -> meetings.values().stream().allMatch(f -> !f.succeeded() || f.result().saved()));
  }

  /** Runs on the hub's own context (callers on other threads: tests, shutdown). */
  private <T> Future<T> onHubContext(java.util.function.Supplier<T> work) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    io.vertx.core.Context target = context != null ? context : vertx.getOrCreateContext();
    target.runOnContext(v -> {
      try {
        promise.complete(work.get());
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  void connected(LiveSocket s) {
    sockets.add(s);
  }

  void disconnected(LiveSocket s) {
    s.markClosed();
    sockets.remove(s);
    for (Feed feed : Feed.values()) {
      leave(s, s.meeting(feed), feed);
    }
  }

  private void leave(LiveSocket s, long meetingId, Feed feed) {
    if (meetingId == 0) {
      return;
    }
    Future<LiveMeeting> f = meetings.get(meetingId);
    if (f != null && f.succeeded()) {
      f.result().leave(feed, s);
    }
    if (s.meeting(feed) == meetingId) {
      s.meeting(feed, 0);
    }
  }

  /** REGISTER meeting.<id>.live: participants only; the snapshot comes first. */
  Future<Void> follow(LiveSocket s, long meetingId) {
    return register(s, meetingId, Feed.LIVE, Action.VIEW_MEETING);
  }

  /** REGISTER meeting.<id>.presence: chair, presenter, secretary (and administrators). */
  Future<Void> watchPresence(LiveSocket s, long meetingId) {
    return register(s, meetingId, Feed.PRESENCE, Action.VIEW_PRESENCE);
  }

  private Future<Void> register(LiveSocket s, long meetingId, Feed feed, Action action) {
    long now = s.meeting(feed);
    long checking = s.pending(feed);
    if ((now != 0 && now != meetingId) || (checking != 0 && checking != meetingId)) {
      return Future.failedFuture(ApiException.badRequest("one_meeting", "A connection follows one meeting at a time."));
    }
    s.pending(feed, meetingId);
    return allowed(s, meetingId, action).compose(this::current).map(m -> {
      // Still wanted (not unregistered, not closed meanwhile)?
      if (s.pending(feed) == meetingId && !s.closed()) {
        m.join(feed, s);
      }
      return (Void) null;
    }).onComplete((v, e) -> {
      if (s.pending(feed) == meetingId) {
        s.pending(feed, 0);
      }
    });
  }

  void unregister(LiveSocket s, LiveAddresses.Address address) {
    Feed feed = switch (address.kind()) {
      case LIVE -> Feed.LIVE;
      case PRESENCE -> Feed.PRESENCE;
      default -> null;
    };
    if (feed == null) {
      return;
    }
    if (s.pending(feed) == address.meetingId()) {
      s.pending(feed, 0);
    }
    leave(s, address.meetingId(), feed);
  }

  /** A follower tells its device kind and whether it follows the presenter. */
  void status(LiveSocket s, long meetingId, Object body) {
    if (s.meeting(Feed.LIVE) != meetingId || !(body instanceof JsonObject json)) {
      throw ApiException.badRequest("bad_status", "Register to the meeting's live address before sending a status {device, following}.");
    }
    Object device = json.getValue("device");
    Object following = json.getValue("following");
    if (!(device instanceof String) || !List.of("phone", "laptop", "projector").contains(device) || !(following instanceof Boolean)) {
      throw ApiException.badRequest("bad_status", "A status is {device: phone | laptop | projector, following: true | false}.");
    }
    s.device = (String) device;
    s.following = (Boolean) following;
    Future<LiveMeeting> f = meetings.get(meetingId);
    if (f != null && f.succeeded()) {
      f.result().presenceChanged();
    }
  }

  /**
   * A presenter's command: checked (role, shape, document, page), applied, broadcast; the new
   * sequence number. A meeting's commands are applied one after the other, in the order they came.
   */
  Future<Long> command(LiveSocket s, long meetingId, Object body) {
    LiveCommand command = LiveCommand.parse(body);
    Future<?> previous = commandTails.getOrDefault(meetingId, Future.succeededFuture());
    Future<Long> done = previous.transform(ignored -> apply(s, meetingId, command));
    commandTails.put(meetingId, done);
    done.onComplete((v, e) -> commandTails.remove(meetingId, done));
    return done;
  }

  /**
   * A change made by another feature (the agenda, attendance): after the meeting's earlier commands
   * and changes, {@code work} gets the current state, does its part (e.g. commits to the database)
   * and yields the change, which is applied to the state as it is then and broadcast; the new
   * sequence number (the same one when the change returns the state unchanged: nothing is sent).
   * A failed {@code work} changes nothing.
   */
  public Future<Long> update(long meetingId, Function<LiveState, Future<UnaryOperator<LiveState>>> work) {
    return onHubContext(() -> {
      Future<?> previous = commandTails.getOrDefault(meetingId, Future.succeededFuture());
      Future<Long> done = previous.transform(ignored -> meeting(meetingId)
          .compose(m -> work.apply(m.state()).map(change -> {
            LiveState next = change.apply(m.state());
            return next == m.state() ? m.seq() : m.apply(next); // nothing changed: nothing to send
          })));
      commandTails.put(meetingId, done);
      done.onComplete((v, e) -> commandTails.remove(meetingId, done));
      return done;
    }).compose(f -> f);
  }

  private Future<Long> apply(LiveSocket s, long meetingId, LiveCommand command) {
    return allowed(s, meetingId, Action.PRESENT).compose(m -> {
      if (command instanceof LiveCommand.Show show) {
        return PresentableDocument.byId(pool, show.documentId()).map(found -> {
          PresentableDocument doc = found.filter(d -> d.meetingId() == meetingId)
              .orElseThrow(() -> ApiException.notFound("The document"));
          if (!doc.ready()) {
            throw new ApiException(409, "not_ready", "The document is still being prepared; present it when it is ready.");
          }
          requirePage(show.page(), doc.pageCount());
          stillPresenter(s, m);
          return m.apply(m.state().show(doc.id(), doc.name(), doc.sha256(), doc.pageCount(), doc.classified(),
              show.page(), Instant.now()));
        });
      }
      return Future.succeededFuture(m.apply(next(m, command)));
    });
  }

  /**
   * The room as it is now: an empty room may have been let go (see sweep) while the access check
   * ran; it is taken back (its state is saved and nobody else wrote since) or the newer one is used.
   */
  private Future<LiveMeeting> current(LiveMeeting m) {
    Future<LiveMeeting> now = meetings.get(m.id);
    if (now == null) {
      now = Future.succeededFuture(m);
      meetings.put(m.id, now);
    }
    return now;
  }

  /** The role may have been handed over while the document was looked up. */
  private static void stillPresenter(LiveSocket s, LiveMeeting m) {
    Set<Role> roles = m.knownRoles(s.actor.id());
    if (!AccessPolicy.allows(s.actor, roles == null ? Set.of() : roles, Action.PRESENT)) {
      throw ApiException.forbidden(Action.PRESENT.denial());
    }
  }

  private static LiveState next(LiveMeeting m, LiveCommand command) {
    if (command instanceof LiveCommand.GoTo go) {
      return presented(m).page(requirePage(go.page(), m.state().pageCount()));
    } else if (command instanceof LiveCommand.Blank blank) {
      return m.state().blank(blank.on());
    } else if (command instanceof LiveCommand.Pointer pointer) {
      return presented(m).pointer(pointer.at());
    } else if (command instanceof LiveCommand.Zoom zoom) {
      return presented(m).zoom(zoom.region());
    }
    return m.state().stop();
  }

  private static LiveState presented(LiveMeeting m) {
    if (!m.state().presenting()) {
      throw ApiException.conflict("nothing_presented", "Nothing is presented: choose a document first.");
    }
    return m.state();
  }

  private static int requirePage(int page, int pageCount) {
    if (page > pageCount) {
      throw new ApiException(404, "not_found", "The document has " + pageCount + " pages; there is no page " + page + ".");
    }
    return page;
  }

  /**
   * The meeting's room, after checking the socket's person may do {@code action} there. A room is
   * loaded only for someone allowed in: refused requests never fill the server's memory.
   */
  private Future<LiveMeeting> allowed(LiveSocket s, long meetingId, Action action) {
    Actor actor = s.actor;
    if (actor == null) {
      return Future.failedFuture(ApiException.unauthorized());
    }
    Future<LiveMeeting> loaded = meetings.get(meetingId);
    if (loaded == null) {
      return policy.rolesIn(actor, meetingId)
          .compose(roles -> permit(actor, meetingId, roles, action))
          .compose(ok -> meeting(meetingId));
    }
    return loaded.compose(m -> {
      Set<Role> known = m.knownRoles(actor.id());
      if (known != null) {
        return permit(actor, meetingId, known, action).map(m);
      }
      int generation = m.rolesGeneration();
      return policy.rolesIn(actor, meetingId).compose(roles -> {
        if (!roles.isEmpty() && generation == m.rolesGeneration()) {
          m.rememberRoles(actor.id(), roles);
        }
        return permit(actor, meetingId, roles, action).map(m);
      });
    });
  }

  private static Future<Void> permit(Actor actor, long meetingId, Set<Role> roles, Action action) {
    if (AccessPolicy.allows(actor, roles, action)) {
      return Future.succeededFuture();
    }
    LOG.info("Bridge denied: user {} ({}) {} in meeting {}", actor.id(), actor.username(), action, meetingId);
    return Future.failedFuture(ApiException.forbidden(action.denial()));
  }

  /** The meeting's room, loaded once (state from the database, participants for the checks). */
  private Future<LiveMeeting> meeting(long meetingId) {
    Future<LiveMeeting> f = meetings.get(meetingId);
    if (f == null) {
      f = LiveStateRepository.load(pool, meetingId).compose(stored -> {
        if (stored == null) {
          return Future.failedFuture(ApiException.notFound("The meeting"));
        }
        LiveMeeting m = new LiveMeeting(meetingId, vertx, pool, stored.seq(), stored.state());
        return Participants.of(pool, meetingId).map(list -> {
          m.participantsLoaded(list);
          return m;
        });
      });
      meetings.put(meetingId, f);
      f.onFailure(e -> meetings.remove(meetingId));
    }
    return f;
  }

  private void participantsChanged(long meetingId) {
    Future<LiveMeeting> f = meetings.get(meetingId);
    if (f == null) {
      return;
    }
    f.compose(m -> {
      int generation = m.nextRolesGeneration();
      return Participants.of(pool, meetingId).onSuccess(list -> {
        if (generation == m.rolesGeneration()) {
          m.participantsLoaded(list);
        }
      });
    }).onFailure(e -> LOG.warn("Could not reload the participants of meeting {}: {}", meetingId, e.toString()));
  }

  /**
   * Every 15 seconds: closes sockets silent for a minute or unable to take their writes for half a
   * minute, forgives old refusals, and lets go of rooms nobody is in (their state is saved).
   */
  private void sweep() {
    long now = System.currentTimeMillis();
    for (LiveSocket s : new ArrayList<>(sockets)) {
      if (now - s.lastSeen > SILENCE_LIMIT_MS || (s.backloggedSince > 0 && now - s.backloggedSince > BACKLOG_LIMIT_MS)) {
        s.close();
      } else {
        s.forgiveSome();
        s.heartbeat();
      }
    }
    if (++sweeps % SESSION_KEEP_ALIVE_SWEEPS == 0) {
      Set<String> inUse = new java.util.HashSet<>();
      for (LiveSocket s : sockets) {
        if (s.sessionId != null) {
          inUse.add(s.sessionId);
        }
      }
      sessionKeeper.keepAlive(inUse).onFailure(e -> LOG.warn("Could not keep the sessions of live sockets: {}", e.toString()));
    }
    meetings.entrySet().removeIf(e -> e.getValue().succeeded() && e.getValue().result().empty()
        && e.getValue().result().saved() && !commandTails.containsKey(e.getKey()));
  }
}
