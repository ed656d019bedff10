// The document viewer: one page at a time in a full-screen <dialog id="viewer">, with previous /
// next buttons, a page number box, the keyboard (← → PageUp PageDown Home End), swipes, and a strip
// of page thumbnails. Page images come from /api/pages/{hash}/{page}/{width}.jpg in widths 200, 480,
// 1024 and 1920; the browser picks one through srcset. A page image that does not load is asked
// about once more (fetch, for its status): a classified page refused (403: it can be seen only while
// presented) gets a message and a link to the live room instead of a broken image.
import { get, showError } from './api.js';
import { t, onLanguageChange } from './i18n.js';
import { $, h, showText, clearMessage } from './ui.js';

const WIDTHS = [480, 1024, 1920];
const THUMB_WIDTH = 200;
const POLL_MS = 1500; // while the document is still being rendered
const DETAIL_WAIT_MS = 600; // on opening, how long the first page may wait for the page sizes
const SWIPE_MIN_PX = 50;
const SWIPE_MAX_MS = 1000;

/** The URL of one page image. */
export function pageImageUrl(hash, page, width) {
  return `/api/pages/${encodeURIComponent(hash)}/${page}/${width}.jpg`;
}

const view = {
  doc: null, // { id, name, classified, hash, pageCount, status, pagesDone }
  pages: null, // Map page -> { status, error, width, height } once the detail is loaded
  page: 1,
  zoomed: false,
  opener: null,
  session: 0, // bumped at each open and close, so that late answers of an old one are ignored
  pollTimer: null,
  thumbs: [], // thumbnail buttons, index page - 1
  awaitingDetail: false, // just opened: the page's size (for sizes) comes with the detail
  touch: null,
  failed: null, // the shown page's image did not load: { src, kind: checking|denied|notReady|failed }
  liveHref: null, // the live room, offered when a classified page is refused
  onDenied: null,
};

let wired = false;
const el = {};

function pageCount() {
  return Math.max(0, Number(view.doc && view.doc.pageCount) || 0);
}

/** Whether page n has an image (rendered, or a placeholder for a page that failed). */
function hasImage(n) {
  const doc = view.doc;
  if (!doc || n < 1 || n > pageCount()) return false;
  if (view.pages) {
    if (view.pages.has(n)) return true;
    return doc.status === 'ready';
  }
  return doc.status === 'ready';
}

/**
 * The width the browser will likely choose from srcset, so that the prefetched image is the one
 * used. Chromium's rule: the first candidate dense enough for the screen, except that on a screen
 * denser than 1 it takes the one before when the screen is below the two's geometric mean.
 */
function likelyWidth() {
  const dpr = window.devicePixelRatio || 1;
  const densities = WIDTHS.map((w) => w / Math.max(1, displayWidth()));
  const i = densities.findIndex((d) => d >= dpr);
  if (i < 0) return WIDTHS[WIDTHS.length - 1];
  if (i > 0 && dpr > 1 && Math.sqrt(densities[i - 1] * densities[i]) > dpr) return WIDTHS[i - 1];
  return WIDTHS[i];
}

/**
 * The CSS width the page will take in the stage: the stage's width, or less when a whole page
 * (fitted in height) is narrower. Used as the img's sizes.
 */
function displayWidth() {
  const stage = el.stage;
  const width = stage.clientWidth || window.innerWidth;
  if (view.zoomed) return width;
  const info = view.pages && view.pages.get(view.page);
  if (info && info.width > 0 && info.height > 0 && stage.clientHeight > 0) {
    return Math.max(1, Math.min(width, Math.round(stage.clientHeight * (info.width / info.height))));
  }
  return width;
}

function updateSizes() {
  const img = el.img;
  if (!img.hasAttribute('srcset')) return;
  const width = displayWidth();
  const sizes = width > 0 ? `${width}px` : '100vw';
  if (img.getAttribute('sizes') !== sizes) img.setAttribute('sizes', sizes);
}

function srcset(hash, n) {
  return WIDTHS.map((w) => `${pageImageUrl(hash, n, w)} ${w}w`).join(', ');
}

