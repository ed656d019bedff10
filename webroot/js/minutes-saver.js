// Autosave for one field of the minutes (PUT /api/meetings/N/minutes/fields/<field> {content, baseVersion}).
// What is typed goes to localStorage (`minutes-<meetingId>` → {field: {content, baseVersion, at}})
// before anything is sent, and leaves it only once the server has it: a lost connection, a closed tab
// or a reload loses nothing. A save is sent 2.5 s after typing stops, or at once when the field is
// left; without a connection it is tried again on the `online` event and by a timer (3 s, doubling
// up to 30 s). A save on an older version is refused by the server (409 edit_conflict with both
// texts): the saver then waits in the "conflict" state, keeping the text, until the person chooses.
import { put } from './api.js';

export const SAVE_DELAY_MS = 2500;
const RETRY_MIN_MS = 3000;
const RETRY_MAX_MS = 30000;

/** States, as data-state on the field and on the page's indicator. */
export const SAVED = 'saved';
export const SAVING = 'saving';
export const OFFLINE = 'offline';
export const CONFLICT = 'conflict';
export const ERROR = 'error';

export const sameContent = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** A field's content from the server ({text} or {tasks}) as the editor holds it: a string or a task list. */
export function fromServer(isTasks, content) {
  if (isTasks) return Array.isArray(content && content.tasks) ? content.tasks.map(cleanTask) : [];
  return (content && typeof content.text === 'string') ? content.text : '';
}

function cleanTask(task) {
  return { task: String((task && task.task) || ''), who: String((task && task.who) || ''), deadline: String((task && task.deadline) || '') };
}

/** Unsaved edits of one meeting's minutes in localStorage. */
export class LocalDrafts {
  constructor(meetingId) {
    this.key = `minutes-${meetingId}`;
  }

  all() {
    try {
      const value = JSON.parse(localStorage.getItem(this.key) || '{}');
      return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
    } catch {
      return {};
    }
  }

  get(field) {
    const entry = this.all()[field];
    return entry && typeof entry === 'object' && 'content' in entry ? entry : null;
  }

  set(field, content, baseVersion) {
    const all = this.all();
    all[field] = { content, baseVersion, at: new Date().toISOString() };
    this.write(all);
  }

  remove(field) {
    const all = this.all();
    if (!(field in all)) return;
    delete all[field];
    this.write(all);
  }

  write(all) {
    try {
      if (Object.keys(all).length) localStorage.setItem(this.key, JSON.stringify(all));
      else localStorage.removeItem(this.key);
    } catch (e) {
      console.warn('minutes: cannot keep the draft on this device', e); // storage full or disabled
    }
  }
}

/**
 * One field's saver. version: the server's version the text is based on; content: the server's text
 * (or task list). Callbacks: onState(state), onConflict(saver, details), onLocked(), onError(error), onSaved().
 */
export class FieldSaver {
  constructor({ meetingId, field, isTasks, version, content, drafts, onState, onConflict, onLocked, onError, onSaved }) {
    Object.assign(this, { meetingId, field, isTasks, drafts, onState, onConflict, onLocked, onError, onSaved });
    this.version = version || 0;
    this.saved = content;
    this.local = content;
    this.state = SAVED;
    this.timer = null;
    this.retryTimer = null;
    this.retryDelay = RETRY_MIN_MS;
    this.inFlight = null;
    this.again = false;
    this.locked = false;
    this.conflict = null; // the 409's details while waiting for the person to choose
  }

  get url() {
    return `/api/meetings/${encodeURIComponent(this.meetingId)}/minutes/fields/${encodeURIComponent(this.field)}`;
  }

  get dirty() {
    return !sameContent(this.local, this.saved);
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    if (this.onState) this.onState(state);
  }

  /** The person typed: keep it on the device first, then save a moment after typing stops. */
  edit(content) {
    this.local = content;
    if (this.locked || this.state === CONFLICT) {
      this.drafts.set(this.field, content, this.version);
      return;
    }
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty && !this.inFlight) {
      this.drafts.remove(this.field);
      this.setState(SAVED);
      return;
    }
    this.drafts.set(this.field, content, this.version);
    if (this.state !== OFFLINE && this.state !== ERROR) this.setState(navigator.onLine === false ? OFFLINE : SAVING);
    this.timer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }

  /** Takes an unsaved text kept on the device (after a reload): sent on top of the version it was based on. */
  adopt(entry) {
    this.local = entry.content;
    this.version = Number(entry.baseVersion) || 0;
    this.setState(SAVING);
    return this.flush();
  }

  /** Saves now (leaving the field, a retry); resolves when this save (and any queued one) is done. */
  async flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.locked || this.state === CONFLICT) return;
    if (this.inFlight) {
      this.again = true;
      await this.inFlight;
      return;
    }
    if (!this.dirty) {
      this.drafts.remove(this.field);
      this.setState(SAVED);
      return;
    }
    const content = this.local;
    const base = this.version;
    this.drafts.set(this.field, content, base);
    if (this.state !== OFFLINE) this.setState(SAVING);
    this.inFlight = this.send(content, base);
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
    if (this.again) {
      this.again = false;
      if (this.state === SAVING || (this.state === SAVED && this.dirty)) await this.flush();
    }
  }

  async send(content, base) {
    try {
      const answer = await put(this.url, { content, baseVersion: base });
      this.version = answer.version;
      this.saved = content;
      this.retryDelay = RETRY_MIN_MS;
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      if (this.dirty) {
        // Typed on while this was on its way: the rest goes next, on top of the new version.
        this.drafts.set(this.field, this.local, this.version);
        this.setState(SAVING);
        this.again = true;
      } else {
        this.drafts.remove(this.field);
        this.setState(SAVED);
      }
      if (this.onSaved) this.onSaved(this);
    } catch (e) {
      if (e && e.code === 'edit_conflict') {
        this.conflict = e.details || {};
        this.setState(CONFLICT);
        if (this.onConflict) this.onConflict(this, this.conflict);
      } else if (e && e.code === 'minutes_approved') {
        this.locked = true;
        this.setState(ERROR);
        if (this.onLocked) this.onLocked(this);
      } else if (!e || e.status === 0 || e.status >= 500 || e.status === 429) {
        this.setState(OFFLINE);
        this.scheduleRetry();
      } else {
        this.setState(ERROR);
        if (this.onError) this.onError(e, this);
      }
    }
  }

  scheduleRetry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retry();
    }, this.retryDelay);
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
  }

  /** Back online (or the timer): try again what is waiting. */
  retry() {
    if (this.state !== OFFLINE || this.locked) return;
    this.flush();
  }

  /** The person chose (a merged text saved as `version`, or the saved one): the conflict is over. */
  resolve(content, version) {
    this.conflict = null;
    this.version = version;
    this.saved = content;
    this.local = content;
    this.drafts.remove(this.field);
    this.setState(SAVED);
  }

  /** The server has a newer text (a restore): nothing of mine is waiting, so it simply takes it. */
  replace(content, version) {
    this.resolve(content, version);
  }

  stop() {
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    this.timer = null;
    this.retryTimer = null;
    this.locked = true;
  }
}

/** The page's indicator: the most urgent state of all fields. */
export function overallState(savers) {
  const states = new Set([...savers].map((s) => s.state));
  for (const state of [CONFLICT, ERROR, OFFLINE, SAVING]) {
    if (states.has(state)) return state;
  }
  return SAVED;
}
