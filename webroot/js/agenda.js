// The agenda (chương trình họp) on the meeting page, section #agenda-panel: numbered items with
// presenter, planned time, description and their documents (opened in the page's viewer), and the
// total planned time. The chair and the secretary (can.editAgenda) add, edit, delete and reorder
// items: with the "Up" / "Down" buttons (keyboard), or by holding and dragging an item's handle
// (pointer events, so a finger works as well as a mouse). Every change is drawn again from the
// server's answer and announced in #agenda-status. The live room shows the current item; this page
// does not follow the meeting live.
import { get, post, put, patch, del, showError, clearError } from './api.js';
import { t, onLanguageChange } from './i18n.js';
import { $, h, setBusy, showMessage, clearMessage } from './ui.js';
import { openViewer } from './viewer.js';

const BROWSE_CLASSIFIED_ROLES = ['chair', 'presenter', 'secretary'];
const DOCS_RELOAD_MS = 300;
const MAX_MINUTES = 1440;

/** Error codes from the agenda API and the message to show for each. */
const ERRORS = {
  agenda_changed: 'agenda.changed',
  agenda_full: 'agenda.full',
  invalid_title: 'agenda.needTitle',
  invalid_description: 'agenda.badDescription',
  invalid_plannedMinutes: 'agenda.badMinutes',
  invalid_presenterId: 'agenda.badPresenter',
  invalid_documentIds: 'agenda.badDocuments',
};

const state = {
  meetingId: null,
  meeting: null,
  items: [],
  loaded: false,
  canEdit: false,
  canBrowseClassified: false,
  docs: [], // the meeting's documents (GET .../documents): the forms' choices and the viewer's details
  editing: null, // id of the item whose edit form is open
  editNode: null, // that form, kept across re-renders so that what was typed stays
  confirming: null, // id of the item whose deletion is being confirmed
  busy: false,
  drag: null,
  addForm: null,
  docsTimer: null,
};

const errorBox = () => $('#agenda-error');

function announce(key, params) {
  showMessage($('#agenda-status'), key, params);
}

function resetFlash() {
  clearError(errorBox());
  clearMessage($('#agenda-status'));
  $('#agenda-status').hidden = false; // a live region stays in the page, empty
}

/* ---------- formatting ---------- */

/** "25 phút", "1 giờ", "1 giờ 25 phút". */
export function durationText(minutes) {
  const n = Math.max(0, Math.round(Number(minutes) || 0));
  const hours = Math.floor(n / 60);
  const rest = n % 60;
  let text;
  if (n < 60) text = n === 1 ? t('agenda.minutesOne') : t('agenda.minutes', { count: n });
  else text = rest ? t('agenda.hoursMinutes', { h: hours, m: rest }) : t('agenda.hours', { h: hours });
  return text.replace(/ /g, '\u00a0'); // "1 giờ 15 phút" stays on one line
}

function liveHref() {
  return `live.html?id=${state.meetingId}`;
}

function participants() {
  return ((state.meeting && state.meeting.participants) || [])
    .filter((p) => !p.guest && !(p.roles || []).includes('guest'));
}

/* ---------- documents of the meeting ---------- */

async function loadDocs() {
  try {
    const data = await get(`/api/meetings/${state.meetingId}/documents`);
    state.docs = (data && data.documents) || [];
  } catch {
    return; // the documents panel shows its own error; the forms keep what they had
  }
  refreshFormChoices();
}

/** Reloads the documents when the documents panel's list gains or loses one (an upload, say). */
function watchDocuments() {
  const list = $('#documents');
  if (!list || typeof MutationObserver !== 'function') return;
  new MutationObserver(() => {
    clearTimeout(state.docsTimer);
    state.docsTimer = setTimeout(loadDocs, DOCS_RELOAD_MS);
  }).observe(list, { childList: true });
}

function openDocument(doc, opener) {
  // The list's entry has the page images' hash; the agenda's has only id, name and status.
  const full = state.docs.find((d) => String(d.id) === String(doc.id));
  openViewer({ ...doc, ...(full || {}) }, { page: 1, opener, liveHref: liveHref() });
}