/** Loads the neighbours' images before they are asked for (not for a classified document: each view of its pages is recorded). */
function prefetch() {
  const doc = view.doc;
  if (!doc || doc.classified || view.awaitingDetail) return;
  const width = likelyWidth();
  for (const n of [view.page + 1, view.page - 1]) {
    if (hasImage(n)) {
      const image = new Image();
      image.decoding = 'async';
      image.src = pageImageUrl(doc.hash, n, width);
    }
  }
}

/** Hides the message about a refused page. */
function clearDenied() {
  if (el.denied.hidden) return;
  el.denied.hidden = true;
  clearMessage(el.deniedText);
}

/** Shows why the current page's image is missing (view.failed), in place of a broken image. */
function renderFailure() {
  const failed = view.failed;
  const page = view.page;
  el.img.hidden = true;
  el.stage.classList.remove('is-loading');
  if (failed.kind === 'denied') {
    setNote(null);
    el.denied.hidden = false;
    const classified = Boolean(view.doc && view.doc.classified);
    showText(el.deniedText, () => t(classified ? 'viewer.classifiedDenied' : 'viewer.pageDenied', { page }));
    el.liveLink.hidden = !view.liveHref;
    if (view.liveHref) el.liveLink.setAttribute('href', view.liveHref);
    return;
  }
  clearDenied();
  if (failed.kind === 'checking') setNote(() => t('viewer.loading'));
  else if (failed.kind === 'notReady') setNote(() => t('viewer.pageNotReady', { page }));
  else setNote(() => t('viewer.pageLoadFailed', { page }));
}

/**
 * Why url did not load: its status, asked once more. (For a classified page that loads this time
 * it is one more recorded view; it happens only after a failure.)
 */
