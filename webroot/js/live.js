// The live room (live.html): follows the meeting's live state (docs/live-protocol.md) on a phone, a
// laptop or the room's projector. Followers see the presented page as it changes; they may browse
// freely (swipe, thumbnails, arrow keys) and come back with one tap on the chip. The current
// presenter and the chair get the controls (js/live-controls.js); the chair, the presenter and the
// secretary see who is connected (js/live-presence.js). The connection is js/bus.js; when it keeps
// failing the page asks whether the person is still signed in, and if not says so and stops.
import { get, showError, clearError } from './api.js';
import { startPage, loadSession, renderHeader } from './session.js';
import { t, onLanguageChange } from './i18n.js';
import { $, h, showText, showMessage, clearMessage, queryParam, meetingIdParam } from './ui.js';
import { connectBus, addresses, CLOSED, OPEN } from './bus.js';
import { createStage, pageUrl, THUMB_WIDTH } from './live-stage.js';
import { initControls } from './live-controls.js';
import { initPresence } from './live-presence.js';
import { initAgenda } from './live-agenda.js';
import { initVotes } from './live-vote.js';

const PREFETCH_AHEAD = 2;
const SWIPE_MIN_PX = 50;
const SWIPE_MAX_MS = 1000;
const MESSAGE_MS = 6000;
/** While the connection keeps failing, GET /api/session at most this often. */
const SESSION_CHECK_MS = 10000;

/** Everything the page knows; the controls and the presence panel read it too. */
const ctx = {
  meetingId: null,
  me: null,
  meeting: null,
  roles: new Set(),
  projector: false,
  device: 'laptop',
  bus: null,
  live: null, // the state of the message with the highest seq
  seq: -1,
  detached: false, // a follower browsing on their own
  localPage: 1,
  statusPending: false, // a status is owed to the server (after each (re)connection's snapshot)
  details: new Map(), // documentId -> document detail (page sizes)
  stage: null,
  controls: null,
  presence: null,
  agenda: null, // the agenda, the run bar, requests to speak, the chair's controls (js/live-agenda.js)
  votes: null, // the vote card and the chair's vote panel (js/live-vote.js)
  skew: 0, // the server's clock − this device's, from the newest message's "now"
  signedOut: false, // the session ended: the page stopped and says so
};

/* ---------- small helpers ---------- */

let messageTimer = null;

function say(key, params) {
  const box = $('#live-message');
  showMessage(box, key, params);
  clearTimeout(messageTimer);
  messageTimer = setTimeout(() => clearMessage(box), MESSAGE_MS);
}

/** Shows a refused or failed command in the user's language. */
function refused(err) {
  if (ctx.signedOut) return;
  if (err && (err.failureCode === 401 || err.failureType === 'unauthorized')) checkSession({ now: true });
  const type = (err && err.failureType) || 'unknown';
  const key = `live.refused.${type}`;
  showText($('#live-error'), () => (t(key) === key ? t('live.refused.unknown') : t(key)));
  $('#live-error').dataset.code = type;
  clearTimeout(refused.timer);
  refused.timer = setTimeout(() => clearError($('#live-error')), MESSAGE_MS);
}

function presenting() {
  return Boolean(ctx.live && ctx.live.documentId != null && ctx.live.sha256);
}

/** Whether I drive the pages: the current presenter, or the chair. */
function isPresenter() {
  if (ctx.projector || !ctx.live || !ctx.me) return false;
  return ctx.live.presenterId === ctx.me.id || ctx.roles.has('chair');
}

/** Whether this follower may browse the document on their own (never a classified one). */
function mayBrowse() {
  return presenting() && !ctx.live.classified && !isPresenter() && !ctx.projector;
}

function pageCount() {
  return Math.max(0, Number(ctx.live && ctx.live.pageCount) || 0);
}

function clampPage(n) {
  return Math.min(Math.max(1, Math.trunc(n) || 1), Math.max(1, pageCount()));
}

