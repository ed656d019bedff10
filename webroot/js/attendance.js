// Attendance (điểm danh) on the meeting page, section #attendance-panel, for the chair, presenters
// and the secretary (can.seePresence): everyone with their status, whether it was automatic (their
// device connected while the meeting ran), whether a device follows the meeting now, and the
// check-in time; the quorum with the meeting's rule. The chair and the secretary (can.takeAttendance)
// check people in (one by one, or several at once with the checkboxes), mark them online, gone or
// absent with a reason; those who may edit the meeting (can.edit) set the quorum rule. The list can
// be downloaded as CSV in the current language.
import { get, put, showError, clearError } from './api.js';
import { t, onLanguageChange, currentLanguage, currentLocale, formatDateTime } from './i18n.js';
import { $, h, setBusy, showMessage, showText, clearMessage, renderRoleBadges } from './ui.js';

const STATUSES = ['in_person', 'online', 'left', 'absent'];

const ERRORS = {
  invalid_count: 'attendance.rules.badCount',
  invalid_userIds: 'meeting.add.needUser',
};

const state = {
  meetingId: null,
  canSee: false,
  canTake: false,
  canRules: false,
  data: null, // GET .../attendance: {people, figures, checkInMode, can}
  selected: new Set(), // userIds ticked for the bulk check-in
  absentFor: null, // userId whose absence reason is being typed
  reasonDraft: '',
  busy: false,
  loading: null,
  rulesDirty: false,
};

const errorBox = () => $('#attendance-error');

function resetFlash() {
  clearError(errorBox());
  clearMessage($('#attendance-status'));
  $('#attendance-status').hidden = false; // the live region stays in the page, empty
}

function statusText(person) {
  if (!person.status) return t('attendance.status.none');
  if (person.status === 'absent' && person.reason) return t('attendance.status.absentReason', { reason: person.reason });
  return t(`attendance.status.${person.status}`);
}

/** "08:05" today, the date too on another day. */
function timeText(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (d.toDateString() !== new Date().toDateString()) return formatDateTime(iso);
  return new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit' }).format(d);
}

/* ---------- rendering ---------- */

function renderQuorum(f) {
  const box = $('#attendance-quorum');
  if (!f) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.dataset.met = String(Boolean(f.met));
  box.className = `quorum ${f.met ? 'is-met' : 'is-not-met'}`;
  $('#attendance-quorum-text').textContent = t('attendance.quorum', {
    present: f.membersPresent, members: f.members, required: f.required,
    verdict: t(f.met ? 'attendance.quorumMet' : 'attendance.quorumNotMet'),
  });
  $('#attendance-present').textContent = t('attendance.present', { present: f.present, total: f.total });
}

function markButton(person, status) {
  const current = person.status === status;
  return h('button', {
    className: `button button-small mark-button mark-${status}${current ? ' is-current' : ''}`,
    testid: `attendance-mark-${status}-${person.userId}`,
    text: t(`attendance.mark.${status}`),
    attrs: {
      type: 'button',
      'aria-pressed': String(current),
      'aria-label': t(`attendance.markLabel.${status}`, { name: person.name }),
      'aria-expanded': status === 'absent' ? String(state.absentFor === person.userId) : null,
    },
    on: {
      click: (event) => (status === 'absent' ? openAbsent(person) : mark([person.userId], status, event.currentTarget)),
    },
  });
}

function absentForm(person) {
  const id = `attendance-reason-${person.userId}`;
  const input = h('input', {
    id, testid: id,
    attrs: { type: 'text', maxlength: 500, autocomplete: 'off', placeholder: t('attendance.reasonPlaceholder'), enterkeyhint: 'done' },
    on: { input: (event) => { state.reasonDraft = event.currentTarget.value; } },
  });
  input.value = state.absentFor === person.userId ? state.reasonDraft : (person.reason || '');
  const save = h('button', {
    className: 'button button-danger button-small', testid: `attendance-absent-save-${person.userId}`,
    text: t('attendance.absentSave'), attrs: { type: 'submit' },
  });
  const form = h('form', { className: 'absent-form', testid: `attendance-absent-form-${person.userId}`, attrs: { novalidate: true } },
    h('label', { attrs: { for: id }, text: t('attendance.reason', { name: person.name }) }),
    input,
    h('div', { className: 'button-row' }, save,
      h('button', {
        className: 'button button-quiet button-small', testid: `attendance-absent-cancel-${person.userId}`,
        text: t('common.cancel'), attrs: { type: 'button' },
        on: {
          click: () => {
            state.absentFor = null;
            render();
            focusTestid(`attendance-mark-absent-${person.userId}`);
          },
        },
      })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    mark([person.userId], 'absent', save, input.value.trim());
  });
  return form;
}

