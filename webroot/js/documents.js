// The meeting's documents (section #documents-panel): the list with thumbnails, search in the
// documents' text, and for the chair, a presenter or the secretary the upload of several files at
// once, each in its own request with a progress bar, then a bar for the pages being rendered.
// A classified (Mật) document's pages are served to the chair, presenters and the secretary at any
// time, to everyone else only while the live room presents them: those get a link to the live room
// instead of the viewer (can.browseClassified in the meeting detail says which).
import { get, del, uploadForm, errorText, showError, clearError, ApiError } from './api.js';
import { t, has, onLanguageChange, currentLocale } from './i18n.js';
import { $, h, setBusy, showText, clearMessage, queryParam } from './ui.js';
import { openViewer, pageImageUrl } from './viewer.js';

const UPLOAD_ROLES = ['chair', 'presenter', 'secretary'];
// Only for a meeting detail without can.present / can.browseClassified (the server's can wins).
const PRESENT_ROLES = ['chair', 'presenter'];
const BROWSE_CLASSIFIED_ROLES = ['chair', 'presenter', 'secretary'];
const PARALLEL_UPLOADS = 2;
const RENDER_POLL_MS = 700; // an upload's rendering bar
const LIST_POLL_MS = 2500; // the list while a document is still being rendered
const POLL_FAILURES_ALLOWED = 5;

const state = {
  meetingId: null,
  canUpload: false,
  canPresent: false, // a "Present" link per ready document, to the live room
  canRemove: false, // a "Remove" button per document (chair, secretary, administrators)
  canBrowseClassified: false, // the viewer for classified documents; otherwise a link to the live room
  onRightsChange: [], // re-renders (the search results) when canBrowseClassified changes
  docs: [],
  items: new Map(), // document id -> { li, update(doc) }
  loaded: false,
  listLoading: null,
  listAgain: false,
  listTimer: null,
  uploadCount: 0, // rows made so far: the next row's index
  queue: [],
  running: 0,
};

/* ---------- small helpers ---------- */

function pagesText(count) {
  return Number(count) === 1 ? t('docs.pagesOne') : t('docs.pages', { count: count ?? 0 });
}

function sizeText(bytes) {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n < 0) return '';
  const [value, unit] = n >= 1024 * 1024 ? [n / (1024 * 1024), 'megabyte'] : [Math.max(n / 1024, 0.1), 'kilobyte'];
  try {
    return new Intl.NumberFormat(currentLocale(), {
      style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value);
  } catch {
    return `${value.toFixed(1)} ${unit === 'megabyte' ? 'MB' : 'kB'}`;
  }
}

function kindText(kind) {
  return has(`docs.kind.${kind}`) ? t(`docs.kind.${kind}`) : '';
}

function statusText(doc) {
  if (doc.status === 'pending') {
    return doc.pageCount ? t('docs.status.pending', { done: doc.pagesDone || 0, total: doc.pageCount })
      : t('docs.status.pendingStart');
  }
  return has(`docs.status.${doc.status}`) ? t(`docs.status.${doc.status}`) : String(doc.status || '');
}

/** The text for a failed upload: a translation of a known error code, otherwise the server's own message. */
function uploadErrorText(error) {
  const code = (error && error.code) || '';
  if (code === 'file_too_large' || (error && error.status === 413 && !has(`error.${code}`))) {
    const limit = /(\d+(?:[.,]\d+)?)\s*MB/i.exec((error && error.message) || '');
    return limit ? t('upload.tooLargeLimit', { mb: limit[1] }) : t('error.file_too_large');
  }
  if (has(`error.${code}`)) return errorText(error);
  if (error instanceof ApiError && error.status && error.message) return error.message;
  return errorText(error);
}

/**
 * Folds one character (code point) as the server does for search: no diacritics, đ → d, lower case.
 * Always one UTF-16 unit, so that a folded string's indexes are the original's code point indexes.
 */
function foldChar(c) {
  const folded = c.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  return folded.length === 1 ? folded : '\uffff';
}