function isTyping(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function deviceKind() {
  if (ctx.projector) return 'projector';
  const narrow = window.matchMedia('(max-width: 599px)').matches;
  const touch = window.matchMedia('(pointer: coarse)').matches;
  return narrow || touch ? 'phone' : 'laptop';
}

/* ---------- following and browsing ---------- */

function sendStatus() {
  if (!ctx.bus || ctx.bus.state !== OPEN || ctx.seq < 0) {
    ctx.statusPending = true;
    return;
  }
  const following = !ctx.detached;
  ctx.statusPending = !ctx.bus.send(addresses.status(ctx.meetingId), { device: ctx.device, following });
}

/** Leaves the live page to look at page n alone (a follower only, never a classified document). */
function browse(n) {
  if (!mayBrowse()) return;
  const page = clampPage(n);
  const wasDetached = ctx.detached;
  ctx.detached = true;
  ctx.localPage = page;
  if (!wasDetached) sendStatus();
  render();
}

function backToLive({ focus = false } = {}) {
  if (!ctx.detached) return;
  ctx.detached = false;
  sendStatus();
  render();
  if (focus) $('#live-stage').focus({ preventScroll: true });
}

/** The page on this screen: the live page, or the follower's own while browsing. */
function shownPage() {
  return ctx.detached ? ctx.localPage : (ctx.live && ctx.live.page) || 1;
}

/* ---------- the live state ---------- */

async function loadDetail(documentId) {
  if (ctx.details.has(documentId)) return;
  ctx.details.set(documentId, null);
  try {
    const data = await get(`/api/documents/${encodeURIComponent(documentId)}`);
    const doc = data && data.document;
    ctx.details.set(documentId, doc);
    for (const p of (doc && doc.pages) || []) ctx.stage.knowAspect(doc.hash, Number(p.page), p.width, p.height);
    if (ctx.live && ctx.live.documentId === documentId) render();
  } catch (e) {
    ctx.details.delete(documentId); // tried again at the next change
  }
}

function applyLive(body) {
  if (!body || typeof body.seq !== 'number' || !body.state) return;
  // Every message carries the whole state: keep the newest. A snapshot (the first message after a
  // REGISTER, so after every reconnection) is always taken: the server may have restarted.
  if (!body.snapshot && body.seq <= ctx.seq) return;
  const before = ctx.live;
  const wasPresenter = isPresenter();
  ctx.seq = body.seq;
  ctx.live = body.state;
  if (typeof body.now === 'number') ctx.skew = body.now - Date.now();
  const s = ctx.live;
  if (!before || before.documentId !== s.documentId || s.classified || s.documentId == null) {
    // A new document (or none, or a classified one): everybody follows again.
    if (ctx.detached) {
      ctx.detached = false;
      ctx.statusPending = true;
    }
  }
  if (ctx.detached && isPresenter()) {
    ctx.detached = false;
    ctx.statusPending = true;
  }
  if (body.snapshot) ctx.statusPending = true;
  if (s.documentId != null) loadDetail(s.documentId);
  if (ctx.statusPending) sendStatus();
  const nowPresenter = isPresenter();
  if (before && nowPresenter !== wasPresenter && !ctx.roles.has('chair')) {
    say(nowPresenter ? 'live.youPresent' : 'live.noLongerPresent');
  }
  render();
  maybeShowRequested();
}

/** live.html?show=D, from the meeting page's "Present" button: present D once connected. */
let showRequested = queryParam('show');

function maybeShowRequested() {
  if (!showRequested || !ctx.live) return;
  const documentId = Number(showRequested);
  showRequested = null;
  const url = new URL(window.location.href);
  url.searchParams.delete('show');
  window.history.replaceState(null, '', url.pathname + url.search);
  if (!isPresenter() || !Number.isSafeInteger(documentId) || documentId <= 0) return;
  if (ctx.live.documentId === documentId) return;
  ctx.bus.command(ctx.meetingId, { op: 'show', documentId, page: 1 }).catch(refused);
}

/* ---------- drawing ---------- */

function renderHeading() {
  const s = ctx.live;
  const m = ctx.meeting;
  $('#live-title').textContent = m ? m.title : '';
  document.title = m ? t('title.liveNamed', { title: m.title }) : t('title.live');
  const docLine = $('#live-doc');
  docLine.hidden = !presenting();
  if (presenting()) {
    $('#live-doc-name').textContent = s.documentName || '';
    $('#live-classified').hidden = !s.classified;
  }
  const presenter = $('#live-presenter');
  if (s) {
    presenter.hidden = false;
    presenter.textContent = s.presenterId != null && s.presenterName
      ? t('live.presenter', { name: s.presenterName }) : t('live.presenterChair');
  } else {
    presenter.hidden = true;
  }
}

function renderStage() {
  const stage = $('#live-stage');
  const s = ctx.live;
  const el = ctx.stage.el;
  stage.dataset.seq = String(ctx.seq);
  stage.dataset.following = String(!ctx.detached);
  stage.dataset.presenter = String(isPresenter());
  if (!s) {
    ctx.stage.draw({ kind: 'connecting' });
    stage.dataset.page = '';
    return;
  }
  stage.dataset.blank = String(Boolean(s.blank));
  stage.dataset.classified = String(Boolean(s.classified));
  stage.dataset.livePage = presenting() ? String(s.page) : '';
  stage.dataset.documentId = presenting() ? String(s.documentId) : '';
  if (!presenting()) {
    stage.dataset.page = '';
    stage.dataset.zoom = '';
    stage.dataset.pointer = '';
    ctx.stage.draw({ kind: 'idle' });
    const idleText = $('#live-idle-text');
    if (ctx.projector) idleText.textContent = ctx.meeting ? ctx.meeting.title : '';
    else idleText.textContent = t(isPresenter() ? 'live.idlePresenter' : 'live.idle');
    const join = $('#live-join');
    join.hidden = !ctx.projector;
    if (ctx.projector && ctx.meeting) {
      const qr = `/api/meetings/${encodeURIComponent(ctx.meetingId)}/qr.png`;
      if (el.idle.querySelector('#live-qr').getAttribute('src') !== qr) $('#live-qr').setAttribute('src', qr);
      $('#live-join-code').textContent = ctx.meeting.joinCode || '';
    }
    return;
  }
  const page = shownPage();
  // A follower browsing on their own sees the pages as they are: no black screen, pointer or zoom.
  const live = !ctx.detached;
  const blank = live && s.blank;
  stage.dataset.page = String(page);
  stage.dataset.zoom = live && s.zoom ? [s.zoom.x, s.zoom.y, s.zoom.w, s.zoom.h].join(',') : '';
  stage.dataset.pointer = live && s.pointer && s.pointer.x != null ? [s.pointer.x, s.pointer.y].join(',') : '';
  ctx.stage.draw({
    kind: blank ? 'blank' : 'page',
    hash: s.sha256,
    page,
    alt: t('live.pageAlt', { page, name: s.documentName || '' }),
    pointer: live ? s.pointer : null,
    zoom: live ? s.zoom : null,
    seq: ctx.seq,
    classified: Boolean(s.classified),
    // The server gives a follower a classified page only while the screen shows it: none under the
    // black screen (the presenter and the chair see it dimmed there).
    load: !(blank && s.classified && !isPresenter()),
  });
  const blankText = $('#live-blank-text');
  blankText.hidden = ctx.projector;
  blankText.textContent = t(isPresenter() ? 'live.blankPresenter' : 'live.blankFollower');
  stage.classList.toggle('is-presenter-blank', blank && isPresenter());
  // The next pages, so that a page change shows at once; never a classified document's.
  if (!s.classified) {
    const ahead = [];
    for (let n = page + 1; n <= Math.min(pageCount(), page + PREFETCH_AHEAD); n += 1) ahead.push(n);
    prefetchOnce(s.sha256, ahead);
  }
}

const prefetched = new Set();

function prefetchOnce(hash, pages) {
  const width = ctx.stage.likelyWidth();
  const wanted = pages.filter((n) => !prefetched.has(`${hash}/${n}/${width}`));
  wanted.forEach((n) => prefetched.add(`${hash}/${n}/${width}`));
  if (wanted.length) ctx.stage.prefetch(hash, wanted);
}

function renderChip() {
  const chip = $('#live-chip');
  chip.hidden = !(ctx.detached && presenting());
  if (!chip.hidden) {
    chip.textContent = t('live.chip', { page: ctx.live.page });
    chip.setAttribute('aria-label', t('live.chipLabel', { page: ctx.live.page }));
    chip.dataset.page = String(ctx.live.page);
  }
}

function renderBrowse() {
  const bar = $('#live-browse');
  bar.hidden = ctx.projector || isPresenter() || !presenting();
  if (bar.hidden) return;
  const page = shownPage();
  $('#live-page-number').textContent = t('live.pageOf', { page, count: pageCount() });
  const browsable = mayBrowse();
  $('#live-browse-prev').hidden = !browsable;
  $('#live-browse-next').hidden = !browsable;
  $('#live-browse-prev').disabled = page <= 1;
  $('#live-browse-next').disabled = page >= pageCount();
  bar.classList.toggle('is-classified', !browsable);
}

/* ---------- thumbnails ---------- */

let thumbsFor = null;

function renderThumbs() {
  const nav = $('#live-thumbs');
  const s = ctx.live;
  const presenter = isPresenter();
  // Followers of a classified document get none; the presenter gets page numbers only (every
  // page image of a classified document fetched is a recorded view).
  const show = presenting() && !ctx.projector && (presenter || !s.classified) && pageCount() > 1;
  nav.hidden = !show;
  if (!show) {
    if (thumbsFor) nav.replaceChildren();
    thumbsFor = null;
    return;
  }
  const key = `${s.sha256}|${pageCount()}|${s.classified}`;
  if (thumbsFor !== key) {
    thumbsFor = key;
    const buttons = [];
    for (let n = 1; n <= pageCount(); n += 1) {
      const button = h('button', {
        className: 'live-thumb',
        testid: `live-thumb-${n}`,
        dataset: { page: String(n) },
        attrs: { type: 'button', 'aria-label': t('viewer.pageAlt', { page: n }) },
      }, s.classified ? null : h('img', {
        attrs: { src: pageUrl(s.sha256, n, THUMB_WIDTH), alt: '', loading: 'lazy', decoding: 'async', width: THUMB_WIDTH },
      }), h('span', { className: 'live-thumb-number', text: n, attrs: { 'aria-hidden': 'true' } }));
      buttons.push(button);
    }
    nav.replaceChildren(...buttons);
  }
  const current = shownPage();
  for (const button of nav.children) {
    const n = Number(button.dataset.page);
    if (n === current) {
      if (button.getAttribute('aria-current') !== 'page') {
        button.setAttribute('aria-current', 'page');
        button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
    } else {
      button.removeAttribute('aria-current');
    }
    button.classList.toggle('is-live', ctx.detached && n === s.page);
  }
}

function render() {
  if (!ctx.stage || ctx.signedOut) return;
  renderHeading();
  renderStage();
  renderChip();
  renderBrowse();
  renderThumbs();
  document.documentElement.classList.toggle('is-presenting-user', isPresenter());
  if (ctx.controls) ctx.controls.update();
  if (ctx.presence) ctx.presence.update();
  if (ctx.agenda) ctx.agenda.update(ctx.live, ctx.skew);
  if (ctx.votes) ctx.votes.update(ctx.live, ctx.skew);
}

/* ---------- input: keys, swipes, thumbnails ---------- */

function onKeyDown(event) {
  if (ctx.signedOut) return;
  if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
  if (ctx.projector) {
    if (event.key === 'f' || event.key === 'F') {
      event.preventDefault();
      toggleFullscreen();
    }
    return;
  }
  if (isPresenter()) {
    if (ctx.controls && ctx.controls.onKey(event)) event.preventDefault();
    return;
  }
  if (!presenting()) return;
  if (event.key === 'Escape' && ctx.detached) {
    event.preventDefault();
    backToLive();
    return;
  }
  if (!mayBrowse()) return;
  const page = shownPage();
  const keys = {
    ArrowLeft: page - 1, PageUp: page - 1, ArrowRight: page + 1, PageDown: page + 1, Home: 1, End: pageCount(),
  };
  if (!(event.key in keys)) return;
  event.preventDefault();
  browse(keys[event.key]);
}

let touchStart = null;

function onTouchStart(event) {
  touchStart = event.touches.length === 1
    ? { x: event.touches[0].clientX, y: event.touches[0].clientY, at: Date.now() } : null;
}

function onTouchEnd(event) {
  const start = touchStart;
  touchStart = null;
  if (!start || event.touches.length > 0 || !event.changedTouches.length || !presenting()) return;
  // A page zoomed in by pinching (only this screen's copy) is being panned, not turned.
  if (window.visualViewport && window.visualViewport.scale > 1.05) return;
  const touch = event.changedTouches[0];
  const dx = touch.clientX - start.x;
  const dy = touch.clientY - start.y;
  if (Date.now() - start.at > SWIPE_MAX_MS || Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < 1.5 * Math.abs(dy)) return;
  const delta = dx < 0 ? 1 : -1;
  if (isPresenter()) {
    if (ctx.controls) ctx.controls.swipe(delta);
  } else if (mayBrowse()) {
    browse(shownPage() + delta);
  }
}

function toggleFullscreen() {
  const root = document.documentElement;
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else if (root.requestFullscreen) root.requestFullscreen().catch(() => {});
}

function wire() {
  document.addEventListener('keydown', onKeyDown);
  const stage = $('#live-stage');
  stage.addEventListener('touchstart', onTouchStart, { passive: true });
  stage.addEventListener('touchend', onTouchEnd, { passive: true });
  stage.addEventListener('touchcancel', () => { touchStart = null; }, { passive: true });
  stage.addEventListener('live-image-error', (event) => {
    // A classified page is refused once the screen has moved on or gone black: the next state
    // brings the right one, so nothing to tell.
    if (event.detail.classified) return;
    ctx.stage.note(t('live.pageFailed', { page: event.detail.page }));
  });
  if (ctx.projector) stage.addEventListener('dblclick', toggleFullscreen);
  $('#live-chip').addEventListener('click', () => backToLive({ focus: true }));
  $('#live-browse-prev').addEventListener('click', () => browse(shownPage() - 1));
  $('#live-browse-next').addEventListener('click', () => browse(shownPage() + 1));
  $('#live-thumbs').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-page]');
    if (!button) return;
    const n = Number(button.dataset.page);
    if (isPresenter()) {
      if (ctx.controls) ctx.controls.goTo(n);
    } else {
      browse(n);
    }
  });
  // The device kind can change (a laptop window made narrow, a tablet turned): tell the server.
  const again = () => {
    const kind = deviceKind();
    if (kind !== ctx.device) {
      ctx.device = kind;
      sendStatus();
    }
  };
  window.matchMedia('(max-width: 599px)').addEventListener('change', again);
  onLanguageChange(render);
}