/* ---------- the item form (add and edit) ---------- */

function presenterOptions(select, chosen) {
  const options = [h('option', { text: t('agenda.field.noPresenter'), attrs: { value: '' } })];
  const people = participants();
  for (const p of people) {
    options.push(h('option', {
      text: p.position ? `${p.displayName} — ${p.position}` : p.displayName,
      attrs: { value: String(p.userId) },
    }));
  }
  // A presenter who is no longer a participant stays visible until changed.
  if (chosen && !people.some((p) => String(p.userId) === String(chosen.id))) {
    options.push(h('option', { text: chosen.name || String(chosen.id), attrs: { value: String(chosen.id) } }));
  }
  select.replaceChildren(...options);
}

function docChoices(box, prefix, checkedIds) {
  const checked = new Set([...checkedIds].map(String));
  // The item's own documents stay listed even if the meeting's list has not caught up yet.
  const docs = [...state.docs];
  for (const id of checked) {
    if (!docs.some((d) => String(d.id) === id) && box.dataset[`name${id}`]) {
      docs.push({ id, name: box.dataset[`name${id}`] });
    }
  }
  if (!docs.length) {
    box.replaceChildren(h('p', { className: 'hint', text: t('agenda.field.noDocuments'), attrs: { 'data-i18n': 'agenda.field.noDocuments' } }));
    return;
  }
  box.replaceChildren(...docs.map((d) => {
    const id = `${prefix}-doc-${d.id}`;
    const input = h('input', { id, testid: id, attrs: { type: 'checkbox', value: String(d.id) } });
    input.checked = checked.has(String(d.id));
    return h('div', { className: 'check' }, input,
      h('label', { attrs: { for: id } },
        h('span', { text: d.name }),
        d.classified ? h('span', { className: 'badge badge-classified', text: t('docs.classified'), attrs: { 'data-i18n': 'docs.classified' } }) : null));
  }));
}

/**
 * Builds the form for a new item (prefix "agenda-add") or an item being edited ("agenda-edit-<id>").
 * Returns { form, fill(item), read(), refreshChoices(), focus() }.
 */