/** The snippet as text nodes, with the places matching q (ignoring diacritics) in <mark>. */
function highlighted(snippet, q) {
  const text = String(snippet || '');
  const chars = Array.from(text);
  const folded = chars.map(foldChar).join('');
  const needle = Array.from(q.normalize('NFC').trim().replace(/\s+/g, ' ')).map(foldChar).join('');
  const original = chars; // one folded unit per original character, so the indexes match
  if (!needle || needle.includes('\uffff')) return [text];
  const out = [];
  let from = 0;
  for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) {
    if (at > from) out.push(original.slice(from, at).join(''));
    out.push(h('mark', { text: original.slice(at, at + needle.length).join('') }));
    from = at + needle.length;
  }
  if (from < original.length) out.push(original.slice(from).join(''));
  return out;
}

/** The live room of this meeting. */
function liveHref() {
  return `live.html?id=${state.meetingId}`;
}

/** Whether this document's pages are out of my reach outside the live room. */
function liveOnly(classified) {
  return Boolean(classified) && !state.canBrowseClassified;
}

/**
 * Opens the viewer; a classified page refused there (my roles changed meanwhile, say) makes the
 * list ask the server again what I may do.
 */
function openDocument(doc, options) {
  openViewer(doc, { ...options, liveHref: liveHref(), onDenied: recheckRights });
}

/* ---------- the list ---------- */

/** Takes a document off the meeting (after asking); the server refuses while it is shown or on the agenda. */
async function removeDocument(doc) {
  if (!window.confirm(t('docs.removeConfirm', { name: doc.name }))) return;
  clearError($('#documents-error'));
  try {
    await del(`/api/documents/${encodeURIComponent(doc.id)}`);
    refreshDocuments();
  } catch (e) {
    showError($('#documents-error'), e);
  }
}

function documentItem(doc) {
  const thumb = h('div', { className: 'document-thumb', attrs: { 'aria-hidden': 'true' } });
  const name = h('span', { className: 'document-name' });
  const badge = h('span', {
    className: 'badge badge-classified', testid: `classified-${doc.id}`, attrs: { 'data-i18n': 'docs.classified' },
  });
  const meta = h('span', { className: 'document-meta' });
  const status = h('span', { className: 'document-status' });
  const progress = h('progress', { className: 'document-progress' });
  const error = h('span', { className: 'document-error' });
  const view = h('button', {
    className: 'button button-primary button-small',
    testid: `view-${doc.id}`,
    attrs: { type: 'button' },
    on: { click: (event) => openDocument(item.doc, { page: 1, opener: event.currentTarget }) },
  });
  const download = h('a', {
    className: 'button button-secondary button-small',
    testid: `download-${doc.id}`,
    attrs: { href: `/api/documents/${encodeURIComponent(doc.id)}/original`, download: '' },
  });
  const present = h('a', {
    className: 'button button-secondary button-small',
    testid: `present-${doc.id}`,
    attrs: { href: `live.html?id=${state.meetingId}&show=${encodeURIComponent(doc.id)}` },
  });
  const remove = h('button', {
    className: 'button button-quiet button-small document-remove',
    testid: `remove-${doc.id}`,
    attrs: { type: 'button' },
    on: { click: () => removeDocument(item.doc) },
  });
  const classifiedNote = h('span', { className: 'document-note' });
  // For those who may see a classified document only while it is presented: where to go instead.
  const liveText = h('span');
  const liveLink = h('a', {
    className: 'document-live-link', testid: `classified-live-link-${doc.id}`, attrs: { href: liveHref() },
  });
  const liveNote = h('span', { className: 'document-note document-live-only', testid: `classified-live-${doc.id}` },
    liveText, ' ', liveLink);
  const li = h('li', { className: 'document', testid: `document-${doc.id}`, dataset: { documentId: String(doc.id) } },
    thumb,
    h('div', { className: 'document-info' },
      h('div', { className: 'document-title' }, name, ' ', badge),
      meta, h('div', { className: 'document-state' }, status, progress), error),
    h('div', { className: 'document-actions' }, present, view, download, remove, classifiedNote, liveNote));

  const item = { li, doc, thumbFor: null };

  item.update = (d) => {
    item.doc = d;
    li.dataset.status = d.status;
    name.textContent = d.name;
    badge.hidden = !d.classified;
    badge.textContent = t('docs.classified');
    meta.textContent = [kindText(d.kind), d.pageCount ? pagesText(d.pageCount) : '', sizeText(d.sizeBytes)]
      .filter(Boolean).join(' · ');
    status.textContent = statusText(d);
    status.className = `document-status status-doc-${d.status}`;
    progress.hidden = d.status !== 'pending' || !d.pageCount;
    if (!progress.hidden) {
      progress.max = d.pageCount;
      progress.value = Math.min(d.pagesDone || 0, d.pageCount);
    }
    progress.setAttribute('aria-label', t('upload.renderLabel'));
    error.textContent = d.status === 'failed' && d.error ? d.error : '';
    error.hidden = !error.textContent;
    const locked = liveOnly(d.classified);
    li.dataset.liveOnly = String(locked);
    view.hidden = locked;
    view.textContent = t('docs.view');
    view.setAttribute('aria-label', t('docs.viewLabel', { name: d.name }));
    present.hidden = !(state.canPresent && d.status === 'ready');
    present.textContent = t('docs.present');
    present.setAttribute('aria-label', t('docs.presentLabel', { name: d.name }));
    remove.hidden = !state.canRemove;
    remove.textContent = t('docs.remove');
    remove.setAttribute('aria-label', t('docs.removeLabel', { name: d.name }));
    download.hidden = Boolean(d.classified);
    download.textContent = t('docs.download');
    download.setAttribute('aria-label', t('docs.downloadLabel', { name: d.name }));
    classifiedNote.hidden = !d.classified || locked;
    classifiedNote.textContent = t('docs.classifiedNote');
    liveNote.hidden = !locked;
    liveText.textContent = t('docs.classifiedLiveOnly');
    liveLink.textContent = t('docs.classifiedLiveLink');
    liveLink.setAttribute('aria-label', t('docs.classifiedLiveLinkLabel', { name: d.name }));

    // Page 1's thumbnail, once page 1 may exist; an image that fails is tried again at the next change.
    // Classified documents get none: every page image of theirs the server sends is an audited view.
    const key = `${d.hash}|${d.status}|${d.pagesDone}`;
    const mayExist = !d.classified && d.hash && (d.status !== 'pending' || (d.pagesDone || 0) >= 1);
    const img = thumb.querySelector('img');
    if (img) {
      img.alt = t('docs.thumbAlt', { name: d.name });
    } else if (mayExist && item.thumbFor !== key) {
      item.thumbFor = key;
      const image = h('img', {
        attrs: {
          src: pageImageUrl(d.hash, 1, 200), alt: t('docs.thumbAlt', { name: d.name }), width: 200, loading: 'lazy', decoding: 'async',
        },
      });
      image.addEventListener('error', () => image.remove(), { once: true });
      thumb.replaceChildren(image);
    }
  };
  item.update(doc);
  return item;
}

