// The secretary's editor: the automatic parts read-only (js/minutes-report.js), and the parts that are
// written — number, opening, per agenda item the discussion, the chair's conclusion and the tasks,
// closing, recipients — each saved by itself (js/minutes-saver.js) with its own indicator and history.
// A toolbar keeps the page's save state and "Chèn thông tin hiện tại" (js/minutes-context.js) in view.
import { get, post, errorText } from './api.js';
import { t } from './i18n.js';
import { $, h, showText } from './ui.js';
import { factsList, itemFacts, itemHeading, shortWhen } from './minutes-report.js';
import {
  FieldSaver, LocalDrafts, fromServer, overallState, sameContent, SAVED, CONFLICT,
} from './minutes-saver.js';
import { initConflicts } from './minutes-conflict.js';

const STATE_KEYS = {
  saved: 'minutes.save.saved',
  saving: 'minutes.save.saving',
  offline: 'minutes.save.offline',
  conflict: 'minutes.save.conflict',
  error: 'minutes.save.error',
};
const PREVIEW_CHARS = 160;

const inputId = (field) => `minutes-input-${field.replace(/:/g, '-')}`;

function preview(isTasks, content) {
  if (isTasks) {
    if (!content.length) return t('minutes.emptyText');
    const first = [content[0].task, content[0].who, content[0].deadline].filter(Boolean).join(' – ');
    return `${t('minutes.tasksCount', { n: content.length })}: ${first}`;
  }
  const flat = content.replace(/\s+/g, ' ').trim();
  if (!flat) return t('minutes.emptyText');
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

/**
 * Builds the editor in container for GET …/minutes' data. say(key, params) announces; onLocked() when
 * the chair approved meanwhile (a save was refused); context: from followContext(), or null.
 * Returns { destroy(), refresh() (language), contextChanged() }.
 */
export function initEditor({ container, data, meetingId, context, say, onLocked }) {
  const drafts = new LocalDrafts(meetingId);
  const widgets = new Map(); // field → widget
  const savers = new Set();
  const refreshers = [];
  const cleanups = [];
  const conflicts = initConflicts({ say });
  let lastText = null; // { el, start, end }: where "insert the current context" writes

  const pageState = $('#minutes-status');
  const pageStateText = $('#minutes-status-text');
  function updatePageState() {
    const state = overallState(savers);
    pageState.dataset.state = state;
    showText(pageStateText, () => t(STATE_KEYS[state]));
  }

  function listen(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    cleanups.push(() => target.removeEventListener(type, fn, options));
  }

  /* ---------- one field ---------- */

  function fieldWidget(field, { labelKey, hintKey, kind, rows = 5, maxLength }) {
    const isTasks = kind === 'tasks';
    const stored = data.fields[field];
    const content = fromServer(isTasks, stored && stored.content);
    const box = h('div', {
      className: `minutes-field kind-${kind}`, testid: `minutes-field-${field}`,
      dataset: { field, state: SAVED, version: String(stored ? stored.version : 0) },
    });
    const stateEl = h('span', { className: 'field-state', testid: `minutes-field-state-${field}`, dataset: { state: SAVED } });
    const labelId = `${inputId(field)}-label`;
    const label = isTasks
      ? h('span', { id: labelId, className: 'field-label' })
      : h('label', { id: labelId, className: 'field-label', attrs: { for: inputId(field) } });
    showText(label, () => t(labelKey));
    const head = h('div', { className: 'field-head' }, label, stateEl);
    const errorEl = h('p', { className: 'field-error', testid: `minutes-field-error-${field}`, attrs: { role: 'alert', hidden: true } });

    const widget = {
      field, isTasks, box,
      label: () => t(labelKey), // the conflict's heading (items add their title)
      setValue: null, setReadOnly: null, focus: null, saver: null, historyButton: null,
    };

    const saver = new FieldSaver({
      meetingId, field, isTasks, version: stored ? stored.version : 0, content, drafts,
      onState: (state) => {
        box.dataset.state = state;
        stateEl.dataset.state = state;
        box.dataset.version = String(saver.version);
        if (state !== 'error') errorEl.hidden = true;
        renderState();
        if (widget.historyButton) widget.historyButton();
        updatePageState();
      },
      onSaved: () => {
        box.dataset.version = String(saver.version);
        if (widget.historyButton) widget.historyButton();
      },
      onConflict: () => conflicts.add(widget),
      onLocked: () => onLocked(),
      onError: (e) => showText(errorEl, () => errorText(e, { invalid_content: 'minutes.invalidContent' })),
    });
    widget.saver = saver;
    savers.add(saver);
    function renderState() {
      // A field never saved and never touched says nothing.
      stateEl.textContent = saver.state === SAVED && saver.version === 0 ? '' : t(STATE_KEYS[saver.state]);
    }
    refreshers.push(renderState);
    renderState();

    let body;
    if (isTasks) {
      body = tasksEditor(field, widget, content);
    } else {
      const multiline = kind !== 'line';
      const input = multiline
        ? h('textarea', { id: inputId(field), attrs: { rows, maxlength: maxLength, spellcheck: 'true', 'aria-describedby': hintKey ? `${inputId(field)}-hint` : null } })
        : h('input', { id: inputId(field), attrs: { type: 'text', maxlength: maxLength, autocomplete: 'off', 'aria-describedby': hintKey ? `${inputId(field)}-hint` : null } });
      input.value = content;
      const remember = () => { lastText = { el: input, start: input.selectionStart, end: input.selectionEnd }; };
      input.addEventListener('input', () => { saver.edit(input.value.normalize('NFC')); if (multiline) remember(); });
      input.addEventListener('blur', () => { if (multiline) remember(); saver.flush(); });
      if (multiline) {
        input.dataset.context = 'true';
        input.addEventListener('focus', remember);
        input.addEventListener('select', remember);
        input.addEventListener('keyup', remember);
        input.addEventListener('click', remember);
      }
      widget.setValue = (value) => { input.value = value; };
      widget.setReadOnly = (on) => { input.readOnly = on; };
      widget.focus = () => input.focus();
      body = input;
    }
    const hint = hintKey ? h('p', { id: `${inputId(field)}-hint`, className: 'hint', attrs: { 'data-i18n': hintKey }, text: t(hintKey) }) : null;
    box.append(...[head, hint, body, errorEl, historyPart(widget)].filter(Boolean));
    widgets.set(field, widget);
    return box;
  }

  /* ---------- tasks: rows of task / who / deadline ---------- */

  function tasksEditor(field, widget, initial) {
    const itemId = field.split(':')[1];
    const list = h('ol', { className: 'task-list', attrs: { 'aria-labelledby': `${inputId(field)}-label` } });
    const empty = h('p', { className: 'muted task-empty', attrs: { 'data-i18n': 'minutes.noTasks' }, text: t('minutes.noTasks') });
    let readOnly = false;

    const readRows = () => [...list.children].map((li) => ({
      task: li.querySelector('[data-part="task"]').value.normalize('NFC'),
      who: li.querySelector('[data-part="who"]').value.normalize('NFC'),
      deadline: li.querySelector('[data-part="deadline"]').value.normalize('NFC'),
    }));
    const collect = () => readRows().filter((x) => x.task.trim() || x.who.trim() || x.deadline.trim());

    function row(task, i) {
      const id = (part) => `minutes-task-${itemId}-${i}-${part}`;
      const input = (part, labelKey, size, placeholderKey) => h('div', { className: `task-part task-${part}` },
        h('label', { attrs: { for: id(part) }, text: t(labelKey) }),
        h('input', {
          id: id(part), dataset: { part },
          attrs: { type: 'text', maxlength: size, autocomplete: 'off', placeholder: placeholderKey ? t(placeholderKey) : null, readonly: readOnly },
        }));
      const li = h('li', { className: 'task-row', testid: `minutes-task-${itemId}-${i}` },
        h('p', { className: 'task-number', text: t('minutes.taskRow', { n: i + 1 }) }),
        input('task', 'minutes.task', 1000),
        input('who', 'minutes.who', 300),
        input('deadline', 'minutes.deadline', 100, 'minutes.deadlinePlaceholder'),
        h('button', {
          className: 'button button-quiet button-small task-remove', testid: `minutes-task-remove-${itemId}-${i}`,
          text: t('minutes.taskRemove'),
          attrs: { type: 'button', 'aria-label': t('minutes.taskRemoveLabel', { n: i + 1 }), disabled: readOnly },
          on: { click: () => remove(i) },
        }));
      li.querySelector('[data-part="task"]').value = task.task || '';
      li.querySelector('[data-part="who"]').value = task.who || '';
      li.querySelector('[data-part="deadline"]').value = task.deadline || '';
      return li;
    }

    function render(tasks) {
      list.replaceChildren(...tasks.map(row));
      empty.hidden = tasks.length > 0;
    }

    function remove(i) {
      const rows = readRows();
      rows.splice(i, 1);
      render(rows);
      widget.saver.edit(collect());
      widget.saver.flush();
      const next = list.children[Math.min(i, list.children.length - 1)];
      (next ? next.querySelector('input') : addButton).focus();
    }

    const addButton = h('button', {
      className: 'button button-secondary task-add', testid: `minutes-task-add-${itemId}`,
      attrs: { type: 'button', 'data-i18n': 'minutes.taskAdd' }, text: t('minutes.taskAdd'),
      on: {
        click: () => {
          const rows = readRows();
          rows.push({ task: '', who: '', deadline: '' });
          render(rows);
          list.lastElementChild.querySelector('input').focus();
        },
      },
    });

    list.addEventListener('input', () => widget.saver.edit(collect()));
    // Leaving the tasks (not just moving to the next box of a row) saves at once.
    const wrapper = h('div', { className: 'tasks-editor', attrs: { role: 'group', 'aria-labelledby': `${inputId(field)}-label` } }, empty, list, addButton);
    wrapper.addEventListener('focusout', (event) => {
      if (!wrapper.contains(event.relatedTarget)) widget.saver.flush();
    });
    widget.setValue = (tasks) => render(tasks);
    widget.setReadOnly = (on) => {
      readOnly = on;
      wrapper.querySelectorAll('input').forEach((el) => { el.readOnly = on; });
      wrapper.querySelectorAll('button').forEach((el) => { el.disabled = on; });
    };
    widget.focus = () => (list.querySelector('input') || addButton).focus();
    refreshers.push(() => { if (!readOnly) render(readRows()); });
    render(initial);
    return wrapper;
  }

  /* ---------- history ---------- */

  function historyPart(widget) {
    const { field } = widget;
    const panelId = `${inputId(field)}-history`;
    const list = h('ol', { className: 'history-list' });
    const status = h('p', { className: 'history-status', testid: `minutes-history-status-${field}`, attrs: { role: 'status' } });
    const panel = h('div', { id: panelId, className: 'history-panel', testid: `minutes-history-panel-${field}`, attrs: { hidden: true } },
      status, list);
    const button = h('button', {
      className: 'button button-quiet button-small history-toggle', testid: `minutes-history-${field}`,
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId },
      on: { click: () => toggle() },
    });
    const labelButton = () => {
      button.textContent = t(panel.hidden ? 'minutes.history' : 'minutes.historyHide');
      button.hidden = widget.saver.version === 0 && panel.hidden; // nothing saved yet: no history to show
    };
    refreshers.push(labelButton);
    widget.historyButton = labelButton;
    labelButton();
    let revisions = [];

    async function load() {
      list.setAttribute('aria-busy', 'true');
      if (!revisions.length) list.replaceChildren(h('li', { className: 'muted', text: t('minutes.historyLoading') }));
      try {
        const answer = await get(`${widget.saver.url}/revisions`);
        revisions = answer.revisions || [];
        render();
      } catch (e) {
        status.textContent = errorText(e);
      } finally {
        list.removeAttribute('aria-busy');
      }
    }

    function render() {
      if (!revisions.length) {
        list.replaceChildren(h('li', { className: 'muted', text: t('minutes.historyEmpty') }));
        return;
      }
      list.replaceChildren(...revisions.map((r) => {
        const content = fromServer(widget.isTasks, r.content);
        const isCurrent = r.version === widget.saver.version;
        return h('li', { className: `revision${isCurrent ? ' is-current' : ''}`, testid: `minutes-revision-${field}-${r.version}`, dataset: { version: String(r.version) } },
          h('p', { className: 'revision-head' },
            h('strong', { text: t('minutes.revision', { version: r.version }) }),
            ` · ${r.author || ''} · ${shortWhen(r.at)}`,
            r.restoredFrom ? h('span', { className: 'muted', text: ` ${t('minutes.revisionRestored', { from: r.restoredFrom })}` }) : null),
          h('p', { className: 'revision-preview', text: preview(widget.isTasks, content) }),
          isCurrent
            ? h('span', { className: 'badge badge-ok', text: t('minutes.revisionCurrent') })
            : h('button', {
              className: 'button button-secondary button-small', testid: `minutes-restore-${field}-${r.version}`,
              text: t('minutes.restore'),
              attrs: { type: 'button', 'aria-label': t('minutes.restoreLabel', { version: r.version }) },
              on: { click: (event) => restore(r, event.currentTarget) },
            }));
      }));
    }

    async function restore(revision, restoreButton) {
      const { saver } = widget;
      restoreButton.disabled = true;
      await saver.flush();
      if (saver.state !== SAVED || saver.dirty) {
        status.textContent = t('minutes.restoreWait');
        restoreButton.disabled = false;
        return;
      }
      try {
        const answer = await post(`${saver.url}/restore`, { version: revision.version, baseVersion: saver.version });
        const content = fromServer(widget.isTasks, revision.content);
        saver.replace(content, answer.version);
        widget.setValue(content);
        widget.box.dataset.version = String(answer.version);
        status.textContent = t('minutes.restored', { from: revision.version, version: answer.version });
      } catch (e) {
        if (e && e.code === 'edit_conflict' && e.details && e.details.current) {
          const cur = e.details.current;
          const content = fromServer(widget.isTasks, cur.content);
          saver.replace(content, cur.version);
          widget.setValue(content);
          status.textContent = t('minutes.restoreConflict');
        } else {
          status.textContent = errorText(e, { minutes_approved: 'minutes.approvedWhileEditing' });
        }
      }
      await load();
    }

    function toggle() {
      panel.hidden = !panel.hidden;
      button.setAttribute('aria-expanded', String(!panel.hidden));
      labelButton();
      if (!panel.hidden) {
        status.textContent = '';
        load();
      }
    }

    return h('div', { className: 'history' }, button, panel);
  }

  /* ---------- the page ---------- */

  const report = data.report || {};
  const facts = h('div', { id: 'minutes-facts' });
  const renderFacts = () => facts.replaceChildren(factsList(report));
  refreshers.push(renderFacts);
  renderFacts();

  const general = h('section', { className: 'card minutes-section', attrs: { 'aria-labelledby': 'minutes-general-heading' } },
    h('h2', { id: 'minutes-general-heading', attrs: { 'data-i18n': 'minutes.header.heading' }, text: t('minutes.header.heading') }),
    h('p', { className: 'hint', attrs: { 'data-i18n': 'minutes.header.hint' }, text: t('minutes.header.hint') }),
    facts,
    fieldWidget('general:number', { labelKey: 'minutes.number', hintKey: 'minutes.numberHint', kind: 'line', maxLength: 50 }));

  const opening = h('section', { className: 'card minutes-section' },
    fieldWidget('general:opening', { labelKey: 'minutes.opening', hintKey: 'minutes.markdownHint', kind: 'text', rows: 4, maxLength: 50000 }));

  const items = (report.agenda || []).map((item) => {
    const factsBox = h('div', { className: 'item-auto' });
    const renderItemFacts = () => factsBox.replaceChildren(...itemFacts(item));
    refreshers.push(renderItemFacts);
    renderItemFacts();
    const heading = h('h2', { className: 'item-heading' });
    showText(heading, () => itemHeading(item));
    const section = h('section', { className: 'card minutes-section minutes-item', testid: `minutes-item-${item.id}`, dataset: { itemId: String(item.id) } },
      heading, factsBox,
      fieldWidget(`item:${item.id}:discussion`, { labelKey: 'minutes.discussion', hintKey: 'minutes.markdownHint', kind: 'text', rows: 7, maxLength: 50000 }),
      fieldWidget(`item:${item.id}:conclusion`, { labelKey: 'minutes.conclusion', kind: 'text', rows: 4, maxLength: 50000 }),
      fieldWidget(`item:${item.id}:tasks`, { labelKey: 'minutes.tasks', kind: 'tasks' }));
    // A conflict's heading names the item too.
    for (const part of ['discussion', 'conclusion', 'tasks']) {
      widgets.get(`item:${item.id}:${part}`).label = () => `${t(`minutes.${part}`)} – ${itemHeading(item)}`;
    }
    return section;
  });
  if (!items.length) {
    items.push(h('section', { className: 'card minutes-section' }, h('p', { className: 'muted', attrs: { 'data-i18n': 'minutes.noAgenda' }, text: t('minutes.noAgenda') })));
  }

  const otherVotes = (report.otherVotes || []).length
    ? h('section', { className: 'card minutes-section' }, h('h2', { attrs: { 'data-i18n': 'minutes.otherVotes' }, text: t('minutes.otherVotes') }),
      ...itemFacts({ votes: report.otherVotes }))
    : null;

  const closing = h('section', { className: 'card minutes-section' },
    fieldWidget('general:closing', { labelKey: 'minutes.closing', kind: 'text', rows: 4, maxLength: 50000 }),
    fieldWidget('general:recipients', { labelKey: 'minutes.recipients', hintKey: 'minutes.recipientsHint', kind: 'text', rows: 4, maxLength: 2000 }));

  container.replaceChildren(general, opening, ...items, otherVotes || '', closing);
  // Recipients are one per line: no context inserted there.
  $(`#${inputId('general:recipients')}`).dataset.context = 'false';

  /* ---------- the current context ---------- */

  const contextButton = $('#minutes-context');
  const contextNote = $('#minutes-context-note');
  function contextChanged() {
    const text = context ? context.text() : null;
    contextButton.hidden = !text;
    if (text) contextButton.dataset.text = text;
    else delete contextButton.dataset.text;
  }
  // Pressing the button must not take the focus (and the cursor) away from the text being written.
  listen(contextButton, 'mousedown', (event) => event.preventDefault());
  listen(contextButton, 'click', () => {
    const text = context && context.text();
    if (!text) return;
    const active = document.activeElement;
    const target = active && active.dataset && active.dataset.context === 'true' && !active.readOnly
      ? { el: active, start: active.selectionStart, end: active.selectionEnd }
      : lastText;
    if (!target || !target.el.isConnected || target.el.readOnly || target.el.dataset.context !== 'true') {
      showText(contextNote, () => t('minutes.contextNoField'));
      return;
    }
    contextNote.hidden = true;
    const { el } = target;
    const start = Math.min(target.start ?? el.value.length, el.value.length);
    const end = Math.min(target.end ?? start, el.value.length);
    const before = el.value.slice(0, start);
    const insert = `${before && !/\s$/.test(before) ? ' ' : ''}${text} `;
    el.focus();
    el.setRangeText(insert, start, end, 'end');
    el.dispatchEvent(new Event('input', { bubbles: true }));
    lastText = { el, start: el.selectionStart, end: el.selectionEnd };
  });
  contextChanged();

  /* ---------- retries, and what was kept on this device ---------- */

  listen(window, 'online', () => savers.forEach((s) => s.retry()));

  let restored = 0;
  for (const [field, entry] of Object.entries(drafts.all())) {
    const widget = widgets.get(field);
    if (!widget || !entry || !('content' in entry)) continue;
    const content = widget.isTasks ? fromServer(true, { tasks: entry.content }) : fromServer(false, { text: entry.content });
    if (sameContent(content, widget.saver.saved)) {
      drafts.remove(field);
      continue;
    }
    widget.setValue(content);
    widget.saver.adopt({ content, baseVersion: entry.baseVersion });
    restored += 1;
  }
  if (restored) say('minutes.restoredLocal');
  updatePageState();

  return {
    contextChanged,
    refresh() {
      refreshers.forEach((fn) => fn());
      conflicts.refresh();
      updatePageState();
      contextChanged();
    },
    /** Saves everything typed now (before the chair approves). */
    flushAll() {
      return Promise.all([...savers].map((s) => s.flush()));
    },
    /** Whether something is still on its way or waiting (then it is also kept in localStorage). */
    pending() {
      return [...savers].some((s) => s.dirty || s.inFlight || s.state === CONFLICT);
    },
    destroy() {
      savers.forEach((s) => s.stop());
      cleanups.forEach((fn) => fn());
      conflicts.reset();
      container.replaceChildren();
      contextButton.hidden = true;
    },
  };
}
