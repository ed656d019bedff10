// An edit conflict (409 edit_conflict): someone else saved the same part of the minutes first. Nothing
// is overwritten and nothing typed is lost: the section #minutes-conflict shows, under the field,
// "Bản của bạn" and "Bản đã lưu bởi … lúc …" side by side and a merge box prefilled with both; the
// person saves the merged text (on the version now saved) or takes the saved one. Several conflicts
// wait in a queue and are shown one after another.
import { put, showError, clearError } from './api.js';
import { t } from './i18n.js';
import { $, h, setBusy } from './ui.js';
import { shortWhen } from './minutes-report.js';
import { fromServer } from './minutes-saver.js';

const TASK_SEPARATOR = ' | ';

function tasksToLines(tasks) {
  return (tasks || []).map((x) => [x.task, x.who, x.deadline].map((s) => (s || '').replace(/\|/g, '/')).join(TASK_SEPARATOR)).join('\n');
}

function linesToTasks(text) {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const [task = '', who = '', ...rest] = line.split('|').map((s) => s.trim());
    return { task, who, deadline: rest.join(' ').trim() };
  });
}

/** The merge box's first text: the saved one, then mine (for tasks and recipients: the saved ones, then mine not among them). */
function prefill(widget, mine, theirs) {
  if (widget.isTasks) {
    const seen = new Set(theirs.map((x) => JSON.stringify(x)));
    return tasksToLines([...theirs, ...mine.filter((x) => !seen.has(JSON.stringify(x)))]);
  }
  if (widget.field === 'general:number') return mine;
  if (widget.field === 'general:recipients') {
    const lines = theirs.split('\n');
    const seen = new Set(lines.map((s) => s.trim()));
    return [...lines, ...mine.split('\n').filter((s) => s.trim() && !seen.has(s.trim()))].join('\n');
  }
  if (!theirs.trim()) return mine;
  if (!mine.trim()) return theirs;
  return `${theirs}\n\n${mine}`;
}

function showContent(el, widget, content) {
  if (widget.isTasks) {
    el.replaceChildren(content.length
      ? h('ul', {}, content.map((x) => h('li', { text: [x.task, x.who, x.deadline].filter(Boolean).join(' – ') })))
      : h('p', { className: 'muted', text: t('minutes.emptyText') }));
  } else {
    el.replaceChildren(content.trim() ? h('p', { className: 'pre', text: content }) : h('p', { className: 'muted', text: t('minutes.emptyText') }));
  }
}

/** The conflict section's controller. say(key, params) announces a result. */
export function initConflicts({ say }) {
  const panel = $('#minutes-conflict');
  const home = panel.parentElement;
  const homeNext = panel.nextSibling;
  const merge = $('#minutes-merge');
  const errorBox = $('#minutes-conflict-error');
  const saveButton = $('#minutes-merge-save');
  const useButton = $('#minutes-use-saved');
  const queue = []; // widgets waiting, the first one shown
  let busy = false;

  const current = (widget) => (widget.saver.conflict && widget.saver.conflict.current) || null;

  function render({ keepMerge = false } = {}) {
    const widget = queue[0];
    if (!widget) {
      panel.hidden = true;
      delete panel.dataset.field;
      if (panel.parentElement !== home) home.insertBefore(panel, homeNext);
      return;
    }
    const saved = current(widget);
    const theirs = fromServer(widget.isTasks, saved && saved.content);
    const mine = widget.saver.local;
    panel.dataset.field = widget.field;
    $('#minutes-conflict-heading').textContent = t('minutes.conflict.heading', { field: widget.label() });
    showContent($('#minutes-conflict-yours'), widget, mine);
    $('#minutes-conflict-theirs-label').textContent = t('minutes.conflict.theirs', {
      name: (saved && saved.updatedBy) || t('minutes.someone'),
      time: saved && saved.updatedAt ? shortWhen(saved.updatedAt) : '',
    });
    showContent($('#minutes-conflict-theirs'), widget, theirs);
    $('#minutes-merge-hint').hidden = !widget.isTasks;
    if (!keepMerge) merge.value = prefill(widget, mine, theirs);
    merge.rows = widget.isTasks ? 5 : 8;
    if (panel.previousElementSibling !== widget.box) widget.box.after(panel);
    panel.hidden = false;
  }

  function next() {
    const done = queue.shift();
    if (done) done.setReadOnly(false);
    clearError(errorBox);
    render();
    if (queue.length) panel.focus({ preventScroll: false });
    else if (done) done.focus();
  }

  saveButton.addEventListener('click', async () => {
    const widget = queue[0];
    if (!widget || busy) return;
    const saved = current(widget);
    const content = widget.isTasks ? linesToTasks(merge.value) : merge.value.normalize('NFC');
    busy = true;
    setBusy(saveButton, true);
    clearError(errorBox);
    try {
      const answer = await put(widget.saver.url, { content, baseVersion: saved ? saved.version : 0 });
      widget.saver.resolve(content, answer.version);
      widget.setValue(content);
      say('minutes.conflict.merged');
      next();
    } catch (e) {
      if (e && e.code === 'edit_conflict') {
        // Saved again meanwhile: show the newest saved text, keep the merge as typed.
        widget.saver.conflict = e.details || {};
        render({ keepMerge: true });
        errorBox.textContent = t('minutes.conflict.again');
        errorBox.hidden = false;
      } else {
        showError(errorBox, e, { minutes_approved: 'minutes.approvedWhileEditing', invalid_content: 'minutes.invalidContent' });
      }
    } finally {
      busy = false;
      setBusy(saveButton, false);
    }
  });

  useButton.addEventListener('click', () => {
    const widget = queue[0];
    if (!widget || busy) return;
    const saved = current(widget);
    const content = fromServer(widget.isTasks, saved && saved.content);
    widget.saver.resolve(content, saved ? saved.version : 0);
    widget.setValue(content);
    say('minutes.conflict.tookSaved');
    next();
  });

  return {
    /** A saver reported a conflict for this widget. */
    add(widget) {
      widget.setReadOnly(true);
      if (queue.includes(widget)) {
        if (queue[0] === widget) render({ keepMerge: true });
        return;
      }
      queue.push(widget);
      if (queue.length === 1) {
        render();
        panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
        panel.focus({ preventScroll: true });
      }
    },
    /** Re-draws the texts (a language switch). */
    refresh() {
      if (queue.length) render({ keepMerge: true });
    },
    reset() {
      queue.length = 0;
      render();
    },
  };
}
