// The one connection to the server's event bus bridge (/eventbus, SockJS + the Vert.x bridge client,
// both vendored as classic scripts that set window.SockJS and window.EventBus: load them before the
// modules). Reconnects by itself with backoff, registers every subscription again on each (re)open
// (the server then sends a fresh snapshot, so a page resyncs without a reload), and tells listeners
// whether it is connected, for the "Reconnecting…" banner.
//
// A dead connection (a phone unlocked, the Wi-Fi changed) can look open for minutes: sockjs-client
// has no heartbeat timeout. The server sends a SockJS heartbeat every 25 s, so the bus notes when it
// last heard anything and drops a socket that has been silent too long (the client then reconnects
// by itself): when the page is shown again or the network comes back after more than STALE_MS
// (checked a moment later, once what the socket had buffered is in), and in any case after
// DEAD_MS. A request waiting for a reply when the socket closes is rejected at once with
// not_connected (the client forgets its reply handlers when it reconnects).
//
// Protocol: docs/live-protocol.md.

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 5000;
const REPLY_TIMEOUT_MS = 10000;
/** Silence after which a socket is dropped when the page becomes visible again or the network returns. */
const STALE_MS = 30000;
/** Silence after which a socket is dropped anyway: two missed 25-second heartbeats and a margin. */
const DEAD_MS = 60000;
const WATCHDOG_MS = 5000;
/**
 * After the page comes back, what the socket had buffered (a heartbeat that came while the phone
 * slept) is delivered first: look a moment later, so that a healthy socket is not dropped.
 */
const BACK_SETTLE_MS = 1000;

/** Connection states, as the page shows them. */
export const CONNECTING = 'connecting';
export const OPEN = 'open';
export const CLOSED = 'closed';
/** Closed for good (stop(), e.g. after signing out): no reconnecting. */
export const STOPPED = 'stopped';

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
  const closeListeners = new Set();
  const pending = new Set(); // requests waiting for a reply: fail(err) settles one
  let state = CONNECTING;
  let opens = 0;
  let failures = 0; // attempts in a row that closed without ever opening
  let attemptOpened = false; // whether the current connection attempt has opened
  let lastHeard = Date.now(); // when the socket last brought anything (a message or a heartbeat)
  let stopped = false;

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
    notify(stateListeners, next);
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

  function notify(listeners, value) {
    for (const fn of listeners) {
      try { fn(value); } catch (e) { console.error(e); }
    }
  }

  const heard = () => { lastHeard = Date.now(); };

  /** Drops the socket if it has been silent for longer than limitMs (the client reconnects by itself). */
  function dropIfSilent(limitMs) {
    const conn = eb.sockJSConn;
    if (stopped || eb.state !== window.EventBus.OPEN || !conn || conn.readyState !== window.SockJS.OPEN) return false;
    if (Date.now() - lastHeard <= limitMs) return false;
    console.warn(`event bus: nothing heard for ${Math.round((Date.now() - lastHeard) / 1000)} s, reconnecting`);
    try { conn.close(); } catch (e) { console.warn(e); }
    return true;
  }

  const watchdog = setInterval(() => dropIfSilent(DEAD_MS), WATCHDOG_MS);
  let backTimer = null;
  // Shown again (a phone unlocked, a tab brought back, a page restored or unfrozen) or back online.
  const onBack = () => {
    if (document.visibilityState === 'hidden' || backTimer) return;
    backTimer = setTimeout(() => {
      backTimer = null;
      dropIfSilent(STALE_MS);
    }, BACK_SETTLE_MS);
  };
  const backEvents = [[document, 'visibilitychange'], [document, 'resume'], [window, 'pageshow'], [window, 'online']];
  for (const [target, type] of backEvents) target.addEventListener(type, onBack);

  eb.onopen = () => {
    opens += 1;
    failures = 0;
    heard();
    // A new SockJS object for every connection: listen to this one's messages and heartbeats.
    const conn = eb.sockJSConn;
    conn.addEventListener('message', heard);
    conn.addEventListener('heartbeat', heard);
    attemptOpened = true;
    // The client forgets its handlers when the socket closes: register them all again.
    for (const sub of subscriptions) {
      try { register(sub); } catch (e) { console.error(e); }
    }
    setState(OPEN);
    notify(openListeners, { reconnected: opens > 1 });
  };
  eb.onclose = (event) => {
    // Every attempt ends with one close, whether it opened or not.
    const opened = attemptOpened;
    attemptOpened = false;
    if (!opened) failures += 1;
    // The client drops its reply handlers with the socket: nobody would answer these any more.
    for (const request of [...pending]) request.fail(new CommandError('not_connected', 'The connection was lost'));
    setState(stopped ? STOPPED : CLOSED);
    notify(closeListeners, { opened, failures, code: event && event.code });
  };

  /** Closes for good: no reconnecting, no watchdog. */
  function stop() {
    if (stopped) return;
    stopped = true;
    clearInterval(watchdog);
    clearTimeout(backTimer);
    for (const [target, type] of backEvents) target.removeEventListener(type, onBack);
    eb.enableReconnect(false); // also cancels a reconnection waiting for its turn
    eb.state = window.EventBus.CLOSING;
    const conn = eb.sockJSConn;
    if (conn && conn.readyState !== window.SockJS.CLOSED) {
      try { conn.close(); } catch (e) { console.warn(e); }
    }
    for (const request of [...pending]) request.fail(new CommandError('not_connected', 'Closed'));
    setState(STOPPED);
  }

  const api = {
    /** The underlying EventBus (tests reach it as window.__bus.eb). */
    eb,
    get state() { return state; },
    /** How many times the socket has opened (1 on the first connection). */
    get opens() { return opens; },
    /** Connection attempts in a row that failed to open (0 while open). */
    get failures() { return failures; },
    /** Milliseconds since the socket last brought anything (a message or a heartbeat). */
    get silentFor() { return Date.now() - lastHeard; },

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
     * Calls fn({ opened, failures, code }) whenever a socket closes: opened tells whether it had
     * opened, failures how many attempts in a row failed to open (a reconnection follows unless stopped).
     */
    onClose(fn) {
      closeListeners.add(fn);
      return () => closeListeners.delete(fn);
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
      if (stopped || eb.state !== window.EventBus.OPEN) return false;
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
        if (stopped || eb.state !== window.EventBus.OPEN) {
          reject(new CommandError('not_connected', 'Not connected'));
          return;
        }
        const entry = {
          fail(err) {
            if (!pending.delete(entry)) return;
            clearTimeout(entry.timer);
            reject(err);
          },
          succeed(value) {
            if (!pending.delete(entry)) return;
            clearTimeout(entry.timer);
            resolve(value);
          },
          timer: null,
        };
        pending.add(entry);
        entry.timer = setTimeout(() => entry.fail(new CommandError('timeout', 'No answer')), REPLY_TIMEOUT_MS);
        try {
          eb.send(address, body, {}, (err, message) => {
            if (err) entry.fail(new CommandError(err.failureType, err.message, err.failureCode));
            else entry.succeed(message ? message.body : null);
          });
        } catch (e) {
          entry.fail(new CommandError('not_connected', e && e.message));
        }
      });
    },

    /** A command to a meeting's live state (docs/live-protocol.md): resolves to { ok, seq }. */
    command(meetingId, body) {
      return api.request(addresses.command(meetingId), body);
    },

    /** Closes the socket for good (no reconnecting): after signing out, for tests and the page's unload. */
    stop,
    close: stop,
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
