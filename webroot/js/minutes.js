// The minutes page (minutes.html?id=N): the secretary writes the biên bản (js/minutes-editor.js), the
// chair approves it (locked, its SHA-256 shown) or unlocks it, everybody reads approved minutes as a
// page (js/minutes-report.js) and downloads the PDF in Vietnamese or English. A participant opening
// a draft is told calmly that it is not approved yet (the server answers 403).
// API: docs/running-a-meeting.md, section "Minutes".
import { get, post, showError, clearError } from './api.js';
import { startPage } from './session.js';
import { onLanguageChange, t } from './i18n.js';
import { $, setBusy, showMessage, clearMessage, showText, meetingIdParam } from './ui.js';
import { renderDocument, shortWhen } from './minutes-report.js';
import { initEditor } from './minutes-editor.js';
import { followContext } from './minutes-context.js';

const MESSAGE_MS = 8000;

const state = {
  id: null,
  data: null, // GET …/minutes
  mode: null, // 'edit' | 'read'
  editor: null,
  context: null,
  confirming: null, // 'approve' | 'unlock'
  extraItems: null, // itemId → {position, title} after the agenda changed while writing
};

const errorBox = () => $('#minutes-error');
let messageTimer = null;

function say(key, params) {
  const box = $('#minutes-message');
  showMessage(box, key, params);
  clearTimeout(messageTimer);
  messageTimer = setTimeout(() => clearMessage(box), MESSAGE_MS);
}

const OVERRIDES = {
  already_approved: 'minutes.alreadyApproved',
  not_approved: 'minutes.notApprovedYet',
  minutes_approved: 'minutes.approvedWhileEditing',
};

/* ---------- the head: state, approval, export ---------- */

function renderHead() {
  const { data } = state;
  const s = data.state || {};
  const approved = s.status === 'approved';
  const meeting = (data.report && data.report.meeting) || {};
  document.title = t('minutes.titleNamed', { title: meeting.title || '' });
  $('#minutes-meeting-title').textContent = meeting.title || '';
  const badge = $('#minutes-state');
  badge.textContent = t(approved ? 'minutes.state.approved' : 'minutes.state.draft');
  badge.dataset.status = approved ? 'approved' : 'draft';
  badge.className = `badge minutes-badge ${approved ? 'badge-ok' : 'status-draft'}`;
  const edition = $('#minutes-edition');
  edition.hidden = !(s.edition > 1);
  edition.textContent = s.edition > 1 ? t('minutes.edition', { n: s.edition }) : '';

  const approvedLine = $('#minutes-approved');
  approvedLine.hidden = !approved;
  approvedLine.textContent = approved ? t('minutes.approvedBy', { name: s.approvedBy || '', time: shortWhen(s.approvedAt) }) : '';
  const sha = $('#minutes-sha');
  sha.hidden = !(approved && s.sha256);
  sha.textContent = approved && s.sha256 ? t('minutes.sha', { sha: s.sha256 }) : '';

  const can = data.can || {};
  $('#minutes-locked-note').hidden = !(can.edit && approved);
  $('#minutes-draft-note').hidden = !(state.mode === 'read' && !approved);
  $('#minutes-editor-hint').hidden = state.mode !== 'edit';
  $('#minutes-pdf-hint').hidden = approved;

  const base = `/api/meetings/${encodeURIComponent(state.id)}/minutes.pdf`;
  $('#minutes-pdf').href = base;
  $('#minutes-pdf-en').href = `${base}?lang=en`;

  const approve = $('#minutes-approve');
  const unlock = $('#minutes-unlock');
  approve.hidden = !(can.approve && !approved);
  unlock.hidden = !(can.approve && approved);
  if ((state.confirming === 'approve' && approve.hidden) || (state.confirming === 'unlock' && unlock.hidden)) state.confirming = null;
  $('#minutes-approve-confirm').hidden = state.confirming !== 'approve';
  $('#minutes-unlock-confirm').hidden = state.confirming !== 'unlock';
  approve.setAttribute('aria-expanded', String(state.confirming === 'approve'));
  unlock.setAttribute('aria-expanded', String(state.confirming === 'unlock'));
}

/* ---------- modes ---------- */

function render() {
  const { data } = state;
  const approved = data.state && data.state.status === 'approved';
  const mode = data.can && data.can.edit && !approved ? 'edit' : 'read';
  if (mode !== 'edit' && state.editor) {
    state.editor.destroy();
    state.editor = null;
  }
  state.mode = mode;
  const view = $('#minutes-view');
  view.dataset.mode = mode;
  view.dataset.draft = String(!approved);
  renderHead();
  $('#minutes-toolbar').hidden = mode !== 'edit';
  $('#minutes-editor').hidden = mode !== 'edit';
  $('#minutes-document').hidden = mode !== 'read';
  if (mode === 'edit') {
    if (!state.context) startContext();
    if (state.editor) state.editor.destroy();
    state.editor = initEditor({
      container: $('#minutes-editor'), data, meetingId: state.id, context: state.context, say,
      onLocked: () => lockedMeanwhile(),
    });
  } else {
    renderDocument($('#minutes-document'), data);
  }
}