/* ---------- the connection ---------- */

function renderConnection(state) {
  const banner = $('#live-banner');
  banner.hidden = state !== CLOSED || ctx.signedOut;
  document.documentElement.classList.toggle('is-offline', state === CLOSED && !ctx.signedOut);
  $('#live-stage').dataset.connection = state;
}

/* ---------- the end of the session ---------- */

let sessionCheck = null;
let sessionCheckedAt = 0;

/**
 * Asks the server whether I am still signed in (the bridge refuses a signed-out person with 401,
 * which the SockJS client only reports as a failed connection); signed out: stops the page.
 * Not more often than every SESSION_CHECK_MS unless now; an unreachable server proves nothing.
 */
function checkSession({ now = false } = {}) {
  if (ctx.signedOut || sessionCheck) return;
  if (!now && Date.now() - sessionCheckedAt < SESSION_CHECK_MS) return;
  sessionCheckedAt = Date.now();
  sessionCheck = loadSession()
    .then((user) => { if (!user) signedOut(); })
    .catch(() => {}) // the server is away: the bus keeps trying, and so do we
    .finally(() => { sessionCheck = null; });
}

/** The sign-in page, coming back to this live room afterwards. */
function signInHref() {
  return `/index.html?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
}

/** Signed out (here or elsewhere, or the account changed): no more reconnecting, a way to sign in again. */
function signedOut() {
  if (ctx.signedOut) return;
  ctx.signedOut = true;
  if (ctx.bus) ctx.bus.stop();
  clearTimeout(refused.timer);
  clearError($('#live-error'));
  clearMessage($('#live-message'));
  $('#live-banner').hidden = true;
  document.documentElement.classList.remove('is-offline', 'is-presenting-user');
  // Nothing stale stays on screen, and nothing more is asked of the server.
  $('#live-view').hidden = true;
  $('#live-doc').hidden = true;
  $('#live-presenter').hidden = true;
  ctx.stage.draw({ kind: 'connecting' });
  $('#live-sign-in').href = signInHref();
  $('#live-signed-out').hidden = false;
  renderHeader(null);
  $('#live-sign-in').focus({ preventScroll: true });
}

function connect() {
  const bus = connectBus('/eventbus');
  ctx.bus = bus;
  bus.onState(renderConnection);
  renderConnection(bus.state);
  // A connection that fails to open may be a session that ended (the bridge answers 401).
  bus.onClose(({ opened }) => { if (!opened) checkSession(); });
  bus.subscribe(addresses.live(ctx.meetingId), (body) => applyLive(body), (err) => {
    if (err && err.failureCode === 401) {
      signedOut();
      return;
    }
    const box = $('#live-error');
    showText(box, () => t(err && err.failureCode === 403 ? 'live.registerRefused' : 'live.refused.unknown'));
    box.dataset.code = (err && err.failureType) || 'unknown';
  });
  ctx.presence = initPresence({
    meetingId: ctx.meetingId,
    bus,
    me: () => ctx.me,
    mayWatch: () => !ctx.projector && Boolean(ctx.live) && (ctx.roles.has('chair') || ctx.roles.has('secretary')
      || Boolean(ctx.me && ctx.me.admin) || (ctx.me && ctx.live.presenterId === ctx.me.id)),
    onDetached: (count) => { if (ctx.controls) ctx.controls.setDetached(count); },
    onUnauthorized: () => checkSession({ now: true }),
  });
  if (!ctx.projector) {
    ctx.controls = initControls({
      meetingId: ctx.meetingId,
      bus,
      stage: ctx.stage,
      live: () => ctx.live,
      seq: () => ctx.seq,
      presenting,
      isPresenter,
      pageCount,
      refused,
    });
  }
}

/* ---------- start ---------- */

async function main() {
  ctx.projector = queryParam('projector') === '1';
  document.documentElement.classList.toggle('is-projector', ctx.projector);
  ctx.device = deviceKind();
  let user;
  try {
    user = await startPage({ needsSignIn: true });
  } catch (e) {
    $('#live-loading').hidden = true;
    showError($('#live-error'), e);
    return;
  }
  if (!user) return; // on the way to the sign-in page
  ctx.me = user;

  ctx.meetingId = meetingIdParam();
  if (!ctx.meetingId) {
    $('#live-loading').hidden = true;
    showMessage($('#live-error'), 'meeting.badId');
    return;
  }
  $('#live-back').href = `meeting.html?id=${encodeURIComponent(ctx.meetingId)}`;
  try {
    ctx.meeting = (await get(`/api/meetings/${ctx.meetingId}`)).meeting;
  } catch (e) {
    $('#live-loading').hidden = true;
    showError($('#live-error'), e, { forbidden: 'join.notParticipant' });
    return;
  }
  ctx.roles = new Set(ctx.meeting.myRoles || []);
  $('#live-loading').hidden = true;
  $('#live-view').hidden = false;
  ctx.stage = createStage();
  ctx.agenda = initAgenda({
    meetingId: ctx.meetingId,
    meeting: ctx.meeting,
    me: () => ctx.me,
    projector: ctx.projector,
    isPresenter,
    present: (documentId) => ctx.bus.command(ctx.meetingId, { op: 'show', documentId, page: 1 }).catch(refused),
  });
  ctx.votes = initVotes({
    meetingId: ctx.meetingId,
    meeting: ctx.meeting,
    projector: ctx.projector,
    bus: () => ctx.bus, // the connection starts below: a reopened one resends a pending ballot
  });
  wire();
  connect();
  render();
}

main();
