// The meeting page: facts, my roles, participants, joining (code, link, QR), the agenda
// (js/agenda.js), attendance (js/attendance.js), the documents (list, search, viewer, upload:
// js/documents.js), the meeting pack and calendar downloads, and for those allowed: start / end the
// meeting, edit it, add / remove participants, hand the presenter role over.
import { get, put, patch, post, del, showError, clearError } from './api.js';
import { startPage } from './session.js';
import { initDocuments } from './documents.js';
import { initAgenda } from './agenda.js';
import { initAttendance } from './attendance.js';
import { formatDateTime, onLanguageChange, roleLabel, statusLabel, t } from './i18n.js';
import {
  $, h, setBusy, showMessage, clearMessage, renderRoleBadges,
  meetingIdParam, toLocalInputValue, fromLocalInputValue,
} from './ui.js';

/** Which role panel each role sees. Later features put their controls inside these sections. */
const PANEL_ROLES = {
  'presenter-panel': ['presenter'],
  'attendee-panel': ['chair', 'presenter', 'secretary', 'member', 'observer', 'guest'],
  'secretary-panel': ['secretary'],
};
const MESSAGE_MS = 8000;

const state = {
  id: null,
  user: null,
  meeting: null,
  users: null, // GET /api/users, loaded only for those who may add participants
  editBaseline: null,
  documents: null, // the documents panel, once started
  agenda: null, // the agenda section, once started
  attendance: null, // the attendance section, once started
  confirmingEnd: false,
};

const errorBox = () => $('#meeting-error');
let messageTimer = null;

function say(key, params) {
  const box = $('#meeting-message');
  showMessage(box, key, params);
  clearTimeout(messageTimer);
  messageTimer = setTimeout(() => clearMessage(box), MESSAGE_MS);
}

function resetFlash() {
  clearError(errorBox());
  clearMessage($('#meeting-message'));
}

/* ---------- rendering ---------- */

function renderHead(m) {
  document.title = t('title.meetingNamed', { title: m.title });
  $('#meeting-title').textContent = m.title;
  const status = $('#meeting-status');
  status.textContent = statusLabel(m.status);
  status.dataset.status = m.status;
  status.className = `badge badge-status status-${m.status}`;
  const startsAt = $('#meeting-starts-at');
  startsAt.textContent = formatDateTime(m.startsAt);
  startsAt.setAttribute('datetime', m.startsAt || '');
  $('#meeting-location').textContent = m.location || '';
  $('#meeting-location-row').hidden = !m.location;
  const description = $('#meeting-description');
  description.textContent = m.description || '';
  description.hidden = !m.description;

  const myRoles = $('#my-roles');
  if (m.myRoles && m.myRoles.length) {
    renderRoleBadges(myRoles, m.myRoles);
  } else {
    myRoles.replaceChildren(h('span', { className: 'muted', text: t('meeting.noRoles') }));
  }
}

function renderPanels(m) {
  const mine = new Set(m.myRoles || []);
  for (const [id, roles] of Object.entries(PANEL_ROLES)) {
    const panel = document.getElementById(id);
    if (panel) panel.hidden = !roles.some((r) => mine.has(r));
  }
}

function participantRow(p, canEdit) {
  const isMe = state.user && p.userId === state.user.id;
  const info = h('div', { className: 'participant-info' },
    h('span', { className: 'participant-name', text: p.displayName }),
    isMe ? h('span', { className: 'muted', text: ` ${t('meeting.you')}` }) : null,
    p.position ? h('span', { className: 'participant-position', text: p.position }) : null);
  const badges = h('div', { className: 'badges' });
  renderRoleBadges(badges, p.roles);
  // Removing oneself would lock one out of the meeting page: not offered here.
  const remove = canEdit && !isMe
    ? h('button', {
      className: 'button button-danger button-small',
      testid: `remove-${p.userId}`,
      text: t('meeting.remove'),
      attrs: { type: 'button', 'aria-label': t('meeting.removeLabel', { name: p.displayName }) },
      on: { click: (event) => removeParticipant(p, event.currentTarget) },
    })
    : null;
  return h('li', { className: 'participant', testid: `participant-${p.userId}`, dataset: { userId: String(p.userId) } },
    info, badges, remove);
}