function itemForm(prefix, { submitKey, onSubmit, onCancel }) {
  const field = (name, labelKey, control) => h('div', { className: 'field', id: `${prefix}-${name}-field` },
    h('label', { attrs: { for: `${prefix}-${name}`, 'data-i18n': labelKey }, text: t(labelKey) }), control);
  const control = (tag, name, attrs) => h(tag, { id: `${prefix}-${name}`, testid: `${prefix}-${name}`, attrs: { name, ...attrs } });
  const title = control('input', 'title', { type: 'text', maxlength: 300, required: true, autocomplete: 'off' });
  const presenter = control('select', 'presenter', {});
  const minutes = control('input', 'minutes', {
    type: 'number', min: 0, max: MAX_MINUTES, step: 1, inputmode: 'numeric', class: 'minutes-input',
  });
  const description = control('textarea', 'description', { rows: 3, maxlength: 5000 });
  const docsBox = h('div', { className: 'agenda-doc-choices' });
  const docsSet = h('fieldset', { id: `${prefix}-documents`, className: 'checks' },
    h('legend', { attrs: { 'data-i18n': 'agenda.field.documents' }, text: t('agenda.field.documents') }), docsBox);
  const submit = h('button', {
    id: `${prefix}-submit`, testid: `${prefix}-submit`, className: 'button button-primary',
    text: t(submitKey), attrs: { type: 'submit', 'data-i18n': submitKey },
  });
  const cancel = onCancel ? h('button', {
    id: `${prefix}-cancel`, testid: `${prefix}-cancel`, className: 'button button-quiet',
    text: t('common.cancel'), attrs: { type: 'button', 'data-i18n': 'common.cancel' }, on: { click: onCancel },
  }) : null;
  const form = h('form', { id: `${prefix}-form`, testid: `${prefix}-form`, className: 'form agenda-form', attrs: { novalidate: true } },
    field('title', 'agenda.field.title', title),
    h('div', { className: 'form-pair' },
      field('presenter', 'agenda.field.presenter', presenter),
      field('minutes', 'agenda.field.minutes', minutes)),
    field('description', 'agenda.field.description', description),
    docsSet,
    h('div', { className: 'button-row' }, submit, cancel));

  let presenterChosen = null;
  const api = {
    form,
    submit,
    fill(item) {
      title.value = item ? item.title || '' : '';
      description.value = item ? item.description || '' : '';
      minutes.value = item && item.plannedMinutes ? String(item.plannedMinutes) : '';
      presenterChosen = item && item.presenterId ? { id: item.presenterId, name: item.presenterName } : null;
      presenterOptions(presenter, presenterChosen);
      presenter.value = presenterChosen ? String(presenterChosen.id) : '';
      for (const d of (item && item.documents) || []) docsBox.dataset[`name${d.id}`] = d.name;
      docChoices(docsBox, prefix, ((item && item.documents) || []).map((d) => d.id));
    },
    refreshChoices() {
      const chosen = presenter.value;
      presenterOptions(presenter, presenterChosen);
      presenter.value = [...presenter.options].some((o) => o.value === chosen) ? chosen : '';
      const checked = [...docsBox.querySelectorAll('input:checked')].map((i) => i.value);
      docChoices(docsBox, prefix, checked);
    },
    /** The fields as the API wants them, or null (after saying what is wrong) when they are not valid. */
    read() {
      const text = title.value.trim();
      if (!text) {
        showMessage(errorBox(), 'agenda.needTitle');
        title.focus();
        return null;
      }
      const raw = minutes.value.trim();
      const planned = raw === '' ? 0 : Number(raw);
      if (!Number.isInteger(planned) || planned < 0 || planned > MAX_MINUTES) {
        showMessage(errorBox(), 'agenda.badMinutes');
        minutes.focus();
        return null;
      }
      return {
        title: text,
        description: description.value.trim(),
        presenterId: presenter.value ? Number(presenter.value) : null,
        plannedMinutes: planned,
        documentIds: [...docsBox.querySelectorAll('input:checked')].map((i) => Number(i.value)),
      };
    },
    focus() {
      title.focus();
    },
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(api);
  });
  api.fill(null);
  return api;
}

function refreshFormChoices() {
  if (state.addForm) state.addForm.refreshChoices();
  if (state.editNode) state.editNode.api.refreshChoices();
}

/* ---------- rendering ---------- */

function documentEntry(item, doc) {
  const key = `${item.id}-${doc.id}`;
  const badge = doc.classified
    ? h('span', { className: 'badge badge-classified', testid: `agenda-doc-classified-${key}`, text: t('docs.classified') })
    : null;
  const pages = doc.pageCount ? h('span', { className: 'agenda-doc-pages', text: t('agenda.docPages', { count: doc.pageCount }) }) : null;
  if (doc.classified && !state.canBrowseClassified) {
    return h('li', {}, h('div', { className: 'agenda-doc is-live-only', testid: `agenda-doc-${key}`, dataset: { liveOnly: 'true', documentId: String(doc.id) } },
      h('span', { className: 'agenda-doc-name' }, h('span', { className: 'doc-icon', attrs: { 'aria-hidden': 'true' } }), doc.name), badge,
      h('span', { className: 'agenda-doc-note' }, t('docs.classifiedLiveOnly'), ' ',
        h('a', {
          testid: `agenda-doc-live-${key}`,
          text: t('docs.classifiedLiveLink'),
          attrs: { href: liveHref(), 'aria-label': t('docs.classifiedLiveLinkLabel', { name: doc.name }) },
        }))));
  }
  return h('li', {}, h('button', {
    className: 'agenda-doc',
    testid: `agenda-doc-${key}`,
    dataset: { documentId: String(doc.id) },
    attrs: { type: 'button', 'aria-label': t('agenda.openDoc', { name: doc.name }) },
    on: { click: (event) => openDocument(doc, event.currentTarget) },
  },
  h('span', { className: 'agenda-doc-name' }, h('span', { className: 'doc-icon', attrs: { 'aria-hidden': 'true' } }), doc.name),
  badge, pages));
}