async function probe(url) {
  try {
    const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json, image/*' } });
    if (response.ok) {
      if (response.body) response.body.cancel().catch(() => {});
      return 'failed';
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      // not JSON: the status says enough
    }
    if (response.status === 403) return 'denied';
    if (response.status === 404 && data && data.error === 'page_not_ready') return 'notReady';
    return 'failed';
  } catch {
    return 'failed';
  }
}

function onImageError() {
  el.stage.classList.remove('is-loading');
  const doc = view.doc;
  const src = el.img.getAttribute('src');
  if (!doc || !src || (view.failed && view.failed.src === src)) return;
  if (doc.status === 'pending') {
    setNote(() => t('viewer.pageNotReady', { page: view.page }));
    return;
  }
  const session = view.session;
  const url = el.img.currentSrc || src;
  view.failed = { src, kind: 'checking' };
  renderFailure();
  probe(url).then((kind) => {
    if (session !== view.session || !view.failed || view.failed.src !== src) return;
    view.failed = { src, kind };
    renderFailure();
    if (kind === 'denied' && typeof view.onDenied === 'function') view.onDenied(doc);
  });
}

function setNote(produce) {
  if (produce) showText(el.note, produce);
  else clearMessage(el.note);
}

function renderPageNumber() {
  const count = pageCount();
  el.number.textContent = count ? `${view.page} / ${count}` : '0 / 0';
  el.goto.max = String(Math.max(1, count));
  el.goto.disabled = count === 0;
}

function setTurnDisabled(button, disabled) {
  if (button.disabled === disabled) return;
  if (disabled && document.activeElement === button) el.stage.focus({ preventScroll: true });
  button.disabled = disabled;
}

/** Shows page n (clamped to the document). */
function showPage(n) {
  const doc = view.doc;
  if (!doc) return;
  const count = pageCount();
  const page = count ? Math.min(Math.max(1, Math.trunc(n) || 1), count) : 1;
  const changed = page !== view.page;
  view.page = page;
  renderPageNumber();
  setTurnDisabled(el.prev, page <= 1);
  setTurnDisabled(el.next, page >= count);

  const img = el.img;
  if (view.awaitingDetail) {
    // for a moment: with the page's proportions the browser picks a smaller image when it can
    img.hidden = true;
  } else if (count && hasImage(page)) {
    const fallback = pageImageUrl(doc.hash, page, WIDTHS[1]);
    if (img.getAttribute('src') !== fallback) {
      view.failed = null;
      clearDenied();
      el.stage.classList.add('is-loading');
      img.setAttribute('srcset', srcset(doc.hash, page));
      updateSizes();
      img.setAttribute('src', fallback);
    }
    updateSizes();
    img.alt = t('viewer.pageAlt', { page });
    const info = view.pages && view.pages.get(page);
    if (view.failed && view.failed.src === fallback) {
      renderFailure();
    } else {
      img.hidden = false;
      if (info && info.status === 'failed') setNote(() => t('viewer.pageFailed', { page }));
      else setNote(null);
    }
  } else {
    view.failed = null;
    clearDenied();
    img.hidden = true;
    img.removeAttribute('srcset');
    img.removeAttribute('src');
    img.alt = '';
    el.stage.classList.remove('is-loading');
    if (!count) setNote(() => t(view.pages || doc.status !== 'pending' ? 'viewer.noPages' : 'viewer.loading'));
    else if (doc.status === 'pending') setNote(() => t('viewer.pageNotReady', { page }));
    else setNote(() => t('viewer.pageMissing', { page }));
  }
  if (view.zoomed && changed) el.stage.scrollTop = 0;

  for (const [i, thumb] of view.thumbs.entries()) {
    if (i + 1 === page) thumb.setAttribute('aria-current', 'page');
    else thumb.removeAttribute('aria-current');
  }
  if (changed) scrollThumbIntoView();
  prefetch();
}

function scrollThumbIntoView() {
  const current = view.thumbs[view.page - 1];
  if (current) current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

function turn(delta) {
  showPage(view.page + delta);
}

/* ---------- thumbnails ---------- */

function fillThumb(button, n) {
  const doc = view.doc;
  // A classified document's thumbnails stay numbers only: each page image fetched is recorded as seen.
  if (doc.classified || !hasImage(n) || button.querySelector('img')) return;
  button.prepend(h('img', {
    attrs: {
      src: pageImageUrl(doc.hash, n, THUMB_WIDTH), alt: '', loading: 'lazy', decoding: 'async', width: THUMB_WIDTH,
    },
  }));
}

function buildThumbs() {
  const count = pageCount();
  view.thumbs = [];
  for (let n = 1; n <= count; n += 1) {
    const button = h('button', {
      className: 'viewer-thumb',
      testid: `viewer-thumb-${n}`,
      dataset: { page: String(n) },
      attrs: { type: 'button', 'aria-label': t('viewer.pageAlt', { page: n }) },
    }, h('span', { className: 'viewer-thumb-number', text: n, attrs: { 'aria-hidden': 'true' } }));
    fillThumb(button, n);
    view.thumbs.push(button);
  }
  el.thumbs.replaceChildren(...view.thumbs);
  el.thumbs.hidden = count < 2;
  el.dialog.classList.toggle('no-thumbs', count < 2);
}

/* ---------- the document's detail (page statuses) ---------- */

function applyDetail(detail) {
  const doc = view.doc;
  const before = pageCount();
  Object.assign(doc, {
    name: detail.name ?? doc.name,
    classified: Boolean(detail.classified),
    hash: detail.hash || doc.hash,
    pageCount: detail.pageCount,
    status: detail.status,
    pagesDone: detail.pagesDone,
  });
  view.pages = new Map((detail.pages || []).map((p) => [Number(p.page), p]));
  renderHead();
  const rebuilt = pageCount() !== before;
  if (rebuilt) buildThumbs();
  else view.thumbs.forEach((button, i) => fillThumb(button, i + 1));
  showPage(view.page);
  if (rebuilt) scrollThumbIntoView();
}

function stopAwaiting(session) {
  if (session !== view.session || !view.awaitingDetail) return;
  view.awaitingDetail = false;
  showPage(view.page);
}

async function loadDetail(session) {
  setTimeout(() => stopAwaiting(session), DETAIL_WAIT_MS);
  try {
    const data = await get(`/api/documents/${encodeURIComponent(view.doc.id)}`);
    if (session !== view.session) return;
    view.awaitingDetail = false;
    applyDetail(data.document);
  } catch (e) {
    if (session !== view.session) return;
    stopAwaiting(session);
    if (!view.pages && view.doc.status !== 'ready') showError(el.note, e);
  }
  if (session === view.session && view.doc.status === 'pending') {
    view.pollTimer = setTimeout(() => loadDetail(session), POLL_MS);
  }
}

function renderHead() {
  const doc = view.doc;
  el.title.textContent = doc.name || '';
  el.classified.hidden = !doc.classified;
  el.dialog.classList.toggle('is-classified', Boolean(doc.classified));
}

/* ---------- zoom ---------- */

function setZoom(zoomed) {
  view.zoomed = zoomed;
  el.stage.classList.toggle('is-zoomed', zoomed);
  el.zoom.setAttribute('aria-pressed', String(zoomed));
  el.zoom.setAttribute('data-i18n', zoomed ? 'viewer.zoomOut' : 'viewer.zoomIn');
  el.zoom.textContent = t(zoomed ? 'viewer.zoomOut' : 'viewer.zoomIn');
  updateSizes();
}

/* ---------- wiring ---------- */

function isTyping(target) {
  return target instanceof HTMLElement && (target.isContentEditable
    || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function onKeyDown(event) {
  if (!view.doc || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
  const keys = {
    ArrowLeft: () => turn(-1),
    PageUp: () => turn(-1),
    ArrowRight: () => turn(1),
    PageDown: () => turn(1),
    Home: () => showPage(1),
    End: () => showPage(pageCount()),
  };
  const action = keys[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

function onTouchStart(event) {
  if (event.touches.length !== 1) {
    view.touch = null;
    return;
  }
  const touch = event.touches[0];
  view.touch = { x: touch.clientX, y: touch.clientY, at: Date.now() };
}

function onTouchEnd(event) {
  const start = view.touch;
  view.touch = null;
  if (!start || event.touches.length > 0 || !event.changedTouches.length) return;
  // A page zoomed in by pinching is being panned, not turned.
  if (window.visualViewport && window.visualViewport.scale > 1.05) return;
  const touch = event.changedTouches[0];
  const dx = touch.clientX - start.x;
  const dy = touch.clientY - start.y;
  if (Date.now() - start.at > SWIPE_MAX_MS || Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < 1.5 * Math.abs(dy)) return;
  turn(dx < 0 ? 1 : -1);
}

function gotoTyped() {
  const count = pageCount();
  const n = Number.parseInt(el.goto.value, 10);
  if (!count) return;
  if (el.goto.value.trim() === '') return;
  if (!Number.isFinite(n) || n < 1 || n > count) {
    setNote(() => t('viewer.gotoRange', { count }));
    el.goto.select();
    return;
  }
  el.goto.value = '';
  showPage(n);
}

function wire() {
  if (wired) return;
  wired = true;
  el.dialog = $('#viewer');
  el.title = $('#viewer-title');
  el.classified = $('#viewer-classified');
  el.zoom = $('#viewer-zoom');
  el.close = $('#viewer-close');
  el.stage = $('#viewer-stage');
  el.img = $('#viewer-page');
  el.note = $('#viewer-note');
  el.denied = $('#viewer-denied');
  el.deniedText = $('#viewer-denied-text');
  el.liveLink = $('#viewer-live-link');
  el.prev = $('#viewer-prev');
  el.next = $('#viewer-next');
  el.number = $('#viewer-page-number');
  el.gotoForm = $('#viewer-goto-form');
  el.goto = $('#viewer-goto');
  el.thumbs = $('#viewer-thumbs');

  el.stage.tabIndex = -1;
  el.close.addEventListener('click', () => closeViewer());
  el.prev.addEventListener('click', () => turn(-1));
  el.next.addEventListener('click', () => turn(1));
  el.zoom.addEventListener('click', () => setZoom(!view.zoomed));
  el.gotoForm.addEventListener('submit', (event) => {
    event.preventDefault();
    gotoTyped();
  });
  el.goto.addEventListener('change', gotoTyped);
  el.thumbs.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-page]');
    if (button) showPage(Number(button.dataset.page));
  });
  el.dialog.addEventListener('keydown', onKeyDown);
  el.stage.addEventListener('touchstart', onTouchStart, { passive: true });
  el.stage.addEventListener('touchend', onTouchEnd, { passive: true });
  el.stage.addEventListener('touchcancel', () => { view.touch = null; }, { passive: true });
  el.img.addEventListener('load', () => {
    el.stage.classList.remove('is-loading');
    if (view.failed) {
      // another candidate of the srcset did load after all
      view.failed = null;
      clearDenied();
      showPage(view.page);
      return;
    }
    prefetch();
  });
  el.img.addEventListener('error', onImageError);
  // Escape (the dialog's cancel) and closeViewer() both end here.
  el.dialog.addEventListener('close', () => { if (!el.dialog.open) finish(); });
  if (typeof ResizeObserver === 'function') new ResizeObserver(updateSizes).observe(el.stage);

  onLanguageChange(() => {
    if (!view.doc) return;
    view.thumbs.forEach((button, i) => button.setAttribute('aria-label', t('viewer.pageAlt', { page: i + 1 })));
    if (!el.img.hidden) el.img.alt = t('viewer.pageAlt', { page: view.page });
    setZoom(view.zoomed);
  });
}

function finish({ restoreFocus = true } = {}) {
  view.session += 1;
  clearTimeout(view.pollTimer);
  view.pollTimer = null;
  // Nothing of the document stays in the page once it is closed.
  el.img.removeAttribute('srcset');
  el.img.removeAttribute('src');
  el.img.alt = '';
  el.thumbs.replaceChildren();
  view.thumbs = [];
  view.failed = null;
  clearDenied();
  view.doc = null;
  view.pages = null;
  document.documentElement.classList.remove('viewer-open');
  const opener = view.opener;
  view.opener = null;
  if (restoreFocus && opener && opener.isConnected) opener.focus();
}

/**
 * Opens the viewer. doc: a document as listed (id, name, classified, hash, pageCount, status,
 * pagesDone) or at least { id }; page: the page to show first; opener: the element to focus again
 * when the viewer closes; liveHref: the live room, offered when a classified page is refused;
 * onDenied(doc): called when a page is refused (403).
 */
export function openViewer(doc, {
  page = 1, opener = null, liveHref = null, onDenied = null,
} = {}) {
  wire();
  const opened = el.dialog.open;
  const previousOpener = view.opener;
  if (opened) finish({ restoreFocus: false });
  view.session += 1;
  const session = view.session;
  view.doc = {
    id: doc.id,
    name: doc.name || '',
    classified: Boolean(doc.classified),
    hash: doc.hash || '',
    pageCount: doc.pageCount,
    status: doc.hash ? doc.status : 'pending',
    pagesDone: doc.pagesDone,
  };
  view.pages = null;
  view.liveHref = liveHref;
  view.onDenied = onDenied;
  view.page = Math.max(1, Number(page) || 1);
  view.awaitingDetail = true;
  view.opener = opened ? previousOpener
    : opener || (document.activeElement instanceof HTMLElement ? document.activeElement : null);
  clearMessage(el.note);
  setZoom(false);
  renderHead();
  if (!opened) {
    if (typeof el.dialog.showModal === 'function') el.dialog.showModal();
    else el.dialog.setAttribute('open', '');
  }
  document.documentElement.classList.add('viewer-open');
  buildThumbs();
  showPage(view.page);
  scrollThumbIntoView();
  el.close.focus();
  if (!view.doc.hash) setNote(() => t('viewer.loading'));
  loadDetail(session);
}

/** Closes the viewer (if open). */
export function closeViewer() {
  if (!el.dialog || !el.dialog.open) return;
  if (typeof el.dialog.close === 'function') el.dialog.close();
  else {
    el.dialog.removeAttribute('open');
    finish();
  }
}

/** Whether the viewer shows this document now. */
export function viewerShows(documentId) {
  return Boolean(view.doc && String(view.doc.id) === String(documentId) && el.dialog && el.dialog.open);
}

