// Translations: every user-visible string comes from /i18n/<lang>.json.
// Elements carry data-i18n="key" (textContent), data-i18n-placeholder="key",
// data-i18n-aria-label="key" or data-i18n-alt="key"; applyTranslations() fills them in.

export const LANGUAGES = ['vi', 'en'];
const DEFAULT_LANGUAGE = 'vi';
const STORAGE_KEY = 'lang';
const LOCALES = { vi: 'vi-VN', en: 'en-GB' };

let current = DEFAULT_LANGUAGE;
let dictionary = {};
const cache = new Map();
const listeners = new Set();

function storedLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(saved) ? saved : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE; // storage may be disabled
  }
}

async function load(lang) {
  if (!cache.has(lang)) {
    const url = new URL(`../i18n/${lang}.json`, import.meta.url);
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(`Cannot load ${url}: ${response.status}`);
    }
    cache.set(lang, await response.json());
  }
  return cache.get(lang);
}

/** The current language code ("vi" or "en"). */
export function currentLanguage() {
  return current;
}

/** The BCP 47 locale for Intl formatting (vi-VN or en-GB). */
export function currentLocale() {
  return LOCALES[current];
}

/** Loads the remembered language (default Vietnamese) and translates the page. */
export async function initI18n() {
  current = storedLanguage();
  try {
    dictionary = await load(current);
  } catch (e) {
    console.error(e);
    dictionary = {};
  }
  applyTranslations(document);
  return current;
}

/** Switches the language, remembers it, re-translates the page and tells the listeners. */
export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) {
    return;
  }
  dictionary = await load(lang);
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
  applyTranslations(document);
  for (const listener of listeners) {
    listener(lang);
  }
}

/** The other language, for the header's switch button. */
export function otherLanguage() {
  return current === 'vi' ? 'en' : 'vi';
}

/** Calls fn(lang) after every language change (pages re-render their dynamic parts). */
export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Whether the dictionary has this key. */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(dictionary, key);
}

/** The translation of key, with {name} placeholders replaced by params.name. */
export function t(key, params = {}) {
  const text = has(key) ? dictionary[key] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole);
}

/** Fills in every data-i18n* attribute under root, and sets <html lang>. */
export function applyTranslations(root = document) {
  document.documentElement.lang = current;
  const scope = root.querySelectorAll ? root : document;
  const each = (attribute, apply) => {
    if (root instanceof Element && root.hasAttribute(attribute)) {
      apply(root, root.getAttribute(attribute));
    }
    scope.querySelectorAll(`[${attribute}]`).forEach((el) => apply(el, el.getAttribute(attribute)));
  };
  // A key missing from the dictionary (or a dictionary that could not load) leaves the element as it is.
  each('data-i18n', (el, key) => { if (has(key)) el.textContent = t(key); });
  each('data-i18n-placeholder', (el, key) => { if (has(key)) el.setAttribute('placeholder', t(key)); });
  each('data-i18n-aria-label', (el, key) => { if (has(key)) el.setAttribute('aria-label', t(key)); });
  each('data-i18n-alt', (el, key) => { if (has(key)) el.setAttribute('alt', t(key)); });
  each('data-i18n-title', (el, key) => { if (has(key)) el.setAttribute('title', t(key)); });
}

/** A date and time in the current language, e.g. "08:00 Th 5, 05/03/2026" or "Thu 05 Mar 2026, 08:00". */
export function formatDateTime(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  return new Intl.DateTimeFormat(currentLocale(), {
    weekday: 'short', day: '2-digit', month: current === 'en' ? 'short' : '2-digit', year: 'numeric',
    hour: '2-digit', minute: '2-digit',
  }).format(date);
}

/** The label of a role code (chair, presenter, ...). */
export function roleLabel(code) {
  return has(`role.${code}`) ? t(`role.${code}`) : code;
}

/** The label of a meeting status code (draft, scheduled, in_progress, ended). */
export function statusLabel(code) {
  return has(`status.${code}`) ? t(`status.${code}`) : code;
}
