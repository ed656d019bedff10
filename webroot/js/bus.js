// The one connection to the server's event bus bridge (/eventbus, SockJS + the Vert.x bridge client,
// both vendored as classic scripts that set window.SockJS and window.EventBus: load them before the
// modules). Reconnects by itself with backoff, registers every subscription again on each (re)open
// (the server then sends a fresh snapshot, so a page resyncs without a reload), and tells listeners
// whether it is connected, for the "Reconnecting…" banner.
//
// Protocol: docs/live-protocol.md.

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 5000;
const REPLY_TIMEOUT_MS = 10000;

/** Connection states, as the page shows them. */
export const CONNECTING = 'connecting';
export const OPEN = 'open';
export const CLOSED = 'closed';

/** A refused or failed command: failureType (bad_command, forbidden, not_found, rate_limited, not_connected, timeout), failureCode, message. */
export class CommandError extends Error {
  constructor(failureType, message, failureCode = 0) {
    super(message || failureType);
    this.name = 'CommandError';
    this.failureType = failureType || 'unknown';
    this.failureCode = failureCode || 0;
  }
}

export const addresses = {
  live: (meetingId) => `meeting.${meetingId}.live`,
  presence: (meetingId) => `meeting.${meetingId}.presence`,
  command: (meetingId) => `meeting.${meetingId}.command`,
  status: (meetingId) => `meeting.${meetingId}.status`,
};

let bus = null;

function createBus(url) {
  if (typeof window.EventBus !== 'function') {
    throw new Error('vendor/vertx-eventbus.js (and vendor/sockjs.min.js before it) must be loaded before bus.js is used');
  }
  const subscriptions = new Set(); // { address, onMessage(body, message), onError(err) }
  const stateListeners = new Set();
  const openListeners = new Set();
  let state = CONNECTING;
  let opens = 0;

  const eb = new window.EventBus(url, {
    vertxbus_reconnect_delay_min: RECONNECT_MIN_MS,
    vertxbus_reconnect_delay_max: RECONNECT_MAX_MS,
    vertxbus_ping_interval: 10000,
  });
  eb.enableReconnect(true);
  // Errors that reach no handler (a refused send without a reply handler, say) are not the user's business.
  eb.onerror = (err) => console.warn('event bus:', err);

  function setState(next) {
    if (state === next) return;
    state = next;
    for (const fn of stateListeners) {
      try { fn(next); } catch (e) { console.error(e); }
    }
  }

  function register(sub) {
    sub.handler = (err, message) => {
      if (err) {
        if (sub.onError) sub.onError(err);
        else console.warn('event bus refused', sub.address, err);
        return;
      }
      sub.onMessage(message && message.body, message);
    };
    eb.registerHandler(sub.address, {}, sub.handler);
  }

  eb.onopen = () => {
    opens += 1;
    // The client forgets its handlers when the socket closes: register them all again.
    for (const sub of subscriptions) {
      try { register(sub); } catch (e) { console.error(e); }
    }
    setState(OPEN);
    for (const fn of openListeners) {
      try { fn({ reconnected: opens > 1 }); } catch (e) { console.error(e); }
    }
  };
  eb.onclose = () => setState(CLOSED);

  const api = {
    /** The underlying EventBus (tests reach it as window.__bus.eb). */
    eb,
    get state() { return state; },
    /** How many times the socket has opened (1 on the first connection). */
    get opens() { return opens; },

    /** Calls fn(state) on every change of the connection state; returns a function that stops it. */
    onState(fn) {
      stateListeners.add(fn);
      return () => stateListeners.delete(fn);
    },

    /** Calls fn({ reconnected }) on every (re)open, after the subscriptions are registered again. */
    onOpen(fn) {
      openListeners.add(fn);
      return () => openListeners.delete(fn);
    },

    /**
     * Registers onMessage(body, message) for address now (when open) and again on every reopen.
     * onError(err) gets a refusal ({ failureCode, failureType, message }). Returns unsubscribe().
     */
    subscribe(address, onMessage, onError) {
      const sub = { address, onMessage, onError, handler: null };
      subscriptions.add(sub);
      if (eb.state === window.EventBus.OPEN) register(sub);
      return () => {
        if (!subscriptions.delete(sub)) return;
        if (sub.handler && eb.state === window.EventBus.OPEN) {
          try { eb.unregisterHandler(address, {}, sub.handler); } catch (e) { console.warn(e); }
        }
      };
    },

    /** Sends without waiting for an answer; false when not connected (the caller sends again on open). */
    send(address, body) {
      if (eb.state !== window.EventBus.OPEN) return false;
      try {
        eb.send(address, body, {});
        return true;
      } catch (e) {
        console.warn(e);
        return false;
      }
    },

    /** Sends and waits for the reply: resolves to the reply body, rejects with a CommandError. */
    request(address, body) {
      return new Promise((resolve, reject) => {
        if (eb.state !== window.EventBus.OPEN) {
          reject(new CommandError('not_connected', 'Not connected'));
          return;
        }
        let done = false;
        const timer = setTimeout(() => {
          if (done) return;
          done = true;
          reject(new CommandError('timeout', 'No answer'));
        }, REPLY_TIMEOUT_MS);
        try {
          eb.send(address, body, {}, (err, message) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            if (err) reject(new CommandError(err.failureType, err.message, err.failureCode));
            else resolve(message ? message.body : null);
          });
        } catch (e) {
          done = true;
          clearTimeout(timer);
          reject(new CommandError('not_connected', e && e.message));
        }
      });
    },

    /** A command to a meeting's live state (docs/live-protocol.md): resolves to { ok, seq }. */
    command(meetingId, body) {
      return api.request(addresses.command(meetingId), body);
    },

    /** For tests and the page's unload: closes the socket for good (no reconnect). */
    close() {
      eb.close();
    },
  };
  return api;
}

/** The page's one bus (created on first use). */
export function connectBus(url = '/eventbus') {
  if (!bus) {
    bus = createBus(url);
    window.__bus = bus; // tests drop the socket through this
  }
  return bus;
}

/** A command to the meeting's live state: resolves to the reply body, rejects with a CommandError. */
export function command(meetingId, body) {
  return connectBus().command(meetingId, body);
}