function controls(item, index, count) {
  const label = { title: item.title };
  const handle = h('span', {
    className: 'agenda-handle',
    testid: `agenda-handle-${item.id}`,
    attrs: { 'aria-hidden': 'true', title: t('agenda.drag') },
    on: { pointerdown: (event) => startDrag(event, item) },
  }, h('span', { className: 'agenda-handle-grip', text: '⠿' }));
  const up = h('button', {
    className: 'button button-quiet button-small',
    testid: `agenda-up-${item.id}`,
    attrs: { type: 'button', 'aria-label': t('agenda.moveUpLabel', label), disabled: index === 0 },
    on: { click: () => move(item, -1) },
  }, h('span', { attrs: { 'aria-hidden': 'true' }, text: '↑' }), t('agenda.moveUp'));
  const down = h('button', {
    className: 'button button-quiet button-small',
    testid: `agenda-down-${item.id}`,
    attrs: { type: 'button', 'aria-label': t('agenda.moveDownLabel', label), disabled: index === count - 1 },
    on: { click: () => move(item, 1) },
  }, h('span', { attrs: { 'aria-hidden': 'true' }, text: '↓' }), t('agenda.moveDown'));
  const edit = h('button', {
    className: 'button button-secondary button-small',
    testid: `agenda-edit-${item.id}`,
    text: t('agenda.edit'),
    attrs: { type: 'button', 'aria-label': t('agenda.editLabel', label) },
    on: { click: () => startEdit(item) },
  });
  const remove = h('button', {
    className: 'button button-danger button-small',
    testid: `agenda-delete-${item.id}`,
    text: t('agenda.delete'),
    attrs: { type: 'button', 'aria-label': t('agenda.deleteLabel', label), 'aria-expanded': String(state.confirming === item.id) },
    on: { click: () => askDelete(item) },
  });
  const row = h('div', { className: 'agenda-controls' },
    count > 1 ? h('span', { className: 'agenda-move' }, handle, up, down) : null,
    h('span', { className: 'agenda-change' }, edit, remove));
  if (state.confirming !== item.id) return [row];
  const textId = `agenda-delete-text-${item.id}`;
  const confirm = h('div', {
    className: 'confirm-box', testid: `agenda-delete-confirm-${item.id}`, attrs: { role: 'group', 'aria-labelledby': textId },
  },
  h('p', { id: textId, text: t('agenda.deleteConfirm', label) }),
  h('div', { className: 'button-row' },
    h('button', {
      className: 'button button-danger', testid: `agenda-delete-yes-${item.id}`, text: t('agenda.deleteYes'),
      attrs: { type: 'button' }, on: { click: (event) => deleteItem(item, event.currentTarget) },
    }),
    h('button', {
      className: 'button button-quiet', testid: `agenda-delete-no-${item.id}`, text: t('common.cancel'),
      attrs: { type: 'button' },
      on: {
        click: () => {
          state.confirming = null;
          render();
          focusTestid(`agenda-delete-${item.id}`);
        },
      },
    })));
  return [row, confirm];
}

function itemNode(item, index, count) {
  const meta = [];
  if (item.presenterName) {
    meta.push(h('span', { testid: `agenda-presenter-${item.id}`, className: 'agenda-presenter', text: t('agenda.presenter', { name: item.presenterName }) }));
  }
  if (item.plannedMinutes) {
    meta.push(h('span', {
      testid: `agenda-minutes-${item.id}`, className: 'agenda-minutes', dataset: { minutes: String(item.plannedMinutes) },
      text: t('agenda.planned', { time: durationText(item.plannedMinutes) }),
    }));
  }
  const docs = item.documents || [];
  return h('li', {
    className: 'agenda-item', testid: `agenda-item-${item.id}`,
    dataset: { itemId: String(item.id), position: String(index + 1) },
  },
  h('span', { className: 'agenda-number', text: String(index + 1), attrs: { 'aria-hidden': 'true' } }),
  h('div', { className: 'agenda-body' },
    h('h3', { className: 'agenda-title', testid: `agenda-title-${item.id}` },
      h('span', { className: 'visually-hidden', text: `${t('agenda.itemLabel', { n: index + 1 })}: ` }), item.title),
    meta.length ? h('p', { className: 'agenda-meta' }, ...meta) : null,
    item.description ? h('p', { className: 'agenda-description', testid: `agenda-description-${item.id}`, text: item.description }) : null,
    docs.length ? h('ul', { className: 'agenda-docs', attrs: { 'aria-label': t('agenda.documents') } },
      ...docs.map((d) => documentEntry(item, d))) : null),
  ...(state.canEdit ? controls(item, index, count) : []));
}