function renderList() {
  const list = $('#documents');
  const seen = new Set();
  const nodes = state.docs.map((doc) => {
    seen.add(String(doc.id));
    let item = state.items.get(String(doc.id));
    if (item) item.update(doc);
    else {
      item = documentItem(doc);
      state.items.set(String(doc.id), item);
    }
    return item.li;
  });
  for (const id of [...state.items.keys()]) if (!seen.has(id)) state.items.delete(id);
  if (!nodes.length) nodes.push(h('li', { className: 'empty', text: t('docs.empty') }));
  // Nodes already in place are left alone, so that a focused button keeps its focus.
  for (const child of [...list.children]) if (!nodes.includes(child)) child.remove();
  nodes.forEach((node, i) => {
    if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null);
  });
  list.setAttribute('aria-busy', 'false');
}

/** meeting.html?id=N&doc=D (a document link in the live room's agenda): D opens in the viewer once listed. */
let requestedDocument = queryParam('doc');

function openRequested() {
  if (!requestedDocument) return;
  const doc = state.docs.find((d) => String(d.id) === requestedDocument);
  requestedDocument = null;
  if (doc && doc.status === 'ready') openDocument(doc, { page: 1 });
}

/** Reloads the list (one request at a time; asked again meanwhile, it reloads once more after). */
export function refreshDocuments() {
  if (state.listLoading) {
    state.listAgain = true;
    return state.listLoading;
  }
  clearTimeout(state.listTimer);
  state.listLoading = (async () => {
    try {
      const data = await get(`/api/meetings/${state.meetingId}/documents`);
      state.docs = (data && data.documents) || [];
      state.loaded = true;
      clearError($('#documents-error'));
      renderList();
      openRequested();
    } catch (e) {
      showError($('#documents-error'), e);
      $('#documents').setAttribute('aria-busy', 'false');
    } finally {
      state.listLoading = null;
    }
    if (state.listAgain) {
      state.listAgain = false;
      refreshDocuments();
    } else if (state.docs.some((d) => d.status === 'pending')) {
      state.listTimer = setTimeout(refreshDocuments, LIST_POLL_MS);
    }
  })();
  return state.listLoading;
}