function personRow(person) {
  const uid = person.userId;
  const status = person.status || 'none';
  const select = state.canTake ? h('label', { className: 'attendance-select', attrs: { for: `attendance-select-${uid}` } },
    h('input', {
      id: `attendance-select-${uid}`,
      testid: `attendance-select-${uid}`,
      attrs: { type: 'checkbox', value: String(uid) },
      on: {
        change: (event) => {
          if (event.currentTarget.checked) state.selected.add(uid);
          else state.selected.delete(uid);
          renderSelection();
        },
      },
    }),
    h('span', { className: 'visually-hidden', text: t('attendance.selectPerson', { name: person.name }) })) : null;
  if (select) select.querySelector('input').checked = state.selected.has(uid);

  const dot = h('span', {
    className: 'presence-dot',
    testid: `attendance-connected-${uid}`,
    dataset: { connected: String(Boolean(person.connected)) },
    attrs: { title: t(person.connected ? 'attendance.connected' : 'attendance.notConnected') },
  }, h('span', { className: 'visually-hidden', text: t(person.connected ? 'attendance.connected' : 'attendance.notConnected') }));
  const badges = h('span', { className: 'badges attendance-roles' });
  renderRoleBadges(badges, person.roles);

  const stateLine = h('div', { className: 'attendance-state' },
    h('span', {
      className: `badge attendance-badge att-${status}`, testid: `attendance-state-${uid}`, text: statusText(person),
    }),
    person.status && person.automatic ? h('span', {
      className: 'attendance-auto', testid: `attendance-auto-${uid}`, text: `(${t('attendance.automatic')})`,
      attrs: { title: t('attendance.automaticLabel') },
    }) : null,
    person.status && person.checkedInAt ? h('span', {
      className: 'attendance-time', testid: `attendance-time-${uid}`,
      text: t('attendance.checkedInAt', { time: timeText(person.checkedInAt) }),
      attrs: { 'data-at': person.checkedInAt },
    }) : null);

  const actions = state.canTake
    ? h('div', { className: 'attendance-actions' }, ...STATUSES.map((s) => markButton(person, s)))
    : null;

  return h('li', { className: `attendance-row${select ? ' has-select' : ''}`, testid: `attendance-${uid}`, dataset: { userId: String(uid), status } },
    select,
    h('div', { className: 'attendance-person' },
      h('div', { className: 'attendance-name-line' },
        dot, h('span', { className: 'attendance-name', text: person.name })),
      stateLine,
      h('div', { className: 'attendance-who' },
        person.position ? h('span', { className: 'attendance-position', text: person.position }) : null,
        badges)),
    actions,
    state.canTake && state.absentFor === uid ? absentForm(person) : null);
}

function renderSelection() {
  const people = (state.data && state.data.people) || [];
  for (const uid of [...state.selected]) {
    if (!people.some((p) => p.userId === uid)) state.selected.delete(uid);
  }
  const all = $('#attendance-select-all');
  const count = state.selected.size;
  all.checked = people.length > 0 && count === people.length;
  all.indeterminate = count > 0 && count < people.length;
  $('#attendance-selected-count').textContent = t('attendance.selected', { count });
}

function render() {
  const data = state.data;
  const list = $('#attendance-list');
  $('#attendance-bulk').hidden = !state.canTake;
  $('#attendance-rules-form').hidden = !state.canRules;
  $('#attendance-csv').href = `/api/meetings/${state.meetingId}/attendance.csv?lang=${currentLanguage()}`;
  if (!data) return;
  renderQuorum(data.figures);
  const people = data.people || [];
  list.replaceChildren(...(people.length ? people.map(personRow)
    : [h('li', { className: 'empty', text: t('attendance.empty') })]));
  list.setAttribute('aria-busy', String(state.busy));
  renderSelection();
  if (!state.rulesDirty) fillRules();
}

function fillRules() {
  const data = state.data;
  if (!data || !data.figures) return;
  $('#attendance-rule').value = data.figures.rule || 'majority';
  $('#attendance-count').value = data.figures.count ? String(data.figures.count) : '';
  $('#attendance-checkin-mode').value = data.checkInMode || 'in_person';
  $('#attendance-count-field').hidden = $('#attendance-rule').value !== 'count';
}

function apply(data) {
  state.data = data;
  if (data && data.can && typeof data.can.take === 'boolean') state.canTake = data.can.take;
  render();
}

function focusTestid(testid) {
  const el = document.querySelector(`[data-testid="${testid}"]`);
  if (el) el.focus();
}

/* ---------- loading and changing ---------- */

/** Loads the list again (one request at a time). */
export function refreshAttendance() {
  if (!state.canSee) return Promise.resolve();
  if (state.loading) return state.loading;
  state.loading = (async () => {
    try {
      apply(await get(`/api/meetings/${state.meetingId}/attendance`));
      clearError(errorBox());
    } catch (e) {
      showError(errorBox(), e, ERRORS);
    } finally {
      state.loading = null;
      $('#attendance-list').setAttribute('aria-busy', 'false');
    }
  })();
  return state.loading;
}