function buildEditNode(item, index) {
  const prefix = `agenda-edit-${item.id}`;
  const api = itemForm(prefix, {
    submitKey: 'agenda.save',
    onSubmit: (form) => saveEdit(item, form),
    onCancel: () => {
      state.editing = null;
      state.editNode = null;
      render();
      focusTestid(`agenda-edit-${item.id}`);
    },
  });
  api.fill(item);
  const heading = h('h3', { className: 'agenda-title', text: t('agenda.editHeading', { n: index + 1 }) });
  const li = h('li', {
    className: 'agenda-item is-editing', testid: `agenda-item-${item.id}`,
    dataset: { itemId: String(item.id), position: String(index + 1) },
  },
  h('span', { className: 'agenda-number', text: String(index + 1), attrs: { 'aria-hidden': 'true' } }),
  h('div', { className: 'agenda-body' }, heading, api.form));
  return { li, api, itemId: item.id, heading };
}

function render() {
  const list = $('#agenda-list');
  const items = state.items;
  if (state.editing !== null && !items.some((i) => i.id === state.editing)) {
    state.editing = null;
    state.editNode = null;
  }
  if (state.confirming !== null && !items.some((i) => i.id === state.confirming)) state.confirming = null;
  const nodes = items.map((item, index) => {
    if (state.editing === item.id) {
      if (!state.editNode) state.editNode = buildEditNode(item, index);
      state.editNode.li.dataset.position = String(index + 1);
      state.editNode.li.querySelector('.agenda-number').textContent = String(index + 1);
      state.editNode.heading.textContent = t('agenda.editHeading', { n: index + 1 });
      return state.editNode.li;
    }
    return itemNode(item, index, items.length);
  });
  if (!nodes.length) {
    nodes.push(h('li', { className: 'empty', text: t(state.canEdit ? 'agenda.emptyEditor' : 'agenda.empty') }));
  }
  list.replaceChildren(...nodes);
  list.setAttribute('aria-busy', String(!state.loaded || state.busy));

  const total = items.reduce((sum, i) => sum + (Number(i.plannedMinutes) || 0), 0);
  const totalBox = $('#agenda-total');
  totalBox.textContent = t('agenda.total', { time: durationText(total) });
  totalBox.dataset.minutes = String(total);
  totalBox.hidden = total === 0;
  $('#agenda-reorder-hint').hidden = !(state.canEdit && items.length > 1);
  $('#agenda-add-panel').hidden = !state.canEdit;
}

function apply(agenda) {
  state.items = (agenda && agenda.items) || [];
  if (agenda && agenda.can && typeof agenda.can.edit === 'boolean') state.canEdit = agenda.can.edit;
  state.loaded = true;
  render();
}

function focusTestid(testid) {
  const el = document.querySelector(`[data-testid="${testid}"]`);
  if (el && !el.disabled) {
    el.focus();
    return true;
  }
  return false;
}

/* ---------- loading and changing ---------- */

/** Loads the agenda again from the server. */
export async function refreshAgenda() {
  try {
    const data = await get(`/api/meetings/${state.meetingId}/agenda`);
    apply(data);
  } catch (e) {
    showError(errorBox(), e, ERRORS);
    $('#agenda-list').setAttribute('aria-busy', 'false');
  }
}

/**
 * Runs one change: one at a time, the list marked busy; a 409 (someone changed the agenda) or 404
 * (the item is gone) reloads the agenda and says so. Returns the server's answer or null.
 */