function renderParticipants(m) {
  const list = $('#participants');
  const participants = m.participants || [];
  $('#participants-count').textContent = `(${t('meeting.participantsCount', { count: participants.length })})`;
  list.replaceChildren(...(participants.length
    ? participants.map((p) => participantRow(p, m.can && m.can.edit))
    : [h('li', { className: 'empty', text: t('meeting.noParticipants') })]));
}

function renderJoin(m) {
  $('#join-code').textContent = m.joinCode || '';
  const link = $('#join-url');
  link.textContent = m.joinUrl || '';
  if (m.joinUrl && /^https?:\/\//i.test(m.joinUrl)) link.href = m.joinUrl;
  else link.removeAttribute('href');
  const qr = $('#join-qr');
  const src = `/api/meetings/${encodeURIComponent(m.id)}/qr.svg`;
  if (qr.getAttribute('src') !== src) qr.setAttribute('src', src);
  $('#join-guests').textContent = t(m.guestsAllowed ? 'meeting.join.guestsAllowed' : 'meeting.join.guestsNotAllowed');
}

/** The live room's links: everyone may follow; the projector view is for those who run the room. And the minutes' page. */
function renderLive(m) {
  const base = `live.html?id=${encodeURIComponent(m.id)}`;
  $('#live-link').href = base;
  const projector = $('#projector-link');
  projector.href = `${base}&projector=1`;
  const roles = new Set(m.myRoles || []);
  projector.hidden = !['chair', 'presenter', 'secretary'].some((r) => roles.has(r));
  $('#minutes-link').href = `minutes.html?id=${encodeURIComponent(m.id)}`;
}

/** Start (draft, scheduled) or end (in progress) for the chair; the calendar file for everyone. */
function renderRun(m) {
  const canRun = Boolean(m.can && m.can.run);
  const start = $('#start-meeting');
  const end = $('#end-meeting');
  start.hidden = !(canRun && (m.status === 'draft' || m.status === 'scheduled'));
  end.hidden = !(canRun && m.status === 'in_progress');
  if (end.hidden) state.confirmingEnd = false;
  end.setAttribute('aria-expanded', String(state.confirmingEnd));
  $('#end-confirm').hidden = !state.confirmingEnd;
  $('#calendar-link').href = `/api/meetings/${encodeURIComponent(m.id)}/calendar.ics`;
}

function participantLabel(name, position) {
  return position ? `${name} — ${position}` : name;
}

function renderAddParticipant(m) {
  const panel = $('#add-participant-panel');
  panel.hidden = !(m.can && m.can.edit);
  if (panel.hidden) return;
  const canNamePresenter = Boolean(m.can.handOver);
  const presenter = $('#add-role-presenter');
  presenter.disabled = !canNamePresenter;
  if (!canNamePresenter) presenter.checked = false;
  $('#add-presenter-hint').hidden = canNamePresenter;

  const select = $('#add-participant-user');
  const chosen = select.value;
  const byId = new Map((m.participants || []).map((p) => [p.userId, p]));
  const options = [h('option', { text: t('meeting.add.choose'), attrs: { value: '' } })];
  for (const u of state.users || []) {
    if (u.active === false) continue;
    const existing = byId.get(u.id);
    const roles = existing ? ` (${existing.roles.map(roleLabel).join(', ')})` : '';
    options.push(h('option', { text: participantLabel(u.displayName, u.position) + roles, attrs: { value: String(u.id) } }));
  }
  select.replaceChildren(...options);
  select.value = options.some((o) => o.value === chosen) ? chosen : '';
}

function renderHandOver(m) {
  const panel = $('#handover-panel');
  panel.hidden = !(m.can && m.can.handOver);
  if (panel.hidden) return;
  const candidates = (m.participants || []).filter((p) => !p.guest && !(p.roles || []).includes('guest'));
  const current = (m.participants || []).find((p) => (p.roles || []).includes('presenter'));
  $('#handover-current').textContent = current
    ? t('meeting.handover.current', { name: current.displayName })
    : t('meeting.handover.none');
  const select = $('#handover-user');
  const chosen = select.value;
  select.replaceChildren(...candidates.map((p) => h('option', {
    text: participantLabel(p.displayName, p.position), attrs: { value: String(p.userId) },
  })));
  if (candidates.some((p) => String(p.userId) === chosen)) select.value = chosen;
  else if (current) select.value = String(current.userId);
  $('#handover-button').disabled = candidates.length === 0;
}

function fillEditForm(m) {
  $('#edit-panel').hidden = !(m.can && m.can.edit);
  const values = {
    title: m.title || '',
    startsAt: toLocalInputValue(m.startsAt),
    location: m.location || '',
    description: m.description || '',
    guestsAllowed: Boolean(m.guestsAllowed),
    status: m.status,
  };
  $('#edit-title').value = values.title;
  $('#edit-starts-at').value = values.startsAt;
  $('#edit-location').value = values.location;
  $('#edit-description').value = values.description;
  $('#edit-guests-allowed').checked = values.guestsAllowed;
  // Starting and ending have their own buttons (PATCH refuses them: use_start_end).
  for (const option of $('#edit-status').options) {
    option.disabled = (option.value === 'in_progress' || option.value === 'ended') && option.value !== m.status;
  }
  $('#edit-status').value = values.status;
  state.editBaseline = values;
}

function render() {
  const m = state.meeting;
  if (!m) return;
  renderHead(m);
  renderPanels(m);
  renderParticipants(m);
  renderJoin(m);
  renderLive(m);
  renderRun(m);
  renderAddParticipant(m);
  renderHandOver(m);
  $('#edit-panel').hidden = !(m.can && m.can.edit);
}

/** Takes a fresh meeting detail from any API answer. */
function update(meeting, { refillForm = false } = {}) {
  state.meeting = meeting;
  if (refillForm) fillEditForm(meeting);
  render();
  if (state.documents) state.documents.setMeeting(meeting);
  if (state.agenda) state.agenda.setMeeting(meeting);
  if (state.attendance) state.attendance.setMeeting(meeting);
}

/* ---------- actions ---------- */

async function removeParticipant(p, button) {
  resetFlash();
  setBusy(button, true);
  try {
    const data = await del(`/api/meetings/${state.id}/participants/${encodeURIComponent(p.userId)}`);
    update(data.meeting);
    say('meeting.removed', { name: p.displayName });
    $('#participants-heading').focus();
  } catch (e) {
    showError(errorBox(), e);
    setBusy(button, false);
  }
}

function wireAddParticipant() {
  const select = $('#add-participant-user');
  const boxes = () => [...document.querySelectorAll('#add-participant-roles input[type=checkbox]')];
  const setRoles = (roles) => boxes().forEach((box) => { box.checked = !box.disabled && roles.includes(box.value); });

  select.addEventListener('change', () => {
    const existing = (state.meeting.participants || []).find((p) => String(p.userId) === select.value);
    setRoles(existing ? existing.roles : ['member']);
  });

  $('#add-participant-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFlash();
    const userId = Number(select.value);
    if (!userId) {
      showMessage(errorBox(), 'meeting.add.needUser');
      select.focus();
      return;
    }
    const roles = boxes().filter((box) => box.checked && !box.disabled).map((box) => box.value);
    if (!roles.length) {
      showMessage(errorBox(), 'meeting.add.needRole');
      return;
    }
    const person = (state.users || []).find((u) => u.id === userId);
    const button = $('#add-participant-button');
    setBusy(button, true);
    try {
      const data = await put(`/api/meetings/${state.id}/participants/${userId}`, { roles });
      select.value = '';
      setRoles(['member']);
      update(data.meeting);
      say('meeting.add.done', { name: person ? person.displayName : String(userId) });
    } catch (e) {
      showError(errorBox(), e);
    } finally {
      setBusy(button, false);
    }
  });
}

