// The live room's stage (section #live-stage): the page image (srcset in the widths the server
// renders, sized to the device), the laser pointer dot, the zoom region (a CSS transform of the page),
// the black screen and the "nothing presented" screen. It only draws what js/live.js tells it; the
// state itself lives there. (A classified page comes from the server with the viewer's name on it,
// and only while the live screen shows it unblanked: a follower's stage loads none under the black
// screen, and one refused in a race with a page change just waits for the next state.)
import { $ } from './ui.js';

const WIDTHS = [480, 1024, 1920];
export const THUMB_WIDTH = 200;
const DEFAULT_ASPECT = 16 / 9;

/** The URL of one page image. */
export function pageUrl(hash, page, width) {
  return `/api/pages/${encodeURIComponent(hash)}/${page}/${width}.jpg`;
}

function srcset(hash, page) {
  return WIDTHS.map((w) => `${pageUrl(hash, page, w)} ${w}w`).join(', ');
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/** The scale and the translation (fractions of the frame) that show region r in the frame. */
export function zoomTransform(r) {
  if (!r || !(r.w > 0) || !(r.h > 0)) return { s: 1, tx: 0, ty: 0 };
  const s = clamp(Math.min(1 / r.w, 1 / r.h), 1, 20);
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  // The region's centre in the frame's centre, but never past the page's edges.
  return { s, tx: clamp(0.5 - s * cx, 1 - s, 0), ty: clamp(0.5 - s * cy, 1 - s, 0) };
}

export function createStage() {
  const el = {
    stage: $('#live-stage'),
    frame: $('#live-frame'),
    canvas: $('#live-canvas'),
    img: $('#live-page'),
    pointer: $('#live-pointer'),
    zoomRect: $('#live-zoom-rect'),
    blank: $('#live-blank'),
    blankText: $('#live-blank-text'),
    idle: $('#live-idle'),
    note: $('#live-note'),
  };
  let shown = null; // the image asked for: { hash, page, scale, failedSeq }
  let drawnSeq = null; // the seq of the state last drawn
  const aspects = new Map(); // `${hash}/${page}` -> width / height

  function setAspect(aspect) {
    const a = aspect > 0 && Number.isFinite(aspect) ? aspect : DEFAULT_ASPECT;
    el.stage.style.setProperty('--ar', a.toFixed(5));
  }

  /** The CSS width the page takes on screen (zoom included): the img's sizes. */
  function displayWidth() {
    const w = el.frame.getBoundingClientRect().width || el.stage.clientWidth || window.innerWidth;
    return Math.max(1, Math.round(w * (shown ? shown.scale : 1)));
  }

  function updateSizes() {
    if (!el.img.hasAttribute('srcset')) return;
    const sizes = `${displayWidth()}px`;
    if (el.img.getAttribute('sizes') !== sizes) el.img.setAttribute('sizes', sizes);
  }

  /**
   * The width the browser will likely pick from srcset (so that a prefetched image is the one used):
   * the first dense enough for the screen, or the one before when the screen is below the two's
   * geometric mean (Chromium's rule on screens denser than 1).
   */
  function likelyWidth() {
    const dpr = window.devicePixelRatio || 1;
    const densities = WIDTHS.map((w) => w / displayWidth());
    const i = densities.findIndex((d) => d >= dpr);
    if (i < 0) return WIDTHS[WIDTHS.length - 1];
    if (i > 0 && dpr > 1 && Math.sqrt(densities[i - 1] * densities[i]) > dpr) return WIDTHS[i - 1];
    return WIDTHS[i];
  }

  el.img.addEventListener('load', () => {
    el.stage.classList.remove('is-loading', 'is-failed');
    el.note.hidden = true;
    if (el.img.naturalWidth > 0 && el.img.naturalHeight > 0 && shown) {
      const aspect = el.img.naturalWidth / el.img.naturalHeight;
      aspects.set(`${shown.hash}/${shown.page}`, aspect);
      setAspect(aspect);
    }
  });
  el.img.addEventListener('error', () => {
    el.stage.classList.remove('is-loading');
    if (!shown || !el.img.getAttribute('src')) return;
    // Asked again with the next state (a classified page refused because the screen had just
    // moved on or gone black will be the right one then); meanwhile no broken image.
    shown.failedSeq = drawnSeq;
    el.stage.classList.add('is-failed');
    el.stage.dispatchEvent(new CustomEvent('live-image-error', { detail: { page: shown.page, classified: shown.classified } }));
  });
  if (typeof ResizeObserver === 'function') new ResizeObserver(updateSizes).observe(el.stage);

  function showOnly(which) {
    el.frame.hidden = which !== 'page' && which !== 'blank';
    el.blank.hidden = which !== 'blank';
    el.idle.hidden = which !== 'idle';
  }

  function clearImage() {
    shown = null;
    el.stage.classList.remove('is-loading', 'is-failed');
    el.img.removeAttribute('srcset');
    el.img.removeAttribute('sizes');
    el.img.removeAttribute('src');
    el.img.alt = '';
    el.pointer.hidden = true;
    el.canvas.style.transform = '';
    el.canvas.style.setProperty('--zoom-scale', '1');
  }

  return {
    el,
    likelyWidth,
    updateSizes,

    /** Remembers a page's proportions (from the document's detail) before its image has loaded. */
    knowAspect(hash, page, width, height) {
      if (width > 0 && height > 0) aspects.set(`${hash}/${page}`, width / height);
    },

    aspectOf(hash, page) {
      return aspects.get(`${hash}/${page}`);
    },

    /**
     * Draws a view: { kind: connecting | idle | page | blank, hash, page, alt, pointer, zoom, seq,
     * classified, load }. A blank view keeps the page underneath (the presenter sees it dimmed),
     * unless load is false: then no image is asked for (nor kept) until a view with load comes.
     * An image that failed is asked for again by the next view with another seq.
     */
    draw(view) {
      el.stage.dataset.state = view.kind;
      drawnSeq = view.seq ?? null;
      if (view.kind !== 'page' && view.kind !== 'blank') {
        showOnly(view.kind === 'idle' ? 'idle' : 'none');
        clearImage();
        el.note.hidden = true;
        return;
      }
      showOnly(view.kind);
      const { hash, page } = view;
      const { s, tx, ty } = zoomTransform(view.zoom);
      if (view.load === false) {
        // Nothing fetched, nothing kept: the frame keeps the page's proportions under the black screen.
        if (shown || el.img.hasAttribute('src')) clearImage();
        el.note.hidden = true;
        setAspect(aspects.get(`${hash}/${page}`) || aspects.get(`${hash}/1`) || DEFAULT_ASPECT);
        el.pointer.hidden = true;
        el.canvas.style.transform = '';
        el.canvas.style.setProperty('--zoom-scale', '1');
        return;
      }
      const retry = Boolean(shown && shown.failedSeq !== undefined && drawnSeq !== shown.failedSeq);
      const changed = !shown || shown.hash !== hash || shown.page !== page || retry;
      shown = changed ? { hash, page, scale: s, classified: Boolean(view.classified) } : { ...shown, scale: s };
      if (changed) {
        el.stage.classList.remove('is-failed');
        if (retry) el.img.removeAttribute('src'); // the same address again: make it a new request
        setAspect(aspects.get(`${hash}/${page}`) || aspects.get(`${hash}/1`) || DEFAULT_ASPECT);
        el.stage.classList.add('is-loading');
        el.note.hidden = true;
        el.img.setAttribute('srcset', srcset(hash, page));
        updateSizes();
        el.img.setAttribute('src', pageUrl(hash, page, likelyWidth()));
      } else {
        updateSizes();
      }
      el.img.alt = view.alt || '';
      el.canvas.style.transform = s === 1 ? '' : `translate(${(tx * 100).toFixed(3)}%, ${(ty * 100).toFixed(3)}%) scale(${s.toFixed(4)})`;
      el.canvas.style.setProperty('--zoom-scale', s.toFixed(4));
      const p = view.pointer;
      if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) {
        el.pointer.style.left = `${(clamp(p.x, 0, 1) * 100).toFixed(3)}%`;
        el.pointer.style.top = `${(clamp(p.y, 0, 1) * 100).toFixed(3)}%`;
        el.pointer.hidden = false;
      } else {
        el.pointer.hidden = true;
      }
    },

    /** Shows a short note over the stage (null hides it). */
    note(text) {
      el.note.textContent = text || '';
      el.note.hidden = !text;
    },

    /**
     * Where a client point is on the page, in fractions of the page (zoom included), clamped to it;
     * null when the page is not shown.
     */
    toPage(clientX, clientY) {
      if (el.frame.hidden) return null;
      const r = el.canvas.getBoundingClientRect(); // the transformed box: the whole page, zoomed
      if (!(r.width > 0 && r.height > 0)) return null;
      return { x: clamp((clientX - r.left) / r.width, 0, 1), y: clamp((clientY - r.top) / r.height, 0, 1) };
    },

    /** Whether a client point is over the visible page. */
    isOverPage(clientX, clientY) {
      const r = el.frame.getBoundingClientRect();
      return clientX >= r.left && clientX <= r.right && clientY >= r.top && clientY <= r.bottom;
    },

    /** Draws the zoom rectangle being dragged (client coordinates), or hides it (null). */
    dragRect(a, b) {
      if (!a || !b) {
        el.zoomRect.hidden = true;
        return;
      }
      const f = el.frame.getBoundingClientRect();
      const left = clamp(Math.min(a.x, b.x), f.left, f.right) - f.left;
      const top = clamp(Math.min(a.y, b.y), f.top, f.bottom) - f.top;
      const right = clamp(Math.max(a.x, b.x), f.left, f.right) - f.left;
      const bottom = clamp(Math.max(a.y, b.y), f.top, f.bottom) - f.top;
      Object.assign(el.zoomRect.style, {
        left: `${left}px`, top: `${top}px`, width: `${right - left}px`, height: `${bottom - top}px`,
      });
      el.zoomRect.hidden = false;
    },

    /** Loads page images before they are asked for (never for a classified document). */
    prefetch(hash, pages) {
      const width = likelyWidth();
      for (const n of pages) {
        const image = new Image();
        image.decoding = 'async';
        image.src = pageUrl(hash, n, width);
      }
    },
  };
}