async function change(work, button) {
  if (state.busy) return null;
  state.busy = true;
  $('#agenda-list').setAttribute('aria-busy', 'true');
  setBusy(button, true);
  try {
    const data = await work();
    apply(data);
    return data;
  } catch (e) {
    if (e.status === 409 || e.status === 404) {
      state.editing = null;
      state.editNode = null;
      state.confirming = null;
      await refreshAgenda();
      showError(errorBox(), e, { ...ERRORS, 'status:409': 'agenda.changed', 'status:404': 'agenda.gone' });
    } else {
      showError(errorBox(), e, ERRORS);
    }
    return null;
  } finally {
    state.busy = false;
    if (button && button.isConnected) setBusy(button, false);
    $('#agenda-list').setAttribute('aria-busy', 'false');
  }
}

async function addItem(form) {
  resetFlash();
  const fields = form.read();
  if (!fields) return;
  if (fields.presenterId === null) delete fields.presenterId;
  const data = await change(() => post(`/api/meetings/${state.meetingId}/agenda`, fields), form.submit);
  if (!data) return;
  form.fill(null);
  announce('agenda.added', { title: fields.title });
  form.focus();
}

function startEdit(item) {
  resetFlash();
  state.confirming = null;
  state.editing = item.id;
  state.editNode = null;
  render();
  if (state.editNode) state.editNode.api.focus();
}

async function saveEdit(item, form) {
  resetFlash();
  const fields = form.read();
  if (!fields) return;
  const data = await change(() => patch(`/api/meetings/${state.meetingId}/agenda/${encodeURIComponent(item.id)}`, fields), form.submit);
  if (!data) return;
  state.editing = null;
  state.editNode = null;
  render();
  announce('agenda.saved', { title: fields.title });
  focusTestid(`agenda-edit-${item.id}`);
}

function askDelete(item) {
  resetFlash();
  state.confirming = state.confirming === item.id ? null : item.id;
  render();
  if (state.confirming === item.id) focusTestid(`agenda-delete-no-${item.id}`);
}

async function deleteItem(item, button) {
  resetFlash();
  const index = state.items.findIndex((i) => i.id === item.id);
  state.confirming = null;
  const data = await change(() => del(`/api/meetings/${state.meetingId}/agenda/${encodeURIComponent(item.id)}`), button);
  if (!data) return;
  announce('agenda.deleted', { title: item.title });
  const next = state.items[Math.min(index, state.items.length - 1)];
  if (!next || !focusTestid(`agenda-edit-${next.id}`)) $('#agenda-heading').focus();
}

/** Sends the whole order; focus comes back to the moved item's button that was used. */
async function sendOrder(ids, item, focusAfter) {
  resetFlash();
  const data = await change(() => put(`/api/meetings/${state.meetingId}/agenda/order`, { itemIds: ids }));
  if (!data) return;
  const position = state.items.findIndex((i) => i.id === item.id) + 1;
  announce('agenda.moved', { title: item.title, position });
  if (focusAfter) {
    const other = focusAfter === 'up' ? 'down' : 'up';
    if (!focusTestid(`agenda-${focusAfter}-${item.id}`)) focusTestid(`agenda-${other}-${item.id}`);
  }
}