/* ---------- upload ---------- */

function uploadRow(index, file, classified) {
  const testid = `upload-${index}`;
  const sendBar = h('progress', { className: 'upload-bar', testid: `${testid}-progress`, attrs: { max: file.size || 1, value: 0 } });
  const renderBar = h('progress', { className: 'render-bar', testid: `${testid}-render`, attrs: { hidden: true } });
  const sendLabelId = `${testid}-send-label`;
  const renderLabelId = `${testid}-render-label`;
  sendBar.setAttribute('aria-labelledby', `${testid}-name ${sendLabelId}`);
  renderBar.setAttribute('aria-labelledby', `${testid}-name ${renderLabelId}`);
  const percentText = h('span', { className: 'upload-percent', attrs: { 'aria-hidden': 'true' } });
  const status = h('p', { className: 'upload-status', testid: `${testid}-status`, attrs: { 'aria-live': 'polite' } });
  const error = h('p', { className: 'upload-error alert', testid: `${testid}-error`, attrs: { role: 'alert', hidden: true } });
  const renderCount = h('span', { className: 'upload-percent', attrs: { 'aria-hidden': 'true' } });
  const renderRow = h('div', { className: 'upload-bar-row', attrs: { hidden: true } },
    h('span', { id: renderLabelId, className: 'upload-bar-label', attrs: { 'data-i18n': 'upload.renderLabel' }, text: t('upload.renderLabel') }),
    renderBar, renderCount);
  const li = h('li', { className: 'upload', testid, dataset: { state: 'queued' } },
    h('div', { className: 'upload-head' },
      h('span', { id: `${testid}-name`, className: 'upload-name', text: file.name }),
      classified ? h('span', { className: 'badge badge-classified', attrs: { 'data-i18n': 'docs.classified' }, text: t('docs.classified') }) : null,
      h('span', { className: 'upload-size', text: sizeText(file.size) })),
    h('div', { className: 'upload-bar-row' },
      h('span', { id: sendLabelId, className: 'upload-bar-label', attrs: { 'data-i18n': 'upload.sendLabel' }, text: t('upload.sendLabel') }),
      sendBar, percentText),
    renderRow, status, error);

  const row = {
    li,
    setState(name) { li.dataset.state = name; },
    say(produce) { showText(status, produce); },
    sent(loaded, total) {
      sendBar.max = total || file.size || 1;
      sendBar.value = Math.min(loaded, sendBar.max);
      percentText.textContent = `${Math.round((100 * sendBar.value) / sendBar.max)}%`;
      if (li.dataset.state !== 'uploading') {
        row.setState('uploading');
        row.say(() => t('upload.sending'));
      }
    },
    checking() {
      sendBar.value = sendBar.max;
      percentText.textContent = '100%';
      row.setState('checking');
      renderRow.hidden = false;
      renderBar.hidden = false;
      renderBar.removeAttribute('value'); // indeterminate while the server checks and converts
      row.say(() => t('upload.checking'));
    },
    rendering(doc) {
      sendBar.value = sendBar.max;
      renderRow.hidden = false;
      renderBar.hidden = false;
      li.dataset.documentId = String(doc.id);
      const total = Number(doc.pageCount) || 0;
      if (total) {
        renderBar.max = total;
        renderBar.value = doc.status === 'ready' ? total : Math.min(Number(doc.pagesDone) || 0, total);
        renderCount.textContent = `${renderBar.value}/${total}`;
      }
      if (doc.status === 'pending') {
        row.setState('rendering');
        const done = Number(doc.pagesDone) || 0;
        row.say(() => t('upload.rendering', { done, total: total || '…' }));
      } else if (doc.status === 'ready') {
        row.setState('ready');
        const failed = (doc.pages || []).filter((p) => p.status === 'failed').length;
        const pages = doc.pageCount;
        row.say(() => (failed ? t('upload.readySomeFailed', { pages: pagesText(pages), failed: pagesText(failed) })
          : t('upload.ready', { pages: pagesText(pages) })));
      } else {
        row.setState('failed');
        row.say(() => t('upload.renderFailed'));
        if (doc.error) showText(error, () => doc.error);
      }
    },
    failed(e) {
      row.setState('error');
      renderRow.hidden = true;
      clearMessage(status);
      showText(error, () => uploadErrorText(e));
      error.dataset.code = (e && e.code) || 'unknown';
    },
  };
  row.say(() => t('upload.queued'));
  return row;
}

