// The presenter's controls in the live room (section #live-controls): choose a document, turn pages
// (buttons, page number, keys, swipes, thumbnails), blank the screen, laser pointer, zoom to a
// region, stop; elapsed time, the next page's preview and how many followers browse on their own.
// Shown only to the current presenter and the chair, at once when the state's presenterId changes.
// Every change is a command over the bus; the screen changes when the server broadcasts it.
import { get } from './api.js';
import { t, onLanguageChange } from './i18n.js';
import { $, h } from './ui.js';
import { pageUrl } from './live-stage.js';
import { OPEN } from './bus.js';

const POINTER_INTERVAL_MS = 50; // about 20 moves a second at most
const DOCS_STALE_MS = 5000;
const MIN_ZOOM_REGION = 0.03;

export function initControls({ meetingId, bus, stage, live, seq, presenting, isPresenter, pageCount, refused }) {
  const el = {
    section: $('#live-controls'),
    docForm: $('#live-doc-form'),
    docSelect: $('#live-doc-select'),
    show: $('#live-show'),
    docEmpty: $('#live-doc-empty'),
    first: $('#live-first'),
    prev: $('#live-prev'),
    next: $('#live-next'),
    last: $('#live-last'),
    gotoForm: $('#live-goto-form'),
    goto: $('#live-goto'),
    pageLabel: $('#live-control-page'),
    blank: $('#live-blank-toggle'),
    pointer: $('#live-pointer-toggle'),
    zoom: $('#live-zoom-toggle'),
    zoomReset: $('#live-zoom-reset'),
    stop: $('#live-stop'),
    hint: $('#live-tool-hint'),
    elapsed: $('#live-elapsed'),
    detached: $('#live-detached'),
    preview: $('#live-next-preview'),
    previewImg: $('#live-next-image'),
    previewCaption: $('#live-next-caption'),
    frame: $('#live-frame'),
  };
  const state = {
    visible: false,
    docs: [],
    docsAt: 0,
    docsLoading: null,
    pendingPage: null, // the page last asked for, until the state catches up
    pendingSeq: null, // the seq the server gave that command
    pendingBlank: null, // the same for the black screen: B pressed twice quickly toggles twice
    pendingBlankSeq: null,
    mode: null, // null | 'pointer' | 'zoom'
    drag: null, // zoom rectangle being drawn: { start: {x, y}, id }
    pointerTimer: null,
    pointerPending: null,
    pointerLast: 0,
    pointerOn: false, // the server shows my pointer
    ticker: null,
    detached: 0,
  };

  const send = (body) => bus.command(meetingId, body);

  /**
   * Forgets the page and black screen asked for: the connection went (bus.js then rejects every
   * command still waiting with not_connected, whether or not the server got it) and the snapshot
   * after reconnecting tells what the screen really shows.
   */
  function resetPending() {
    state.pendingPage = null;
    state.pendingSeq = null;
    state.pendingBlank = null;
    state.pendingBlankSeq = null;
    state.pointerOn = false;
  }

  /** A failed command: not_connected forgets everything pending, anything else only its own. */
  function failed(err) {
    if (err && err.failureType === 'not_connected') {
      resetPending();
      update();
    }
    refused(err);
  }

  /* ----- documents ----- */

  function loadDocuments(force = false) {
    if (state.docsLoading || (!force && Date.now() - state.docsAt < DOCS_STALE_MS)) return state.docsLoading;
    state.docsLoading = get(`/api/meetings/${encodeURIComponent(meetingId)}/documents`)
      .then((data) => {
        state.docs = ((data && data.documents) || []).filter((d) => d.status === 'ready' && d.pageCount > 0);
        state.docsAt = Date.now();
        renderDocuments();
      })
      .catch((e) => console.warn(e))
      .finally(() => { state.docsLoading = null; });
    return state.docsLoading;
  }

  function renderDocuments() {
    const s = live();
    const chosen = el.docSelect.value || (s && s.documentId != null ? String(s.documentId) : '');
    el.docSelect.replaceChildren(...state.docs.map((d) => h('option', {
      attrs: { value: String(d.id) },
      text: `${d.name}${d.classified ? ` · ${t('docs.classified')}` : ''} (${Number(d.pageCount) === 1 ? t('docs.pagesOne') : t('docs.pages', { count: d.pageCount })})`,
    })));
    if (state.docs.some((d) => String(d.id) === chosen)) el.docSelect.value = chosen;
    el.docEmpty.hidden = state.docs.length > 0;
    el.docSelect.disabled = state.docs.length === 0;
    el.show.disabled = state.docs.length === 0;
  }

  /* ----- pages ----- */

  function currentPage() {
    const s = live();
    return state.pendingPage ?? (s ? s.page : 1);
  }

  function goTo(n) {
    if (!presenting()) return;
    const page = Math.min(Math.max(1, Math.trunc(n) || 1), pageCount());
    if (page === currentPage()) return;
    state.pendingPage = page;
    state.pendingSeq = null;
    send({ op: 'page', page }).then((reply) => {
      if (state.pendingPage !== page) return;
      state.pendingSeq = reply && typeof reply.seq === 'number' ? reply.seq : null;
      if (state.pendingSeq == null || seq() >= state.pendingSeq) state.pendingPage = null;
    }, (err) => {
      if (state.pendingPage === page) state.pendingPage = null;
      failed(err);
      update();
    });
    update();
  }

  function turn(delta) {
    goTo(currentPage() + delta);
  }

  function toggleBlank() {
    const s = live();
    if (!presenting()) return;
    const on = !(state.pendingBlank ?? s.blank);
    state.pendingBlank = on;
    state.pendingBlankSeq = null;
    send({ op: 'blank', on }).then((reply) => {
      if (state.pendingBlank !== on) return;
      state.pendingBlankSeq = reply && typeof reply.seq === 'number' ? reply.seq : null;
      if (state.pendingBlankSeq == null || seq() >= state.pendingBlankSeq) state.pendingBlank = null;
    }, (err) => {
      if (state.pendingBlank === on) state.pendingBlank = null;
      failed(err);
    });
  }

  /* ----- laser pointer ----- */

  function flushPointer() {
    state.pointerTimer = null;
    const p = state.pointerPending;
    if (!p) return;
    state.pointerPending = null;
    state.pointerLast = performance.now();
    state.pointerOn = true;
    send({ op: 'pointer', x: Number(p.x.toFixed(4)), y: Number(p.y.toFixed(4)) }).catch((err) => {
      if (err.failureType !== 'rate_limited') failed(err);
    });
  }

  function queuePointer(p) {
    state.pointerPending = p;
    if (state.pointerTimer) return;
    const wait = POINTER_INTERVAL_MS - (performance.now() - state.pointerLast);
    if (wait <= 0) flushPointer();
    else state.pointerTimer = setTimeout(flushPointer, wait);
  }

  function pointerOff() {
    clearTimeout(state.pointerTimer);
    state.pointerTimer = null;
    state.pointerPending = null;
    const s = live();
    if (state.pointerOn || (s && s.pointer)) {
      state.pointerOn = false;
      send({ op: 'pointer', x: null }).catch(() => {});
    }
  }

  /* ----- modes: pointer and zoom ----- */

  function setMode(mode) {
    if (state.mode === 'pointer' && mode !== 'pointer') pointerOff();
    state.drag = null;
    stage.dragRect(null);
    state.mode = mode;
    update();
  }

  function onPointerDown(event) {
    if (!state.visible || !presenting()) return;
    if (state.mode === 'zoom' && event.isPrimary) {
      event.preventDefault();
      el.frame.setPointerCapture(event.pointerId);
      state.drag = { start: { x: event.clientX, y: event.clientY }, id: event.pointerId };
      stage.dragRect(state.drag.start, state.drag.start);
    } else if (state.mode === 'pointer') {
      const p = stage.toPage(event.clientX, event.clientY);
      if (p) queuePointer(p);
    }
  }

  function onPointerMove(event) {
    if (!state.visible || !presenting()) return;
    if (state.mode === 'zoom' && state.drag && event.pointerId === state.drag.id) {
      stage.dragRect(state.drag.start, { x: event.clientX, y: event.clientY });
    } else if (state.mode === 'pointer') {
      const p = stage.toPage(event.clientX, event.clientY);
      if (p) queuePointer(p);
    }
  }

  function onPointerUp(event) {
    if (state.mode !== 'zoom' || !state.drag || event.pointerId !== state.drag.id) return;
    const a = stage.toPage(state.drag.start.x, state.drag.start.y);
    const b = stage.toPage(event.clientX, event.clientY);
    state.drag = null;
    stage.dragRect(null);
    if (!a || !b) return;
    const region = {
      x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y),
    };
    if (region.w < MIN_ZOOM_REGION || region.h < MIN_ZOOM_REGION) return;
    for (const k of Object.keys(region)) region[k] = Number(region[k].toFixed(4));
    send({ op: 'zoom', region }).catch(failed);
    setMode(null);
  }

  function onPointerLeave() {
    if (state.mode === 'pointer') pointerOff();
  }

  /* ----- keys and swipes (from live.js) ----- */

  function onKey(event) {
    if (!state.visible) return false;
    const target = event.target;
    const onButton = target instanceof HTMLElement && ['BUTTON', 'A'].includes(target.tagName);
    switch (event.key) {
      case 'ArrowRight':
      case 'PageDown':
        turn(1);
        return true;
      case ' ':
        if (onButton) return false;
        turn(1);
        return true;
      case 'ArrowLeft':
      case 'PageUp':
        turn(-1);
        return true;
      case 'Home':
        goTo(1);
        return true;
      case 'End':
        goTo(pageCount());
        return true;
      case 'b':
      case 'B':
      case '.': // some clickers' "black screen" key
        toggleBlank();
        return true;
      case 'Escape':
        if (!state.mode) return false;
        setMode(null);
        return true;
      default:
        return false;
    }
  }

  function swipe(delta) {
    if (!state.visible || state.mode) return;
    turn(delta);
  }

  /* ----- drawing ----- */

  function elapsedText(since) {
    const start = Date.parse(since || '');
    if (!Number.isFinite(start)) return '–';
    const total = Math.max(0, Math.floor((Date.now() - start) / 1000));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = total % 60;
    const pad = (n) => String(n).padStart(2, '0');
    return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
  }

  function tick() {
    const s = live();
    el.elapsed.textContent = presenting() ? elapsedText(s.presentingSince) : '–';
    if (presenting() && s.presentingSince) el.elapsed.setAttribute('datetime', s.presentingSince);
    else el.elapsed.removeAttribute('datetime');
  }

  function setPressed(button, pressed, onKey, offKey) {
    button.setAttribute('aria-pressed', String(pressed));
    if (onKey) {
      const key = pressed ? onKey : offKey;
      button.setAttribute('data-i18n', key);
      button.textContent = t(key);
    }
  }

  function renderDetached() {
    el.detached.hidden = !presenting();
    el.detached.dataset.count = String(state.detached);
    el.detached.textContent = t('live.controls.detached', { count: state.detached });
  }

  function update() {
    const visible = isPresenter();
    const s = live();
    if (visible !== state.visible) {
      state.visible = visible;
      el.section.hidden = !visible;
      if (visible) loadDocuments(true);
      else setMode(null);
      clearInterval(state.ticker);
      state.ticker = visible ? setInterval(tick, 1000) : null;
    }
    el.frame.classList.toggle('mode-pointer', visible && state.mode === 'pointer');
    el.frame.classList.toggle('mode-zoom', visible && state.mode === 'zoom');
    if (!visible || !s) return;

    if (state.pendingPage != null && (s.page === state.pendingPage
        || (state.pendingSeq != null && seq() >= state.pendingSeq))) state.pendingPage = null;
    if (state.pendingPage != null && !presenting()) state.pendingPage = null;
    if (state.pendingBlank != null && (s.blank === state.pendingBlank || !presenting()
        || (state.pendingBlankSeq != null && seq() >= state.pendingBlankSeq))) state.pendingBlank = null;
    const on = presenting();
    const count = pageCount();
    const page = on ? s.page : 0;
    el.first.disabled = !on || page <= 1;
    el.prev.disabled = !on || page <= 1;
    el.next.disabled = !on || page >= count;
    el.last.disabled = !on || page >= count;
    el.goto.disabled = !on;
    el.goto.max = String(Math.max(1, count));
    el.pageLabel.textContent = on ? t('live.pageOf', { page, count }) : t('live.controls.nothing');
    el.blank.disabled = !on;
    el.pointer.disabled = !on;
    el.zoom.disabled = !on;
    el.zoomReset.disabled = !on || !s.zoom;
    el.stop.disabled = !on;
    setPressed(el.blank, Boolean(on && s.blank), 'live.controls.unblank', 'live.controls.blank');
    setPressed(el.pointer, state.mode === 'pointer');
    setPressed(el.zoom, state.mode === 'zoom');
    if (!on && state.mode) {
      state.mode = null;
      el.frame.classList.remove('mode-pointer', 'mode-zoom');
    }
    el.hint.hidden = !state.mode;
    if (state.mode) el.hint.textContent = t(state.mode === 'pointer' ? 'live.controls.pointerHint' : 'live.controls.zoomHint');
    if (on && s.documentId != null && document.activeElement !== el.docSelect
        && state.docs.some((d) => d.id === s.documentId)) {
      el.docSelect.value = String(s.documentId);
    }
    if (on && !state.docs.some((d) => d.id === s.documentId)) loadDocuments();

    // The next page's preview (page numbers only for a classified document: each view is recorded).
    const nextPage = on && page < count ? page + 1 : null;
    el.preview.hidden = !on;
    if (on) {
      el.previewCaption.textContent = nextPage ? t('live.controls.next', { page: nextPage }) : t('live.controls.lastPage');
      const src = nextPage && !s.classified ? pageUrl(s.sha256, nextPage, 480) : null;
      if (src) {
        if (el.previewImg.getAttribute('src') !== src) el.previewImg.setAttribute('src', src);
        el.previewImg.alt = t('viewer.pageAlt', { page: nextPage });
        el.previewImg.hidden = false;
      } else {
        el.previewImg.removeAttribute('src');
        el.previewImg.alt = '';
        el.previewImg.hidden = true;
      }
    }
    renderDetached();
    tick();
  }

  /* ----- wiring ----- */

  el.docForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    // "Present" pressed as the controls appear, before the list has come: present what it then chooses.
    if (!el.docSelect.value && state.docsLoading) await state.docsLoading;
    const documentId = Number(el.docSelect.value);
    if (!documentId) return;
    state.pendingPage = null;
    send({ op: 'show', documentId, page: 1 }).catch(failed);
  });
  el.docSelect.addEventListener('focus', () => loadDocuments());
  el.docSelect.addEventListener('pointerdown', () => loadDocuments());
  el.first.addEventListener('click', () => goTo(1));
  el.prev.addEventListener('click', () => turn(-1));
  el.next.addEventListener('click', () => turn(1));
  el.last.addEventListener('click', () => goTo(pageCount()));
  el.gotoForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const n = Number.parseInt(el.goto.value, 10);
    if (!Number.isFinite(n)) return;
    el.goto.value = '';
    el.goto.blur(); // the keys (and a clicker) turn pages again
    goTo(n);
  });
  el.blank.addEventListener('click', toggleBlank);
  el.pointer.addEventListener('click', () => setMode(state.mode === 'pointer' ? null : 'pointer'));
  el.zoom.addEventListener('click', () => setMode(state.mode === 'zoom' ? null : 'zoom'));
  el.zoomReset.addEventListener('click', () => send({ op: 'zoom', region: null }).catch(failed));
  el.stop.addEventListener('click', () => {
    setMode(null);
    state.pendingPage = null;
    send({ op: 'stop' }).catch(failed);
  });
  el.frame.addEventListener('pointerdown', onPointerDown);
  el.frame.addEventListener('pointermove', onPointerMove);
  el.frame.addEventListener('pointerup', onPointerUp);
  el.frame.addEventListener('pointercancel', () => { state.drag = null; stage.dragRect(null); });
  el.frame.addEventListener('pointerleave', onPointerLeave);
  window.addEventListener('blur', () => { if (state.mode === 'pointer') pointerOff(); });
  onLanguageChange(() => { renderDocuments(); update(); });
  // Whatever was pending when the socket went is settled by the snapshot after the reconnection
  // (whose seq may even be lower, after a server restart): never wait for a reply that cannot come.
  bus.onState((connection) => {
    if (connection !== OPEN) {
      resetPending();
      update();
    }
  });

  return {
    update,
    onKey,
    swipe,
    goTo,
    /** The number of followers browsing on their own (from the presence messages). */
    setDetached(count) {
      state.detached = Math.max(0, Number(count) || 0);
      if (state.visible) renderDetached();
    },
  };
}