function move(item, delta) {
  const ids = state.items.map((i) => i.id);
  const from = ids.indexOf(item.id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return;
  ids.splice(from, 1);
  ids.splice(to, 0, item.id);
  sendOrder(ids, item, delta < 0 ? 'up' : 'down');
}

/* ---------- drag and drop (pointer events: mouse, pen and touch) ---------- */

function startDrag(event, item) {
  if (state.busy || state.drag || (event.pointerType === 'mouse' && event.button !== 0)) return;
  const handle = event.currentTarget;
  const li = handle.closest('.agenda-item');
  const rows = [...$('#agenda-list').querySelectorAll(':scope > .agenda-item')];
  const from = rows.indexOf(li);
  if (from < 0) return;
  event.preventDefault();
  try {
    handle.setPointerCapture(event.pointerId);
  } catch {
    // capture is a nicety: without it the moves still reach the document below
  }
  const rects = rows.map((r) => r.getBoundingClientRect());
  const drag = { item, from, to: from, startY: event.clientY, li, rows, rects, done: false };
  state.drag = drag;
  li.classList.add('is-dragging');
  $('#agenda-list').classList.add('is-sorting');

  const targetIndex = (y) => {
    if (y < rects[0].top) return 0;
    for (let i = 0; i < rects.length; i += 1) {
      const bottom = i + 1 < rects.length ? rects[i + 1].top : rects[i].bottom;
      if (y < bottom) return i;
    }
    return rects.length - 1;
  };
  const mark = () => {
    rows.forEach((r, i) => {
      r.classList.toggle('drop-before', i === drag.to && drag.to < drag.from);
      r.classList.toggle('drop-after', i === drag.to && drag.to > drag.from);
    });
  };
  const onMove = (e) => {
    if (drag.done) return;
    e.preventDefault();
    li.style.transform = `translateY(${e.clientY - drag.startY}px)`;
    drag.to = targetIndex(e.clientY);
    mark();
  };
  const finish = (commit, e) => {
    if (drag.done) return;
    drag.done = true;
    if (commit && e) drag.to = targetIndex(e.clientY);
    handle.removeEventListener('pointermove', onMove);
    handle.removeEventListener('pointerup', onUp);
    handle.removeEventListener('pointercancel', onCancel);
    handle.removeEventListener('lostpointercapture', onCancel);
    document.removeEventListener('keydown', onKey, true);
    li.style.transform = '';
    li.classList.remove('is-dragging');
    rows.forEach((r) => r.classList.remove('drop-before', 'drop-after'));
    $('#agenda-list').classList.remove('is-sorting');
    state.drag = null;
    if (commit && drag.to !== drag.from) {
      const ids = state.items.map((i) => i.id);
      ids.splice(drag.from, 1);
      ids.splice(drag.to, 0, item.id);
      sendOrder(ids, item, null);
    }
  };
  const onUp = (e) => finish(true, e);
  const onCancel = () => finish(false);
  const onKey = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      finish(false);
    }
  };
  handle.addEventListener('pointermove', onMove);
  handle.addEventListener('pointerup', onUp);
  handle.addEventListener('pointercancel', onCancel);
  handle.addEventListener('lostpointercapture', onCancel);
  document.addEventListener('keydown', onKey, true);
}

/* ---------- start ---------- */

function applyMeeting(meeting) {
  if (!meeting) return;
  const before = state.meeting;
  state.meeting = meeting;
  const can = meeting.can || {};
  const roles = new Set(meeting.myRoles || []);
  const canEdit = typeof can.editAgenda === 'boolean' ? can.editAgenda : state.canEdit;
  const canBrowse = typeof can.browseClassified === 'boolean' ? can.browseClassified
    : BROWSE_CLASSIFIED_ROLES.some((r) => roles.has(r));
  const changed = canEdit !== state.canEdit || canBrowse !== state.canBrowseClassified;
  state.canEdit = canEdit;
  state.canBrowseClassified = canBrowse;
  $('#pack-link').href = `/api/meetings/${state.meetingId}/pack.pdf`;
  if (before !== meeting) refreshFormChoices();
  if (changed && state.loaded) render();
}

/**
 * Starts the agenda section. Returns { setMeeting(meeting), refresh() }: setMeeting with every
 * fresh meeting detail (the participants to choose a presenter from, my rights).
 */
export function initAgenda({ meetingId, meeting }) {
  state.meetingId = encodeURIComponent(meetingId);
  state.canEdit = Boolean(meeting && meeting.can && meeting.can.editAgenda);
  applyMeeting(meeting);
  state.addForm = itemForm('agenda-add', { submitKey: 'agenda.add.submit', onSubmit: addItem });
  $('#agenda-add-panel').append(state.addForm.form);
  state.addForm.form.setAttribute('aria-labelledby', 'agenda-add-heading');
  render();
  loadDocs();
  watchDocuments();
  refreshAgenda();
  onLanguageChange(() => {
    if (state.loaded) render();
    refreshFormChoices();
  });
  return { setMeeting: applyMeeting, refresh: refreshAgenda };
}