function followRendering(row, doc, failures = 0) {
  row.rendering(doc);
  if (doc.status !== 'pending') {
    refreshDocuments();
    return;
  }
  setTimeout(async () => {
    try {
      const data = await get(`/api/documents/${encodeURIComponent(doc.id)}`);
      followRendering(row, data.document, 0);
    } catch (e) {
      if (failures + 1 >= POLL_FAILURES_ALLOWED || e.status === 404 || e.status === 403 || e.redirecting) {
        row.failed(e);
      } else {
        followRendering(row, doc, failures + 1);
      }
    }
  }, RENDER_POLL_MS);
}

function pump() {
  while (state.running < PARALLEL_UPLOADS && state.queue.length) {
    const { row, file, classified } = state.queue.shift();
    state.running += 1;
    row.sent(0, file.size);
    const form = new FormData();
    form.append('classified', classified ? 'true' : 'false');
    form.append('file', file, file.name);
    const { promise } = uploadForm(`/api/meetings/${state.meetingId}/documents`, form, {
      onProgress: (loaded, total) => row.sent(loaded, total),
      onSent: () => row.checking(),
    });
    promise
      .then((data) => {
        const doc = data && data.document;
        if (!doc) throw new ApiError(0, 'unknown', '');
        refreshDocuments();
        followRendering(row, doc);
      })
      .catch((e) => row.failed(e))
      .finally(() => {
        state.running -= 1;
        pump();
      });
  }
}

function addFiles(fileList) {
  const files = [...(fileList || [])];
  if (!files.length || !state.canUpload) return;
  const classified = $('#upload-classified').checked;
  const list = $('#upload-list');
  for (const file of files) {
    const row = uploadRow(state.uploadCount, file, classified);
    state.uploadCount += 1;
    list.append(row.li);
    state.queue.push({ row, file, classified });
  }
  pump();
}

function wireUpload() {
  const input = $('#upload-input');
  const drop = $('#upload-drop');
  $('#upload-pick').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    addFiles(input.files);
    input.value = ''; // the same file can be chosen again
  });
  const hasFiles = (event) => event.dataTransfer && [...(event.dataTransfer.types || [])].includes('Files');
  let depth = 0;
  drop.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    drop.classList.add('is-over');
  });
  drop.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  drop.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) drop.classList.remove('is-over');
  });
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    drop.classList.remove('is-over');
    addFiles(event.dataTransfer && event.dataTransfer.files);
  });
  // A file dropped beside the zone would make the browser leave the meeting to show it.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => {
      if (hasFiles(event) && !drop.contains(event.target)) {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
      }
    });
  }
}

/* ---------- search ---------- */

function searchResult(result, i, q) {
  const doc = state.docs.find((d) => String(d.id) === String(result.documentId));
  const classified = typeof result.classified === 'boolean' ? result.classified : Boolean(doc && doc.classified);
  const head = () => h('span', { className: 'search-result-head' },
    h('span', { className: 'search-result-name', text: result.name }),
    h('span', { className: 'search-result-page', text: t('search.page', { page: result.page }) }));
  if (liveOnly(classified)) {
    // The viewer would only be refused: the page can be seen in the live room while it is presented.
    return h('li', {}, h('div', {
      className: 'search-result is-live-only',
      testid: `search-result-${i}`,
      dataset: { documentId: String(result.documentId), page: String(result.page), liveOnly: 'true' },
    },
    head(),
    h('span', { className: 'search-result-note' },
      t('docs.classifiedLiveOnly'), ' ',
      h('a', {
        className: 'document-live-link',
        testid: `search-result-${i}-live`,
        text: t('docs.classifiedLiveLink'),
        attrs: { href: liveHref(), 'aria-label': t('docs.classifiedLiveLinkLabel', { name: result.name }) },
      }))));
  }
  const button = h('button', {
    className: 'search-result',
    testid: `search-result-${i}`,
    dataset: { documentId: String(result.documentId), page: String(result.page) },
    attrs: { type: 'button', 'aria-label': t('search.openLabel', { name: result.name, page: result.page }) },
    on: {
      click: (event) => openDocument(doc || state.docs.find((d) => String(d.id) === String(result.documentId))
        || { id: result.documentId, name: result.name, classified }, { page: result.page, opener: event.currentTarget }),
    },
  },
  head(),
  h('span', { className: 'search-result-snippet' }, ...highlighted(result.snippet, q)));
  return h('li', {}, button);
}