async function mark(userIds, status, button, reason) {
  if (state.busy) return;
  resetFlash();
  state.busy = true;
  setBusy(button, true);
  $('#attendance-list').setAttribute('aria-busy', 'true');
  const people = (state.data && state.data.people) || [];
  const names = userIds.map((id) => (people.find((p) => p.userId === id) || { name: String(id) }).name);
  const bulk = button === $('#attendance-bulk-present');
  const focusAfter = bulk ? 'attendance-bulk-present' : `attendance-mark-${status}-${userIds[0]}`;
  try {
    const body = { userIds, status };
    if (status === 'absent') body.reason = reason || '';
    const data = await put(`/api/meetings/${state.meetingId}/attendance`, body);
    if (status === 'absent') {
      state.absentFor = null;
      state.reasonDraft = '';
    }
    if (bulk) state.selected.clear();
    state.busy = false;
    apply(data);
    const statusLabel = status === 'absent' && reason
      ? t('attendance.status.absentReason', { reason }) : t(`attendance.status.${status}`);
    showText($('#attendance-status'), () => t('attendance.done', { status: statusLabel, names: names.join(', ') }));
    focusTestid(focusAfter);
  } catch (e) {
    showError(errorBox(), e, ERRORS);
  } finally {
    state.busy = false;
    if (button && button.isConnected) setBusy(button, false);
    $('#attendance-list').setAttribute('aria-busy', 'false');
  }
}

function openAbsent(person) {
  resetFlash();
  state.absentFor = state.absentFor === person.userId ? null : person.userId;
  state.reasonDraft = person.reason || '';
  render();
  if (state.absentFor !== null) focusTestid(`attendance-reason-${person.userId}`);
}

function wire() {
  $('#attendance-refresh').addEventListener('click', async (event) => {
    resetFlash();
    const button = event.currentTarget;
    setBusy(button, true);
    await refreshAttendance();
    setBusy(button, false);
    if (!errorBox().textContent) showMessage($('#attendance-status'), 'attendance.refreshed');
  });
  $('#attendance-select-all').addEventListener('change', (event) => {
    const people = (state.data && state.data.people) || [];
    if (event.currentTarget.checked) people.forEach((p) => state.selected.add(p.userId));
    else state.selected.clear();
    document.querySelectorAll('#attendance-list .attendance-select input').forEach((box) => {
      box.checked = state.selected.has(Number(box.value));
    });
    renderSelection();
  });
  $('#attendance-bulk-present').addEventListener('click', (event) => {
    if (!state.selected.size) {
      resetFlash();
      showMessage(errorBox(), 'attendance.needSelection');
      return;
    }
    const people = (state.data && state.data.people) || [];
    const ids = people.map((p) => p.userId).filter((id) => state.selected.has(id));
    mark(ids, 'in_person', event.currentTarget);
  });
  const rule = $('#attendance-rule');
  const form = $('#attendance-rules-form');
  form.addEventListener('input', () => { state.rulesDirty = true; });
  rule.addEventListener('change', () => {
    $('#attendance-count-field').hidden = rule.value !== 'count';
    if (rule.value === 'count' && !$('#attendance-count').value) $('#attendance-count').focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFlash();
    const body = { rule: rule.value, checkInMode: $('#attendance-checkin-mode').value };
    if (rule.value === 'count') {
      const count = Number($('#attendance-count').value);
      if (!Number.isInteger(count) || count < 1 || count > 1000) {
        showMessage(errorBox(), 'attendance.rules.badCount');
        $('#attendance-count').focus();
        return;
      }
      body.count = count;
    }
    const button = $('#attendance-rules-save');
    setBusy(button, true);
    try {
      const data = await put(`/api/meetings/${state.meetingId}/attendance/rules`, body);
      state.rulesDirty = false;
      apply(data);
      showMessage($('#attendance-status'), 'attendance.rules.saved');
    } catch (e) {
      showError(errorBox(), e, ERRORS);
    } finally {
      setBusy(button, false);
    }
  });
}

function applyMeeting(meeting) {
  if (!meeting) return;
  const can = meeting.can || {};
  const wasSeeing = state.canSee;
  state.canSee = Boolean(can.seePresence);
  state.canTake = Boolean(can.takeAttendance);
  state.canRules = Boolean(can.edit);
  $('#attendance-panel').hidden = !state.canSee;
  if (!state.canSee) return;
  render();
  if (!wasSeeing) refreshAttendance();
}

/**
 * Starts the attendance section. Returns { setMeeting(meeting), refresh() }: setMeeting with every
 * fresh meeting detail (rights, participants added or removed).
 */
export function initAttendance({ meetingId, meeting }) {
  state.meetingId = encodeURIComponent(meetingId);
  wire();
  applyMeeting(meeting);
  onLanguageChange(() => render());
  return {
    setMeeting(m) {
      const before = state.data ? state.data.people.length : null;
      applyMeeting(m);
      // Someone added or removed: the list follows.
      if (state.canSee && before !== null && (m.participants || []).length !== before) refreshAttendance();
    },
    refresh: refreshAttendance,
  };
}
