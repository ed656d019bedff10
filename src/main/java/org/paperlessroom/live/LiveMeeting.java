package org.paperlessroom.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.paperlessroom.auth.AccessPolicy;
import org.paperlessroom.auth.Action;
import org.paperlessroom.auth.Role;
import org.paperlessroom.meeting.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One meeting's live room on this server: the state with its sequence number, the sockets that
 * follow it and those that watch presence. Every change is encoded once and the same frame is
 * written to every follower.
 *
 * <p>A single server is the state's only writer: the state is saved right after the broadcast, one
 * write at a time, always the newest. In a cluster the room is either the meeting's writer (it holds
 * the lease, see {@link LiveOwnership}: each change is saved first, under its epoch, then broadcast
 * here and published to the other nodes) or a mirror of it (it takes the published changes and
 * writes them to its own sockets).
 */
final class LiveMeeting {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMeeting.class);
  private static final long PRESENCE_DELAY_MS = 250;
  private static final int PRESENCE_LIST_MAX = 300;

  final long id;
  private final Vertx vertx;
  private final Pool pool;
  private final String liveAddress;
  private final String presenceAddress;
  private final Set<LiveSocket> followers = new LinkedHashSet<>();
  private final Set<LiveSocket> watchers = new LinkedHashSet<>();
  private Map<Long, Set<Role>> roles = new HashMap<>();
  /** How many of each person's sockets follow: the first one in and the last one out are told to attendance. */
  private final Map<Long, Integer> devicesByPerson = new HashMap<>();
  private long seq;
  private LiveState state;
  private boolean saving;
  private boolean unsaved;
  private boolean presencePending;
  private boolean localPresenceChanged;
  /** Clustered: each other node's part of the presence. */
  private final Map<String, JsonObject> remoteParts = new HashMap<>();
  private int rolesGeneration;
  /** Clustered: the lease epoch while this node writes the meeting, 0 while it mirrors it. */
  private long epoch;
  private LivePublisher publisher;
  private long lastCommitAt = System.currentTimeMillis();
  private boolean retired;

  LiveMeeting(long id, Vertx vertx, Pool pool, long seq, LiveState state) {
    this.id = id;
    this.vertx = vertx;
    this.pool = pool;
    this.seq = seq;
    this.state = state;
    this.liveAddress = LiveAddresses.live(id);
    this.presenceAddress = LiveAddresses.presence(id);
  }

  LiveState state() {
    return state;
  }

  long seq() {
    return seq;
  }

  /** The roles of a participant as last loaded, or null when not known here. */
  Set<Role> knownRoles(long userId) {
    return roles.get(userId);
  }

  void rememberRoles(long userId, Set<Role> theirRoles) {
    roles.put(userId, theirRoles);
  }

  /**
   * The participants were (re)loaded: roles for the checks; whether the state names another
   * presenter than they do. See {@link #revokeLostAccess}.
   */
  boolean participantsLoaded(List<Participant> participants) {
    Map<Long, Set<Role>> fresh = new HashMap<>();
    for (Participant p : participants) {
      fresh.put(p.userId(), p.roles());
    }
    roles = fresh;
    return withPresenter(state, participants) != state;
  }

  /** The state naming the participants' presenter (the same state when it already does). */
  static LiveState withPresenter(LiveState state, List<Participant> participants) {
    Participant presenter = participants.stream().filter(p -> p.roles().contains(Role.PRESENTER)).findFirst().orElse(null);
    Long presenterId = presenter == null ? null : presenter.userId();
    String presenterName = presenter == null ? null : presenter.displayName();
    return java.util.Objects.equals(presenterId, state.presenterId())
        && java.util.Objects.equals(presenterName, state.presenterName()) ? state : state.presenter(presenterId, presenterName);
  }

  /** Someone removed from the meeting, or who lost the role that let them see presence, stops at once. */
  void revokeLostAccess() {
    Map<Long, Set<Role>> fresh = roles;
    for (LiveSocket s : new ArrayList<>(followers)) {
      if (!AccessPolicy.allows(s.actor, fresh.getOrDefault(s.actor.id(), Set.of()), Action.VIEW_MEETING)) {
        unfollow(s);
        s.write(BridgeFrames.error(liveAddress, 403, "forbidden", "You are no longer a participant of this meeting."));
      }
    }
    for (LiveSocket s : new ArrayList<>(watchers)) {
      if (!AccessPolicy.allows(s.actor, fresh.getOrDefault(s.actor.id(), Set.of()), Action.VIEW_PRESENCE)) {
        unwatch(s);
        s.write(BridgeFrames.error(presenceAddress, 403, "forbidden", Action.VIEW_PRESENCE.denial()));
      }
    }
  }

  /** Participant reloads may finish out of order: only the newest one counts. */
  int nextRolesGeneration() {
    return ++rolesGeneration;
  }

  int rolesGeneration() {
    return rolesGeneration;
  }

  /**
   * Accepts a change from the meeting's one writer: the next sequence number. A single server
   * broadcasts, then saves; a clustered writer saves first (a change nobody could read back after
   * a take-over is never shown) and fails with {@link NotWriter} when its lease was taken over.
   */
  Future<Long> commit(LiveState next) {
    lastCommitAt = System.currentTimeMillis();
    if (publisher == null) {
      show(seq + 1, next, null);
      save();
      return Future.succeededFuture(seq);
    }
    if (epoch == 0) {
      return Future.failedFuture(new NotWriter());
    }
    long nextSeq = seq + 1;
    JsonObject nextJson = next.toJson(); // encoded once: saved, then sent
    return LiveStateRepository.saveOwned(pool, id, nextSeq, nextJson, publisher.nodeId(), epoch).map(saved -> {
      if (!saved) {
        epoch = 0;
        throw new NotWriter();
      }
      state = next;
      seq = nextSeq;
      String frame = BridgeFrames.message(liveAddress, body(false, nextJson));
      publisher.publish(id, frame); // first: the other nodes' followers need not wait for this node's
      show(nextSeq, next, frame);
      return nextSeq;
    });
  }

  /** Sets the state and writes it to every follower (encoded here unless the writer's frame is given). */
  private Broadcast show(long nextSeq, LiveState next, String encoded) {
    state = next;
    seq = nextSeq;
    Broadcast frame = new Broadcast(encoded != null ? encoded : BridgeFrames.message(liveAddress, body(false)));
    for (LiveSocket s : followers) {
      s.writeNewest(LiveSocket.Feed.LIVE, frame);
    }
    return frame;
  }

  /** Clustered mirror: a change published by the writer (older ones, and this node's own, are ignored). */
  void mirrored(long publishedSeq, LiveState published, String frame) {
    if (epoch == 0 && publishedSeq > seq) {
      show(publishedSeq, published, frame);
    }
  }

  /** Clustered: this node now writes the meeting, from the newest saved state. */
  void becomeWriter(long newEpoch, long storedSeq, LiveState stored) {
    if (storedSeq > seq) {
      show(storedSeq, stored, null);
    }
    epoch = newEpoch;
  }

  /** Clustered: the lease went to another node (or ran out): from now on this room mirrors. */
  void stopWriting() {
    epoch = 0;
  }

  /** Let go by its hub (nobody followed it here): a newer room of the meeting may be loaded. */
  void retire() {
    retired = true;
  }

  boolean retired() {
    return retired;
  }

  boolean writer() {
    return publisher == null || epoch != 0;
  }

  long epoch() {
    return epoch;
  }

  long lastCommitAt() {
    return lastCommitAt;
  }

  void clustered(LivePublisher clusterPublisher) {
    this.publisher = clusterPublisher;
  }

  /** This node's lease on the meeting was taken over: the change goes to the meeting's writer instead. */
  static final class NotWriter extends RuntimeException {
    NotWriter() {
      super("This node no longer writes the meeting's live state", null, false, false);
    }
  }

  void follow(LiveSocket s) {
    if (followers.add(s)) {
      s.meeting(LiveSocket.Feed.LIVE, id);
      if (s.actor != null && devicesByPerson.merge(s.actor.id(), 1, Integer::sum) == 1) {
        ConnectionEvents.publish(vertx, id, s.actor.id(), true);
      }
    }
    // The snapshot goes out on the same thread as every change: nothing falls between the two.
    s.write(BridgeFrames.message(liveAddress, body(true)));
    presenceChanged();
  }

  void unfollow(LiveSocket s) {
    if (followers.remove(s)) {
      s.meeting(LiveSocket.Feed.LIVE, 0);
      if (s.actor != null && devicesByPerson.merge(s.actor.id(), -1, Integer::sum) <= 0) {
        devicesByPerson.remove(s.actor.id());
        ConnectionEvents.publish(vertx, id, s.actor.id(), false);
      }
      presenceChanged();
    }
  }

  void watch(LiveSocket s) {
    watchers.add(s);
    s.meeting(LiveSocket.Feed.PRESENCE, id);
    s.write(BridgeFrames.message(presenceAddress, presence()));
  }

  void unwatch(LiveSocket s) {
    if (watchers.remove(s)) {
      s.meeting(LiveSocket.Feed.PRESENCE, 0);
    }
  }

  void join(LiveSocket.Feed feed, LiveSocket s) {
    if (feed == LiveSocket.Feed.LIVE) {
      follow(s);
    } else {
      watch(s);
    }
  }

  void leave(LiveSocket.Feed feed, LiveSocket s) {
    if (feed == LiveSocket.Feed.LIVE) {
      unfollow(s);
    } else {
      unwatch(s);
    }
  }

  /** This node's followers changed: watchers are told (a quarter of a second later, once); clustered, the other nodes too. */
  void presenceChanged() {
    localPresenceChanged = true;
    presenceToWatchers();
  }

  /** Clustered: another node's part of the presence (null: that node has none any more). */
  void remotePresence(String nodeId, JsonObject part) {
    if (part == null) {
      remoteParts.remove(nodeId);
    } else {
      remoteParts.put(nodeId, part);
    }
    presenceToWatchers();
  }

  private void presenceToWatchers() {
    if (presencePending || (watchers.isEmpty() && !(publisher != null && localPresenceChanged))) {
      return;
    }
    presencePending = true;
    vertx.setTimer(PRESENCE_DELAY_MS, t -> {
      presencePending = false;
      if (publisher != null && localPresenceChanged) {
        publisher.publishPresence(id, localPresence());
      }
      localPresenceChanged = false;
      if (!watchers.isEmpty()) {
        Broadcast frame = new Broadcast(BridgeFrames.message(presenceAddress, presence()));
        for (LiveSocket s : watchers) {
          s.writeNewest(LiveSocket.Feed.PRESENCE, frame);
        }
      }
    });
  }

  boolean empty() {
    return followers.isEmpty() && watchers.isEmpty();
  }

  /** Closes every follower's socket (their clients reconnect and resync from a snapshot). */
  void dropSockets() {
    for (LiveSocket s : new ArrayList<>(followers)) {
      s.close();
    }
    for (LiveSocket s : new ArrayList<>(watchers)) {
      s.close();
    }
  }

  /** The people with at least one following device on this node. */
  Set<Long> connectedPeople() {
    return Set.copyOf(devicesByPerson.keySet());
  }

  /** Clustered: this node's part of the presence, for the other nodes. */
  JsonObject localPresence() {
    return presence(Map.of()).put("ids", new JsonArray(new ArrayList<>(devicesByPerson.keySet())));
  }

  int followerCount() {
    return followers.size();
  }

  private JsonObject body(boolean snapshot) {
    return body(snapshot, state.toJson());
  }

  private JsonObject body(boolean snapshot, JsonObject stateJson) {
    // "now": the server's clock, so that clients can show timers without trusting their own.
    JsonObject body = new JsonObject().put("seq", seq).put("now", System.currentTimeMillis());
    if (snapshot) {
      body.put("snapshot", true);
    }
    return body.put("state", stateJson);
  }

  /** Who is connected (on every node): one entry per person, following if any of their devices follows. */
  JsonObject presence() {
    return presence(remoteParts);
  }

  private JsonObject presence(Map<String, JsonObject> others) {
    Map<Long, JsonObject> people = new LinkedHashMap<>();
    Set<Long> everyone = new java.util.HashSet<>(devicesByPerson.keySet());
    int detached = 0;
    int sockets = 0;
    for (JsonObject part : others.values()) {
      sockets += part.getInteger("sockets", 0);
      detached += part.getInteger("detached", 0);
      part.getJsonArray("ids", new JsonArray()).forEach(i -> everyone.add(((Number) i).longValue()));
      for (Object o : part.getJsonArray("connected", new JsonArray())) {
        JsonObject theirs = (JsonObject) o;
        JsonObject entry = people.get(theirs.getLong("userId"));
        if (entry == null) {
          if (people.size() < PRESENCE_LIST_MAX) {
            people.put(theirs.getLong("userId"), theirs.copy());
          }
        } else {
          theirs.getJsonArray("devices").forEach(d -> {
            if (!entry.getJsonArray("devices").contains(d)) {
              entry.getJsonArray("devices").add(d);
            }
          });
          entry.put("following", entry.getBoolean("following") || theirs.getBoolean("following"));
        }
      }
    }
    for (LiveSocket s : followers) {
      sockets++;
      if (!s.following) {
        detached++;
      }
      if (s.actor == null) {
        continue;
      }
      JsonObject entry = people.get(s.actor.id());
      if (entry == null) {
        if (people.size() >= PRESENCE_LIST_MAX) {
          continue;
        }
        entry = new JsonObject().put("userId", s.actor.id()).put("name", s.actor.displayName())
            .put("device", s.device).put("following", s.following).put("devices", new JsonArray());
        people.put(s.actor.id(), entry);
      }
      JsonArray devices = entry.getJsonArray("devices");
      if (!devices.contains(s.device)) {
        devices.add(s.device);
      }
      entry.put("following", entry.getBoolean("following") || s.following);
    }
    return new JsonObject().put("connected", new JsonArray(new ArrayList<>(people.values())))
        .put("people", Math.max(people.size(), everyone.size())).put("sockets", sockets).put("detached", detached);
  }

  private void save() {
    if (saving) {
      unsaved = true;
      return;
    }
    saving = true;
    long savedSeq = seq;
    LiveStateRepository.save(pool, id, savedSeq, state).onComplete(ar -> {
      saving = false;
      if (ar.failed()) {
        LOG.warn("Could not save the live state of meeting {} (seq {}): {}", id, savedSeq, ar.cause().toString());
      }
      if (unsaved || ar.failed() && savedSeq == seq) {
        unsaved = false;
        if (ar.failed()) {
          vertx.setTimer(1000, t -> save());
        } else {
          save();
        }
      }
    });
  }

  /** Whether the newest state is in the database (for a clean shutdown and for tests). */
  boolean saved() {
    return !saving && !unsaved;
  }
}