/** A save was refused because the chair approved meanwhile: read-only from now on (unsaved text stays on this device). */
let lockReload = null;
function lockedMeanwhile() {
  if (lockReload) return;
  showMessage(errorBox(), 'minutes.approvedWhileEditing');
  lockReload = load().finally(() => { lockReload = null; });
}

function startContext() {
  const itemOf = (itemId) => {
    const item = ((state.data && state.data.report && state.data.report.agenda) || []).find((i) => i.id === itemId);
    return item ? { position: item.position, title: item.title } : state.extraItems && state.extraItems.get(itemId);
  };
  state.context = followContext({
    meetingId: state.id,
    itemOf,
    onChange: () => { if (state.editor) state.editor.contextChanged(); },
    onAgendaVersion: () => agendaChanged(),
  });
}

/** The agenda changed while writing: titles for the context line now, new sections after a reload. */
async function agendaChanged() {
  try {
    const agenda = await get(`/api/meetings/${encodeURIComponent(state.id)}/agenda`);
    const items = agenda.items || [];
    state.extraItems = new Map(items.map((i) => [i.id, { position: i.position, title: i.title }]));
    const shown = ((state.data && state.data.report && state.data.report.agenda) || []).map((i) => i.id).join(',');
    const now = items.map((i) => i.id).join(',');
    $('#minutes-agenda-changed').hidden = shown === now || state.mode !== 'edit';
    if (state.editor) state.editor.contextChanged();
  } catch (e) {
    console.warn('minutes: agenda not reloaded', e);
  }
}

async function load() {
  const data = await get(`/api/meetings/${encodeURIComponent(state.id)}/minutes`);
  state.data = data;
  if (state.extraItems) {
    // Reloaded: the report knows the agenda again.
    state.extraItems = null;
    $('#minutes-agenda-changed').hidden = true;
  }
  render();
}

/* ---------- approve / unlock (the chair) ---------- */

function wireChair() {
  const approve = $('#minutes-approve');
  const unlock = $('#minutes-unlock');
  const confirm = (which) => {
    state.confirming = state.confirming === which ? null : which;
    renderHead();
    if (state.confirming) $(`#minutes-${which}-no`).focus();
  };
  approve.addEventListener('click', () => { clearError(errorBox()); confirm('approve'); });
  unlock.addEventListener('click', () => { clearError(errorBox()); confirm('unlock'); });
  $('#minutes-approve-no').addEventListener('click', () => { state.confirming = null; renderHead(); approve.focus(); });
  $('#minutes-unlock-no').addEventListener('click', () => { state.confirming = null; renderHead(); unlock.focus(); });

  const act = (which, doneKey) => async (event) => {
    const button = event.currentTarget;
    clearError(errorBox());
    setBusy(button, true);
    try {
      if (which === 'approve' && state.editor) await state.editor.flushAll(); // a chair who also writes
      await post(`/api/meetings/${encodeURIComponent(state.id)}/minutes/${which}`);
      state.confirming = null;
      await load();
      say(doneKey);
      $('#minutes-heading').focus();
    } catch (e) {
      showError(errorBox(), e, OVERRIDES);
      if (e && e.status === 409) load().catch(() => {});
    } finally {
      setBusy(button, false);
    }
  };
  $('#minutes-approve-yes').addEventListener('click', act('approve', 'minutes.approved'));
  $('#minutes-unlock-yes').addEventListener('click', act('unlock', 'minutes.unlocked'));
}

/* ---------- a draft I may not read ---------- */

async function showNotReady() {
  let meeting = null;
  try {
    meeting = (await get(`/api/meetings/${encodeURIComponent(state.id)}`)).meeting;
  } catch (e) {
    showError(errorBox(), e, { forbidden: 'join.notParticipant' });
    return;
  }
  document.title = t('minutes.titleNamed', { title: meeting.title || '' });
  showText($('#minutes-not-ready-text'), () => t('minutes.notReady.text', { title: meeting.title || '' }));
  $('#minutes-not-ready').hidden = false;
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

  state.id = meetingIdParam();
  if (!state.id) {
    $('#page-loading').hidden = true;
    showMessage(errorBox(), 'meeting.badId');
    return;
  }
  const back = `meeting.html?id=${encodeURIComponent(state.id)}`;
  $('#back-link').href = back;
  $('#minutes-not-ready-back').href = back;

  try {
    state.data = await get(`/api/meetings/${encodeURIComponent(state.id)}/minutes`);
  } catch (e) {
    $('#page-loading').hidden = true;
    if (e && e.status === 403) await showNotReady();
    else showError(errorBox(), e);
    return;
  }
  $('#page-loading').hidden = true;
  $('#minutes-view').hidden = false;
  wireChair();
  $('#minutes-reload').addEventListener('click', () => window.location.reload());
  render();
  onLanguageChange(() => {
    if (!state.data) return;
    renderHead();
    if (state.mode === 'edit' && state.editor) state.editor.refresh();
    else if (state.mode === 'read') renderDocument($('#minutes-document'), state.data);
  });
}

main();
