// Who is signed in, sign-in / sign-out, and the header every page shares.
import { get, post, del, requireSignIn, rememberCsrfToken, redirectToSignIn, showError, clearError } from './api.js';
import { initI18n, setLanguage, otherLanguage, onLanguageChange, applyTranslations } from './i18n.js';
import { h, setBusy, showMessage } from './ui.js';

let currentUser = null;

/** GET /api/session: the signed-in user or null. Also refreshes the CSRF token (cookie and body). */
export async function loadSession() {
  const data = await get('/api/session', { redirectOn401: false });
  rememberCsrfToken(data && data.csrfToken);
  currentUser = (data && data.user) || null;
  return currentUser;
}

/** The user of the last loadSession()/signIn(). */
export function sessionUser() {
  return currentUser;
}

/** Signs in, then asks for the session again (the session id, and with it the CSRF token, is renewed). */
export async function signIn(username, password) {
  await post('/api/session', { username, password }, { redirectOn401: false });
  const user = await loadSession();
  renderHeader(user);
  return user;
}

/** Signs out and goes to the front door. */
export async function signOut() {
  try {
    await del('/api/session', { redirectOn401: false });
  } finally {
    currentUser = null;
    window.location.assign('/index.html');
  }
}

/**
 * Starts a page: translations, the header, the session. With needsSignIn a visitor who is not
 * signed in is sent to the sign-in page (and null is returned; the page just stops).
 */
export async function startPage({ needsSignIn = false } = {}) {
  await initI18n();
  requireSignIn(needsSignIn);
  renderHeader(null);
  const user = await loadSession();
  if (needsSignIn && !user) {
    redirectToSignIn();
    return null;
  }
  renderHeader(user);
  return user;
}

let header = null;

function buildHeader(container) {
  const langSwitch = h('button', {
    id: 'lang-switch', className: 'button button-quiet',
    attrs: { type: 'button', 'data-i18n': 'lang.switchTo', 'data-i18n-title': 'lang.switchLabel' },
    on: { click: () => setLanguage(otherLanguage()).catch((e) => console.error(e)) },
  });
  const signOutButton = h('button', {
    id: 'sign-out', className: 'button button-quiet',
    attrs: { type: 'button', 'data-i18n': 'header.signOut', hidden: true },
    on: { click: () => { setBusy(signOutButton, true); signOut(); } },
  });
  const userName = h('span', { id: 'user-name', className: 'user-name', attrs: { hidden: true } });
  const guestBadge = h('span', {
    id: 'user-guest', className: 'badge badge-role role-guest', attrs: { 'data-i18n': 'header.guest', hidden: true },
  });
  const adminLink = h('a', {
    id: 'admin-link', className: 'button button-quiet', attrs: { href: 'admin.html', 'data-i18n': 'header.admin', hidden: true },
  });
  const brand = h('a', { id: 'home-link', className: 'brand', attrs: { href: 'index.html', 'data-i18n-aria-label': 'header.home' } },
    h('img', { attrs: { src: 'favicon.svg', alt: '', width: 36, height: 36 } }),
    h('span', { className: 'brand-name', attrs: { 'data-i18n': 'app.name' } }));
  const who = h('div', { className: 'who' }, userName, guestBadge);
  const actions = h('div', { className: 'header-actions' }, adminLink, langSwitch, signOutButton);
  container.replaceChildren(h('div', { className: 'header-inner' }, brand, who, actions));
  container.classList.add('app-header');
  applyTranslations(container);
  const updateLangAttribute = () => langSwitch.setAttribute('lang', otherLanguage());
  updateLangAttribute();
  onLanguageChange(updateLangAttribute);
  return { userName, guestBadge, adminLink, signOutButton, who };
}

/** Fills the page's <header id="app-header"> for this user (or for a visitor when user is null). */
export function renderHeader(user) {
  const container = document.getElementById('app-header');
  if (!container) return;
  if (!header) header = buildHeader(container);
  header.userName.textContent = user ? user.displayName : '';
  header.userName.hidden = !user;
  header.guestBadge.hidden = !(user && user.guest);
  header.who.hidden = !user;
  header.adminLink.hidden = !(user && user.admin);
  header.signOutButton.hidden = !user;
}

/**
 * Wires the sign-in form (ids #sign-in-form, #username, #password, #sign-in-button, #sign-in-error,
 * the same on every page that has one). onSignedIn(user) runs after a successful sign-in.
 */
export function wireSignInForm(onSignedIn) {
  const form = document.getElementById('sign-in-form');
  const button = document.getElementById('sign-in-button');
  const error = document.getElementById('sign-in-error');
  const username = document.getElementById('username');
  const password = document.getElementById('password');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(error);
    if (!username.value.trim() || !password.value) {
      showMessage(error, 'signIn.missing');
      (username.value.trim() ? password : username).focus();
      return;
    }
    setBusy(button, true, 'signIn.busy');
    try {
      const user = await signIn(username.value.trim(), password.value);
      password.value = '';
      await onSignedIn(user);
    } catch (e) {
      showError(error, e);
      password.value = '';
      password.focus();
    } finally {
      setBusy(button, false);
    }
  });
}
