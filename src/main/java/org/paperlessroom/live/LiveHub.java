package org.paperlessroom.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import org.paperlessroom.cluster.ClusterNode;
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
 *
 * <p>Clustered, each meeting has one writer among the nodes (a lease in the database, see
 * {@link LiveOwnership}); the others mirror it and send it their changes ({@link RemoteUpdates}).
 * A node that needs a change made and finds no writer takes the lease, once it is free.
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
  /** Per meeting: the end of the chain of changes this node makes as the meeting's writer. */
  private final Map<Long, Future<Long>> commandTails = new HashMap<>();
  /** Per meeting: the last bridge command this node passed on (commands leave in arrival order). */
  private final Map<Long, Future<Long>> commandsSent = new HashMap<>();
  private long sweepTimer = -1;
  private io.vertx.core.Context context;

  /** Keeps the sign-ins of connected sockets from expiring while they only listen. */
  public interface SessionKeeper {
    Future<Void> keepAlive(Set<String> sessionIds);
  }

  private final SessionKeeper sessionKeeper;
  private final ClusterNode node;
  private final RemoteUpdates remote;
  private final Map<Long, MessageConsumer<String>> published = new HashMap<>();
  private final Map<Long, MessageConsumer<JsonObject>> presenceParts = new HashMap<>();
  /** Clustered: per meeting whose room is loading, the newest change published meanwhile. */
  private final Map<Long, String> early = new HashMap<>();
  private final Map<Long, Future<Boolean>> claims = new HashMap<>();
  private long renewTimer = -1;
  private int sweeps;

  public LiveHub(Vertx vertx, Pool pool, AccessPolicy policy, SessionKeeper sessionKeeper, ClusterNode node) {
    this.vertx = vertx;
    this.pool = pool;
    this.policy = policy;
    this.sessionKeeper = sessionKeeper;
    this.node = node;
    this.remote = new RemoteUpdates(vertx);
  }

  /** The node this hub runs on. */
  public ClusterNode node() {
    return node;
  }

  /** Starts listening for participant changes and closing silent sockets; call on the HTTP server's context. */
  public void start() {
    context = vertx.getOrCreateContext();
    // Every node hears these (in a cluster too): its own sockets and rooms are affected.
    vertx.eventBus().<Long>consumer(ParticipantEvents.CHANGED, msg -> participantsChanged(msg.body()));
    vertx.eventBus().<String>consumer(SessionEvents.SIGNED_OUT, msg -> closeWhere(s -> msg.body().equals(s.sessionId)));
    vertx.eventBus().<JsonObject>consumer(SessionEvents.ACCOUNT_CHANGED, msg -> {
      long userId = msg.body().getLong("userId");
      String kept = msg.body().getString("keep");
      closeWhere(s -> s.actor != null && s.actor.id() == userId && (kept == null || !kept.equals(s.sessionId)));
    });
    sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> sweep());
    if (node.clustered()) {
      renewTimer = vertx.setPeriodic(LiveOwnership.LEASE_MS / 5, t -> renewLeases());
      answerPeople();
      node.onNodeLeft(left -> {
        LiveOwnership.expire(pool, left).onFailure(e -> LOG.warn("Could not free the meetings of node {}: {}", left, e.toString()));
        onHubContext(() -> {
          meetings.values().forEach(f -> {
            if (f.succeeded()) {
              f.result().remotePresence(left, null);
            }
          });
          return null;
        });
      });
    }
  }

  /** Stops the sweeps after the newest states are saved (waits at most {@code limitMillis}). */
  public Future<Void> stop(long limitMillis) {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
    }
    long deadline = System.currentTimeMillis() + limitMillis;
    return awaitSaved(deadline).compose(v -> node.clustered()
        // The other nodes may take this node's meetings over at once.
        ? LiveOwnership.releaseAll(pool, node.id()).otherwiseEmpty() : Future.succeededFuture());
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

  /**
   * Whether the meeting's screen shows the page now. Clustered, a meeting nobody follows on this node
   * is looked up in the database (what its writer saved is what the other nodes' followers see).
   */
  @Override
  public Future<Boolean> shows(long meetingId, long documentId, int page) {
    Future<LiveMeeting> m = meetings.get(meetingId);
    if (m != null && m.succeeded()) {
      return Future.succeededFuture(m.result().state().shows(documentId, page));
    }
    if (!node.clustered()) {
      return Future.succeededFuture(false);
    }
    return LiveStateRepository.load(pool, meetingId).map(stored -> stored != null && stored.state().shows(documentId, page));
  }

  /** The current state and sequence number (REST snapshot, tests). */
  public Future<JsonObject> snapshot(long meetingId) {
    return onHubContext(() -> meeting(meetingId)).compose(f -> f)
        .map(m -> new JsonObject().put("seq", m.seq()).put("state", m.state().toJson()));
  }

  /** How many bridge sockets are open (on every node of a cluster). */
  public Future<Integer> socketCount() {
    Future<Integer> here = onHubContext(sockets::size);
    if (!node.clustered()) {
      return here;
    }
    return here.compose(mine -> askOthers(LiveAddresses::nodeSockets, "", (Integer n) -> n, 0)
        .map(theirs -> mine + theirs.stream().mapToInt(Integer::intValue).sum()));
  }

  /**
   * Clustered: the answers of every other node to {@code body} at its {@code address} (a node that
   * does not answer within two seconds gives {@code none}).
   */
  private <T, R> Future<List<R>> askOthers(Function<String, String> address, Object body, Function<T, R> read, R none) {
    List<Future<R>> answers = new ArrayList<>();
    for (String other : node.otherNodes()) {
      answers.add(vertx.eventBus().<T>request(address.apply(other), body, new io.vertx.core.eventbus.DeliveryOptions()
              .setSendTimeout(2000))
          .map(reply -> read.apply(reply.body()))
          .otherwise(e -> {
            LOG.info("Node {} did not answer at {}: {}", other, address.apply(other), e.toString());
            return none;
          }));
    }
    return Future.join(answers).map(all -> answers.stream().map(Future::result).toList());
  }

  /** The people following the meeting right now (at least one device, on any node). */
  public Future<Set<Long>> connectedPeople(long meetingId) {
    Future<Set<Long>> here = onHubContext(() -> {
      Future<LiveMeeting> m = meetings.get(meetingId);
      return m != null && m.succeeded() ? m.result().connectedPeople() : Set.<Long>of();
    });
    if (!node.clustered()) {
      return here;
    }
    return here.compose(local -> connectedElsewhere(meetingId).map(elsewhere -> {
      Set<Long> all = new java.util.HashSet<>(local);
      all.addAll(elsewhere);
      return all;
    }));
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
    // This node's commands for the meeting leave in the order they came (the writer keeps that order).
    Future<?> previous = commandsSent.getOrDefault(meetingId, Future.succeededFuture());
    Future<Long> done = previous.transform(ignored -> allowed(s, meetingId, Action.PRESENT)
        .compose(room -> update(meetingId, state -> change(s, room, state, command))));
    commandsSent.put(meetingId, done);
    done.onComplete((v, e) -> commandsSent.remove(meetingId, done));
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
    return onHubContext(() -> route(meetingId, work, System.currentTimeMillis() + ROUTE_LIMIT_MS)).compose(f -> f);
  }

  /** How long a change may look for the meeting's writer (a take-over included) before it fails. */
  private static final long ROUTE_LIMIT_MS = 20_000;

  /** Here when this node writes the meeting (or may take it over); otherwise to the node that does. */
  private Future<Long> route(long meetingId, Function<LiveState, Future<UnaryOperator<LiveState>>> work, long deadline) {
    return meeting(meetingId).compose(m -> route(m, work, deadline));
  }

  private Future<Long> route(LiveMeeting m, Function<LiveState, Future<UnaryOperator<LiveState>>> work, long deadline) {
    if (m.retired()) {
      return route(m.id, work, deadline); // the room was let go meanwhile: the meeting's room as it is now
    }
    if (m.writer()) {
      return inOrder(m, work).recover(e -> {
        if (e instanceof WorkDone done) {
          return retry(m, state -> Future.succeededFuture(done.change), deadline, e);
        }
        // The lease went while the change waited for its turn: it goes to the new writer.
        return e instanceof RemoteUpdates.NoWriter ? retry(m, work, deadline, e) : Future.failedFuture(e);
      });
    }
    return remote.update(m.id, work).recover(e -> {
      if (e instanceof RemoteUpdates.WorkDone done) {
        return retry(m, state -> Future.succeededFuture(done.change()), deadline, e);
      }
      if (e instanceof RemoteUpdates.NoWriter) {
        LOG.debug("{} for meeting {}: taking it over if its lease is free", e.getMessage(), m.id);
        return claim(m).compose(owned -> owned ? route(m, work, deadline) : retry(m, work, deadline, e));
      }
      return Future.failedFuture(e);
    });
  }

  private Future<Long> retry(LiveMeeting m, Function<LiveState, Future<UnaryOperator<LiveState>>> work, long deadline,
                             Throwable why) {
    if (System.currentTimeMillis() > deadline) {
      LOG.warn("No node writes meeting {} ({})", m.id, why.toString());
      return Future.failedFuture(new ApiException(503, "live_unavailable",
          "The meeting's live room is moving to another server; try again in a moment."));
    }
    io.vertx.core.Promise<Long> later = io.vertx.core.Promise.promise();
    vertx.setTimer(100, t -> route(m, work, deadline).onComplete(later));
    return later.future();
  }

  /**
   * This node writes the meeting: after the meeting's earlier changes, {@code work} gets the state
   * and yields the change, which is committed (nothing is sent when it leaves the state as it was).
   * A lease lost at the commit fails with the change (already made in the database) kept, to be
   * made by the new writer.
   */
  private Future<Long> inOrder(LiveMeeting m, Function<LiveState, Future<UnaryOperator<LiveState>>> work) {
    Future<?> previous = commandTails.getOrDefault(m.id, Future.succeededFuture());
    Future<Long> done = previous.transform(ignored -> {
      if (!m.writer()) {
        return Future.failedFuture(new RemoteUpdates.NoWriter("lease lost"));
      }
      return work.apply(m.state()).compose(change -> {
        LiveState next = change.apply(m.state());
        if (next == m.state()) {
          return Future.succeededFuture(m.seq()); // nothing changed: nothing to send
        }
        return m.commit(next).recover(e -> {
          if (e instanceof LiveMeeting.NotWriter) {
            giveUp(m);
            return Future.failedFuture(new WorkDone(change));
          }
          return Future.failedFuture(e);
        });
      });
    });
    commandTails.put(m.id, done);
    done.onComplete((v, e) -> commandTails.remove(m.id, done));
    return done;
  }

  /** The work of a change is done (committed); only the change of the live state is still to be made. */
  private static final class WorkDone extends RuntimeException {
    final UnaryOperator<LiveState> change;

    WorkDone(UnaryOperator<LiveState> change) {
      super("The lease was lost before the change was saved", null, false, false);
      this.change = change;
    }
  }

  /** A presenter's command as a change of the state as the writer has it. */
  private Future<UnaryOperator<LiveState>> change(LiveSocket s, LiveMeeting room, LiveState state, LiveCommand command) {
    if (command instanceof LiveCommand.Show show) {
      return PresentableDocument.byId(pool, show.documentId()).map(found -> {
        PresentableDocument doc = found.filter(d -> d.meetingId() == room.id)
            .orElseThrow(() -> ApiException.notFound("The document"));
        if (!doc.ready()) {
          throw new ApiException(409, "not_ready", "The document is still being prepared; present it when it is ready.");
        }
        requirePage(show.page(), doc.pageCount());
        stillPresenter(s, room);
        Instant now = Instant.now();
        return current -> current.show(doc.id(), doc.name(), doc.sha256(), doc.pageCount(), doc.classified(), show.page(), now);
      });
    }
    LiveState next = next(state, command);
    return Future.succeededFuture(current -> next);
  }

  /**
   * The room as it is now: an empty room may have been let go (see sweep) while the access check
   * ran; it is loaded again (its state was saved).
   */
  private Future<LiveMeeting> current(LiveMeeting m) {
    Future<LiveMeeting> now = meetings.get(m.id);
    return now != null ? now : meeting(m.id);
  }

  /** The role may have been handed over while the document was looked up. */
  private static void stillPresenter(LiveSocket s, LiveMeeting m) {
    Set<Role> roles = m.knownRoles(s.actor.id());
    if (!AccessPolicy.allows(s.actor, roles == null ? Set.of() : roles, Action.PRESENT)) {
      throw ApiException.forbidden(Action.PRESENT.denial());
    }
  }

  private static LiveState next(LiveState state, LiveCommand command) {
    if (command instanceof LiveCommand.GoTo go) {
      return presented(state).page(requirePage(go.page(), state.pageCount()));
    } else if (command instanceof LiveCommand.Blank blank) {
      return state.blank(blank.on());
    } else if (command instanceof LiveCommand.Pointer pointer) {
      return presented(state).pointer(pointer.at());
    } else if (command instanceof LiveCommand.Zoom zoom) {
      return presented(state).zoom(zoom.region());
    }
    return state.stop();
  }

  private static LiveState presented(LiveState state) {
    if (!state.presenting()) {
      throw ApiException.conflict("nothing_presented", "Nothing is presented: choose a document first.");
    }
    return state;
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

  /**
   * The meeting's room, loaded once (state from the database, participants for the checks).
   * Clustered, the room starts as a mirror: it listens to the writer's changes before it reads the
   * saved state (every published change is saved first, so nothing falls between the two).
   */
  private Future<LiveMeeting> meeting(long meetingId) {
    Future<LiveMeeting> f = meetings.get(meetingId);
    if (f == null) {
      Future<Void> listening = node.clustered() ? listen(meetingId) : Future.succeededFuture();
      f = listening.compose(v -> LiveStateRepository.load(pool, meetingId)).compose(stored -> {
        if (stored == null) {
          return Future.failedFuture(ApiException.notFound("The meeting"));
        }
        LiveMeeting m = new LiveMeeting(meetingId, vertx, pool, stored.seq(), stored.state());
        if (node.clustered()) {
          m.clustered(publisher);
        }
        // The first snapshot already names the presenter the participant list has.
        return Participants.of(pool, meetingId).compose(list -> m.participantsLoaded(list)
            ? route(m, presenterAsListed(m.id), System.currentTimeMillis() + ROUTE_LIMIT_MS)
                .onFailure(e -> LOG.warn("Could not show the presenter of meeting {}: {}", meetingId, e.toString()))
                .otherwiseEmpty().map(m)
            : Future.succeededFuture(m));
      });
      meetings.put(meetingId, f);
      f.onComplete((m, e) -> {
        if (e != null) {
          meetings.remove(meetingId);
          early.remove(meetingId);
          stopListening(meetingId);
        } else if (node.clustered()) {
          loaded(m);
        }
      });
    }
    return f;
  }

  /**
   * The presenter in the live state follows the participant list: the meeting's writer reads it
   * again when it makes the change (the newest list wins, whichever node heard of it first); then
   * the sockets of those who lost their access are stopped.
   */
  private void presenterAsListed(LiveMeeting m, boolean presenterChanged) {
    if (!presenterChanged) {
      m.revokeLostAccess();
      return;
    }
    update(m.id, presenterAsListed(m.id)).onComplete((seq, e) -> {
      if (e != null) {
        LOG.warn("Could not show the new presenter of meeting {}: {}", m.id, e.toString());
      }
      m.revokeLostAccess();
    });
  }

  /** The change that names the presenter the participant list has now. */
  private Function<LiveState, Future<UnaryOperator<LiveState>>> presenterAsListed(long meetingId) {
    return state -> Participants.of(pool, meetingId).map(list -> s -> LiveMeeting.withPresenter(s, list));
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
          presenterAsListed(m, m.participantsLoaded(list));
        }
      });
    }).onFailure(e -> LOG.warn("Could not reload the participants of meeting {}: {}", meetingId, e.toString()));
  }

  // ---- Clustered: one writer per meeting, every node mirrors ----

  private final LivePublisher publisher = new LivePublisher() {
    @Override
    public String nodeId() {
      return node.id();
    }

    @Override
    public void publish(long meetingId, String frame) {
      vertx.eventBus().publish(LiveAddresses.published(meetingId), frame);
    }

    @Override
    public void publishPresence(long meetingId, JsonObject part) {
      vertx.eventBus().publish(LiveAddresses.presenceParts(meetingId), new JsonObject().put("node", node.id()).put("part", part));
    }
  };

  /**
   * Listens to the changes the meeting's writer publishes (applied in order on the hub's context)
   * and to the other nodes' parts of the presence (asked for once listening).
   */
  private Future<Void> listen(long meetingId) {
    MessageConsumer<String> changes = vertx.eventBus().consumer(LiveAddresses.published(meetingId), msg -> {
      Future<LiveMeeting> f = meetings.get(meetingId);
      if (f != null && f.succeeded()) {
        mirror(f.result(), msg.body());
      } else if (f != null) {
        early.put(meetingId, msg.body()); // the room is still loading: the newest change waits for it
      }
    });
    MessageConsumer<JsonObject> presence = vertx.eventBus().consumer(LiveAddresses.presenceParts(meetingId), msg -> {
      Future<LiveMeeting> f = meetings.get(meetingId);
      String from = msg.body().getString("node");
      if (f == null || !f.succeeded() || node.id().equals(from)) {
        return;
      }
      if (msg.body().getBoolean("ask", false)) {
        f.result().presenceChanged(); // answers with this node's part
      } else {
        f.result().remotePresence(from, msg.body().getJsonObject("part"));
      }
    });
    published.put(meetingId, changes);
    presenceParts.put(meetingId, presence);
    return Future.all(changes.completion(), presence.completion()).mapEmpty();
  }

  private static void mirror(LiveMeeting m, String frame) {
    JsonObject body = new JsonObject(frame).getJsonObject("body");
    m.mirrored(body.getLong("seq"), LiveState.fromJson(body.getJsonObject("state")), frame);
  }

  /** Clustered: a room just loaded takes the change published while it loaded, and asks the others for their followers. */
  private void loaded(LiveMeeting m) {
    String frame = early.remove(m.id);
    if (frame != null) {
      mirror(m, frame);
    }
    vertx.eventBus().publish(LiveAddresses.presenceParts(m.id), new JsonObject().put("node", node.id()).put("ask", true));
    // The other nodes learn of this node's new subscription a moment after it is made: a change
    // published in that moment is not delivered here, so the saved state is read again shortly after.
    for (long delay : CATCH_UP_MS) {
      vertx.setTimer(delay, t -> catchUp(m));
    }
  }

  private static final long[] CATCH_UP_MS = {300, 1_000, 3_000};

  /** Clustered mirror: takes the saved state when it is newer than what this node has shown. */
  private void catchUp(LiveMeeting m) {
    if (m.retired() || m.epoch() != 0) {
      return;
    }
    LiveStateRepository.load(pool, m.id).onSuccess(stored -> {
      if (stored != null) {
        m.mirrored(stored.seq(), stored.state(), null);
      }
    }).onFailure(e -> LOG.info("Could not read the live state of meeting {}: {}", m.id, e.toString()));
  }

  private void stopListening(long meetingId) {
    MessageConsumer<String> consumer = published.remove(meetingId);
    if (consumer != null) {
      consumer.unregister();
    }
    MessageConsumer<JsonObject> presence = presenceParts.remove(meetingId);
    if (presence != null) {
      presence.unregister();
    }
  }

  /** Clustered: who follows a meeting on this node, and how many sockets it has, for the node that asks. */
  private void answerPeople() {
    vertx.eventBus().<String>consumer(LiveAddresses.nodeSockets(node.id()), msg -> msg.reply(sockets.size()));
    vertx.eventBus().<Long>consumer(LiveAddresses.nodePeople(node.id()), msg -> {
      Future<LiveMeeting> m = meetings.get(msg.body());
      msg.reply(new io.vertx.core.json.JsonArray(m != null && m.succeeded()
          ? new ArrayList<>(m.result().connectedPeople()) : List.of()));
    });
  }

  /** The people following on any other node. */
  private Future<Set<Long>> connectedElsewhere(long meetingId) {
    return askOthers(LiveAddresses::nodePeople, meetingId, (io.vertx.core.json.JsonArray ids) -> {
      Set<Long> people = new java.util.HashSet<>();
      ids.forEach(id -> people.add(((Number) id).longValue()));
      return people;
    }, Set.<Long>of()).map(sets -> {
      Set<Long> union = new java.util.HashSet<>();
      sets.forEach(union::addAll);
      return union;
    });
  }

  /**
   * Takes the meeting's lease when it is free (never held, released, run out, or its node left):
   * whether this node now writes the meeting. It then goes on from the newest saved state.
   */
  private Future<Boolean> claim(LiveMeeting m) {
    if (m.retired()) {
      return Future.succeededFuture(false);
    }
    Future<Boolean> running = claims.get(m.id);
    if (running != null) {
      return running;
    }
    Future<Boolean> claimed = LiveOwnership.acquire(pool, m.id, node.id()).compose(epoch -> {
      if (epoch == null) {
        return Future.succeededFuture(false);
      }
      return LiveStateRepository.load(pool, m.id).compose(stored -> {
        m.becomeWriter(epoch, stored.seq(), stored.state());
        LOG.info("Node {} now writes the live state of meeting {} (epoch {}, seq {})", node.id(), m.id, epoch, m.seq());
        return remote.serve(m.id, this::serveRemote).map(v -> {
          participantsChanged(m.id); // a presenter handed over while nobody wrote the meeting
          return true;
        });
      });
    });
    claims.put(m.id, claimed);
    claimed.onComplete((v, e) -> claims.remove(m.id, claimed));
    return claimed;
  }

  /** Another node's change, made here in the meeting's order (null: this node does not write the meeting). */
  private Future<Long> serveRemote(long meetingId, Function<LiveState, Future<UnaryOperator<LiveState>>> work) {
    Future<LiveMeeting> f = meetings.get(meetingId);
    if (f == null || !f.succeeded() || !f.result().writer()) {
      return null;
    }
    return inOrder(f.result(), work);
  }

  /** Every second: the leases of the meetings this node writes; a lease that could not be kept is given up. */
  private void renewLeases() {
    List<Long> writing = new ArrayList<>();
    meetings.forEach((id, f) -> {
      if (f.succeeded() && f.result().epoch() != 0) {
        writing.add(id);
      }
    });
    if (writing.isEmpty()) {
      return;
    }
    long asked = System.currentTimeMillis();
    LiveOwnership.renew(pool, node.id(), writing).onComplete(ar -> {
      for (Long id : writing) {
        Future<LiveMeeting> f = meetings.get(id);
        boolean kept = ar.succeeded() && ar.result().contains(id);
        boolean mayStillHold = ar.failed() && System.currentTimeMillis() - asked < LiveOwnership.LEASE_MS / 2;
        if (f != null && f.succeeded() && !kept && !mayStillHold && f.result().epoch() != 0) {
          giveUp(f.result());
        }
      }
    });
  }

  /**
   * This node no longer writes the meeting: it stops answering as its writer and catches up with
   * what the new writer saved (changes it published while this node still thought it wrote were ignored).
   */
  private void giveUp(LiveMeeting m) {
    LOG.warn("Node {} no longer writes meeting {} (its lease was taken over or could not be renewed)", node.id(), m.id);
    m.stopWriting();
    remote.stopServing(m.id);
    catchUp(m);
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
    List<LiveMeeting> idle = new ArrayList<>();
    meetings.forEach((id, f) -> {
      if (node.clustered() && f.succeeded() && !f.result().empty()) {
        catchUp(f.result()); // a change lost between the nodes is made up for within a sweep
      }
      if (f.succeeded() && f.result().empty() && f.result().saved() && !commandTails.containsKey(id) && !commandsSent.containsKey(id)
          && !claims.containsKey(id) && now - f.result().lastCommitAt() > SWEEP_MS) {
        idle.add(f.result());
      }
    });
    for (LiveMeeting m : idle) {
      meetings.remove(m.id);
      m.retire();
      stopListening(m.id);
      remote.stopServing(m.id);
      if (node.clustered() && m.epoch() != 0) {
        long epoch = m.epoch();
        m.stopWriting();
        LiveOwnership.release(pool, m.id, node.id(), epoch)
            .onFailure(e -> LOG.info("Could not release meeting {}: {}", m.id, e.toString()));
      }
    }
  }
}