function wireHandOver() {
  $('#handover-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFlash();
    const userId = Number($('#handover-user').value);
    if (!userId) {
      showMessage(errorBox(), 'meeting.add.needUser');
      return;
    }
    const button = $('#handover-button');
    setBusy(button, true);
    try {
      const data = await post(`/api/meetings/${state.id}/presenter`, { userId });
      update(data.meeting);
      const person = (data.meeting.participants || []).find((p) => p.userId === userId);
      say('meeting.handover.done', { name: person ? person.displayName : String(userId) });
    } catch (e) {
      showError(errorBox(), e);
    } finally {
      setBusy(button, false);
    }
  });
}

function wireEdit() {
  $('#edit-meeting-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFlash();
    const base = state.editBaseline || {};
    const title = $('#edit-title').value.trim();
    const startsAtLocal = $('#edit-starts-at').value;
    if (!title) {
      showMessage(errorBox(), 'error.invalid_title');
      $('#edit-title').focus();
      return;
    }
    const changes = {};
    if (title !== base.title) changes.title = title;
    if (startsAtLocal !== base.startsAt) {
      const iso = fromLocalInputValue(startsAtLocal);
      if (!iso) {
        showMessage(errorBox(), 'error.invalid_startsAt');
        $('#edit-starts-at').focus();
        return;
      }
      changes.startsAt = iso;
    }
    const location = $('#edit-location').value.trim();
    if (location !== base.location) changes.location = location;
    const description = $('#edit-description').value.trim();
    if (description !== base.description) changes.description = description;
    const guestsAllowed = $('#edit-guests-allowed').checked;
    if (guestsAllowed !== base.guestsAllowed) changes.guestsAllowed = guestsAllowed;
    const status = $('#edit-status').value;
    if (status !== base.status) changes.status = status;

    const button = $('#save-meeting');
    setBusy(button, true);
    try {
      const data = await patch(`/api/meetings/${state.id}`, changes);
      update(data.meeting, { refillForm: true });
      say('common.saved');
    } catch (e) {
      showError(errorBox(), e, { use_start_end: 'agenda.run.useButtons' });
    } finally {
      setBusy(button, false);
    }
  });
}

