// Small DOM helpers shared by the pages. Server data only ever goes in through textContent and
// attributes (never innerHTML), so a meeting title like "<img onerror=…>" stays plain text.
import { t, onLanguageChange, roleLabel, statusLabel } from './i18n.js';

/**
 * Creates an element. props: { className, text, id, testid, dataset: {...}, attrs: {...}, on: {event: fn} },
 * children: nodes or strings (strings become text nodes).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  const { className, text, id, testid, dataset, attrs, on } = props;
  if (className) el.className = className;
  if (id) el.id = id;
  if (testid) el.dataset.testid = testid;
  if (text !== undefined && text !== null) el.textContent = String(text);
  for (const [key, value] of Object.entries(dataset || {})) el.dataset[key] = value;
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const [event, fn] of Object.entries(on || {})) el.addEventListener(event, fn);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

// Messages shown in an element are remembered as "how to produce the text", so that a language
// switch re-translates them in place.
const shown = new Map();

onLanguageChange(() => {
  for (const [el, produce] of shown) {
    if (el.isConnected) el.textContent = produce();
    else shown.delete(el);
  }
});

/** Shows produce() in el (re-run after a language switch) and unhides it. */
export function showText(el, produce) {
  if (!el) return;
  shown.set(el, produce);
  el.textContent = produce();
  el.hidden = false;
}

/** Shows a translated message (success / status) in el. */
export function showMessage(el, key, params) {
  showText(el, () => t(key, params));
}

/** Empties and hides a message element. */
export function clearMessage(el) {
  if (!el) return;
  shown.delete(el);
  el.textContent = '';
  el.hidden = true;
  delete el.dataset.code;
}

/** Turns a submit button into a disabled "working…" button and back; busyKey is an i18n key. */
export function setBusy(button, busy, busyKey) {
  if (!button) return;
  if (busy) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    if (busyKey && !button.dataset.idleI18n) {
      button.dataset.idleI18n = button.getAttribute('data-i18n') || '';
      button.setAttribute('data-i18n', busyKey);
      button.textContent = t(busyKey);
    }
  } else {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    if (button.dataset.idleI18n !== undefined) {
      const key = button.dataset.idleI18n;
      delete button.dataset.idleI18n;
      if (key) {
        button.setAttribute('data-i18n', key);
        button.textContent = t(key);
      }
    }
  }
}

/** A badge for a role code. */
export function roleBadge(code) {
  return h('span', { className: `badge badge-role role-${code}`, text: roleLabel(code), dataset: { role: code } });
}

/** A badge for a meeting status code. */
export function statusBadge(code, props = {}) {
  const el = h('span', { ...props, text: statusLabel(code), dataset: { status: code } });
  el.className = `badge badge-status status-${code}`;
  return el;
}

/** Fills el with a badge per role (roles in the conventional order). */
export function renderRoleBadges(el, roles) {
  const order = ['chair', 'secretary', 'presenter', 'member', 'observer', 'guest'];
  const sorted = [...(roles || [])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  el.replaceChildren(...sorted.map(roleBadge));
}

/** A query-string parameter of the current page. */
export function queryParam(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/** The page's ?id= as a meeting id (a positive whole number, as text), or null when it is not one. */
export function meetingIdParam() {
  const raw = queryParam('id');
  return /^[1-9]\d{0,17}$/.test(raw || '') ? raw : null;
}

/** "YYYY-MM-DDTHH:MM" in local time, the value format of <input type="datetime-local">. */
export function toLocalInputValue(date) {
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The ISO-8601 instant of a datetime-local value (read as local time), or null when empty/invalid. */
export function fromLocalInputValue(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The start of the next full hour, a sensible default for a new meeting. */
export function nextFullHour(now = new Date()) {
  const d = new Date(now.getTime());
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return d;
}

/**
 * A same-origin path to go to after sign-in, or null: must start with "/" but not "//" or "/\",
 * contain no control characters, and resolve to this origin.
 */
export function safeNextPath(raw) {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  try {
    const url = new URL(raw, window.location.origin);
    if (url.origin !== window.location.origin) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}
