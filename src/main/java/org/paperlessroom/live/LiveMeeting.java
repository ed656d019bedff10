package org.paperlessroom.live;

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
 * One meeting's live room on this server: the state with its sequence number (this object is its
 * only writer), the sockets that follow it and those that watch presence. Every change is encoded
 * once and the same frame is written to every follower; the state is saved right after the
 * broadcast, one write at a time, always the newest.
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
  private int rolesGeneration;

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

  /** The participants were (re)loaded: roles for the checks, and the presenter into the state. */
  void participantsLoaded(List<Participant> participants) {
    Map<Long, Set<Role>> fresh = new HashMap<>();
    Participant presenter = null;
    for (Participant p : participants) {
      fresh.put(p.userId(), p.roles());
      if (presenter == null && p.roles().contains(Role.PRESENTER)) {
        presenter = p;
      }
    }
    roles = fresh;
    Long presenterId = presenter == null ? null : presenter.userId();
    String presenterName = presenter == null ? null : presenter.displayName();
    if (!java.util.Objects.equals(presenterId, state.presenterId()) || !java.util.Objects.equals(presenterName, state.presenterName())) {
      apply(state.presenter(presenterId, presenterName));
    }
    // Someone removed from the meeting, or who lost the role that let them see presence, stops at once.
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

  /** Accepts a change: next sequence number, one frame to every follower, then saved. */
  long apply(LiveState next) {
    state = next;
    seq++;
    Broadcast frame = new Broadcast(BridgeFrames.message(liveAddress, body(false)));
    for (LiveSocket s : followers) {
      s.writeNewest(LiveSocket.Feed.LIVE, frame);
    }
    save();
    return seq;
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

  void presenceChanged() {
    if (presencePending || watchers.isEmpty()) {
      return;
    }
    presencePending = true;
    vertx.setTimer(PRESENCE_DELAY_MS, t -> {
      presencePending = false;
      Broadcast frame = new Broadcast(BridgeFrames.message(presenceAddress, presence()));
      for (LiveSocket s : watchers) {
        s.writeNewest(LiveSocket.Feed.PRESENCE, frame);
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

  /** The people with at least one following device. */
  Set<Long> connectedPeople() {
    return Set.copyOf(devicesByPerson.keySet());
  }

  int followerCount() {
    return followers.size();
  }

  private JsonObject body(boolean snapshot) {
    // "now": the server's clock, so that clients can show timers without trusting their own.
    JsonObject body = new JsonObject().put("seq", seq).put("now", System.currentTimeMillis());
    if (snapshot) {
      body.put("snapshot", true);
    }
    return body.put("state", state.toJson());
  }

  /** Who is connected: one entry per person, following if any of their devices follows. */
  JsonObject presence() {
    Map<Long, JsonObject> people = new LinkedHashMap<>();
    int detached = 0;
    int sockets = 0;
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
        .put("people", people.size()).put("sockets", sockets).put("detached", detached);
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