function wireSearch() {
  const form = $('#doc-search-form');
  const input = $('#doc-search');
  const button = $('#doc-search-button');
  const status = $('#doc-search-status');
  const errorBox = $('#doc-search-error');
  const results = $('#doc-search-results');
  const clear = $('#doc-search-clear');
  let last = null; // { q, results } for a language switch
  let asked = 0;

  const reset = () => {
    asked += 1; // an answer still on its way is dropped
    last = null;
    results.replaceChildren();
    results.hidden = true;
    clearMessage(status);
    clearError(errorBox);
    clear.hidden = true;
    setBusy(button, false);
  };
  clear.addEventListener('click', () => {
    reset();
    input.value = '';
    input.focus();
  });

  const show = () => {
    if (!last) return;
    results.replaceChildren(...last.results.map((r, i) => searchResult(r, i, last.q)));
    results.hidden = !last.results.length;
  };
  onLanguageChange(show);
  state.onRightsChange.push(show);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(errorBox);
    const q = input.value.trim();
    if (!q) {
      reset();
      showText(status, () => t('search.needText'));
      input.focus();
      return;
    }
    const mine = ++asked;
    setBusy(button, true, 'search.busy');
    try {
      const data = await get(`/api/meetings/${state.meetingId}/search?q=${encodeURIComponent(q)}`);
      if (mine !== asked) return;
      last = { q, results: (data && data.results) || [] };
      show();
      const count = last.results.length;
      showText(status, () => (count ? t('search.count', { count, q }) : t('search.none', { q })));
      clear.hidden = false;
    } catch (e) {
      if (mine !== asked) return;
      reset();
      showError(errorBox, e);
    } finally {
      if (mine === asked) setBusy(button, false);
    }
  });
}

/* ---------- start ---------- */

/** A right from the meeting detail's can, or (from an older server) guessed from my roles. */
function right(meeting, name, roles, fallbackRoles) {
  const can = meeting && meeting.can;
  if (can && typeof can[name] === 'boolean') return can[name];
  return fallbackRoles.some((r) => roles.has(r));
}

function applyMeeting(meeting) {
  if (!meeting) return;
  const roles = new Set(meeting.myRoles || []);
  state.canUpload = UPLOAD_ROLES.some((r) => roles.has(r));
  $('#upload-panel').hidden = !state.canUpload;
  const canRemove = Boolean(meeting.can && meeting.can.edit);
  if (canRemove !== state.canRemove) {
    state.canRemove = canRemove;
    if (state.loaded) renderList();
  }
  const canPresent = right(meeting, 'present', roles, PRESENT_ROLES);
  const canBrowse = right(meeting, 'browseClassified', roles, BROWSE_CLASSIFIED_ROLES);
  const browseChanged = canBrowse !== state.canBrowseClassified;
  if (canPresent !== state.canPresent || browseChanged) {
    state.canPresent = canPresent;
    state.canBrowseClassified = canBrowse;
    if (state.loaded) renderList();
    if (browseChanged) state.onRightsChange.forEach((fn) => fn());
  }
}

/** Asks the server again what I may do here (after the viewer was refused a page). */
let recheck = null;
function recheckRights() {
  if (recheck) return;
  recheck = get(`/api/meetings/${state.meetingId}`)
    .then((data) => applyMeeting(data && data.meeting))
    .catch(() => {})
    .finally(() => { recheck = null; });
}

/**
 * Starts the documents panel for this meeting. Returns { setMeeting(meeting) }, to be called with
 * every fresh meeting detail (my roles may change, and with them the right to upload).
 */
export function initDocuments({ meetingId, meeting }) {
  state.meetingId = encodeURIComponent(meetingId);
  applyMeeting(meeting);
  wireUpload();
  wireSearch();
  onLanguageChange(() => { if (state.loaded) renderList(); });
  refreshDocuments();
  return { setMeeting: applyMeeting, refresh: refreshDocuments };
}