/** The meeting detail again (after starting or ending it elsewhere on the page). */
async function reloadMeeting() {
  const data = await get(`/api/meetings/${state.id}`);
  update(data.meeting, { refillForm: true });
}

function wireRun() {
  const start = $('#start-meeting');
  start.addEventListener('click', async () => {
    resetFlash();
    setBusy(start, true, 'agenda.run.starting');
    try {
      await post(`/api/meetings/${state.id}/start`);
      // The meeting runs in the live room: the chair goes there at once.
      window.location.assign(`live.html?id=${encodeURIComponent(state.id)}`);
    } catch (e) {
      setBusy(start, false);
      showError(errorBox(), e, { already_in_progress: 'agenda.run.alreadyStarted' });
      if (e.status === 409) reloadMeeting().catch(() => {});
    }
  });

  const end = $('#end-meeting');
  const showConfirm = (open) => {
    state.confirmingEnd = open;
    end.setAttribute('aria-expanded', String(open));
    $('#end-confirm').hidden = !open;
  };
  end.addEventListener('click', () => {
    resetFlash();
    showConfirm(!state.confirmingEnd);
    if (state.confirmingEnd) $('#end-confirm-no').focus();
  });
  $('#end-confirm-no').addEventListener('click', () => {
    showConfirm(false);
    end.focus();
  });
  const yes = $('#end-confirm-yes');
  yes.addEventListener('click', async () => {
    resetFlash();
    setBusy(yes, true);
    try {
      await post(`/api/meetings/${state.id}/end`);
      showConfirm(false);
      await reloadMeeting();
      say('agenda.run.ended');
      $('#meeting-title').focus();
    } catch (e) {
      showError(errorBox(), e);
      if (e.status === 409) reloadMeeting().catch(() => {});
    } finally {
      setBusy(yes, false);
    }
  });
}

/* ---------- start ---------- */

async function main() {
  let user;
  try {
    user = await startPage({ needsSignIn: true });
  } catch (e) {
    $('#page-loading').hidden = true;
    showError(errorBox(), e);
    return;
  }
  if (!user) return; // on the way to the sign-in page
  state.user = user;

  state.id = meetingIdParam();
  if (!state.id) {
    $('#page-loading').hidden = true;
    showMessage(errorBox(), 'meeting.badId');
    return;
  }

  let meeting;
  try {
    meeting = (await get(`/api/meetings/${state.id}`)).meeting;
  } catch (e) {
    $('#page-loading').hidden = true;
    showError(errorBox(), e, { forbidden: 'join.notParticipant' });
    return;
  }
  if (meeting.can && meeting.can.edit) {
    try {
      state.users = (await get('/api/users')).users || [];
    } catch (e) {
      showError(errorBox(), e);
      state.users = [];
    }
  }
  $('#page-loading').hidden = true;
  $('#meeting-view').hidden = false;
  wireAddParticipant();
  wireHandOver();
  wireEdit();
  wireRun();
  update(meeting, { refillForm: true });
  state.agenda = initAgenda({ meetingId: state.id, meeting });
  state.attendance = initAttendance({ meetingId: state.id, meeting });
  state.documents = initDocuments({ meetingId: state.id, meeting });
  onLanguageChange(render);
}

main();
