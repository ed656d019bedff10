// Administration: the accounts (activate / deactivate, reset a password), a new account, the audit log.
import { get, post, patch, showError, clearError } from './api.js';
import { startPage } from './session.js';
import { formatDateTime, onLanguageChange, has, t } from './i18n.js';
import { $, h, setBusy, showMessage, clearMessage } from './ui.js';
import { initSystem } from './admin-system.js';

const AUDIT_LIMIT = 200;
const MESSAGE_MS = 8000;

const state = {
  me: null,
  users: [],
  audit: [],
  resetOpenFor: null, // username whose inline reset form is open
};

const errorBox = () => $('#admin-error');
let messageTimer = null;

function say(key, params) {
  const box = $('#admin-message');
  showMessage(box, key, params);
  clearTimeout(messageTimer);
  messageTimer = setTimeout(() => clearMessage(box), MESSAGE_MS);
}

function resetFlash() {
  clearError(errorBox());
  clearMessage($('#admin-message'));
}

/* ---------- users ---------- */

function cell(labelKey, ...children) {
  // data-label is shown before the value when the table is laid out as cards on a phone
  // (only where the value does not speak for itself).
  return h('td', labelKey ? { dataset: { label: t(labelKey) } } : {}, ...children);
}

function resetForm(u) {
  const inputId = `reset-password-${u.username}`;
  const input = h('input', {
    id: inputId, testid: inputId,
    attrs: { type: 'password', autocomplete: 'new-password', minlength: 8, maxlength: 200, required: true },
  });
  const save = h('button', {
    className: 'button button-primary button-small', testid: `reset-save-${u.username}`,
    text: t('admin.reset.save'), attrs: { type: 'submit' },
  });
  const cancel = h('button', {
    className: 'button button-quiet button-small', testid: `reset-cancel-${u.username}`,
    text: t('common.cancel'), attrs: { type: 'button' },
    on: { click: () => { state.resetOpenFor = null; renderUsers(); } },
  });
  const form = h('form', { className: 'reset-form', testid: `reset-form-${u.username}`, attrs: { novalidate: true } },
    h('label', { text: t('admin.reset.label', { name: u.displayName }), attrs: { for: inputId } }),
    input,
    h('div', { className: 'button-row' }, save, cancel));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFlash();
    if (input.value.length < 8) {
      showMessage(errorBox(), 'error.invalid_password');
      input.focus();
      return;
    }
    setBusy(save, true);
    try {
      await post(`/api/users/${encodeURIComponent(u.id)}/password`, { password: input.value });
      state.resetOpenFor = null;
      renderUsers();
      say('admin.reset.done', { name: u.displayName });
    } catch (e) {
      showError(errorBox(), e);
      setBusy(save, false);
    }
  });
  return form;
}

async function setActive(u, active, button) {
  resetFlash();
  setBusy(button, true);
  try {
    const data = await patch(`/api/users/${encodeURIComponent(u.id)}`, { active });
    state.users = state.users.map((x) => (x.id === u.id ? { ...x, ...data.user } : x));
    renderUsers();
    say(active ? 'admin.users.activated' : 'admin.users.deactivated', { name: u.displayName });
    const again = document.querySelector(`[data-testid="${active ? 'deactivate' : 'activate'}-${CSS.escape(u.username)}"]`);
    if (again) again.focus();
  } catch (e) {
    showError(errorBox(), e);
    setBusy(button, false);
  }
}

function userRow(u) {
  const isMe = state.me && u.id === state.me.id;
  const name = h('div', { className: 'user-cell' },
    h('span', { className: 'user-display-name', text: u.displayName }),
    isMe ? h('span', { className: 'muted', text: ` ${t('admin.users.you')}` }) : null,
    h('span', { className: 'user-username', text: u.username }));
  const active = u.active !== false;
  const stateBadges = h('div', { className: 'badges' },
    h('span', {
      className: `badge ${active ? 'badge-ok' : 'badge-off'}`,
      text: t(active ? 'admin.users.active' : 'admin.users.inactive'),
      dataset: { state: active ? 'active' : 'inactive' },
    }),
    u.admin ? h('span', { className: 'badge badge-admin', text: t('admin.users.admin'), dataset: { state: 'admin' } }) : null);

  const actions = h('div', { className: 'button-row' });
  if (!isMe) { // the server refuses to deactivate one's own account
    const toggle = h('button', {
      className: `button button-small ${active ? 'button-danger' : 'button-secondary'}`,
      testid: `${active ? 'deactivate' : 'activate'}-${u.username}`,
      text: t(active ? 'admin.users.deactivate' : 'admin.users.activate'),
      attrs: { type: 'button' },
      on: { click: (event) => setActive(u, !active, event.currentTarget) },
    });
    actions.append(toggle);
  }
  const resetOpen = state.resetOpenFor === u.username;
  actions.append(h('button', {
    className: 'button button-secondary button-small',
    testid: `reset-${u.username}`,
    text: t('admin.users.reset'),
    attrs: { type: 'button', 'aria-expanded': resetOpen ? 'true' : 'false' },
    on: {
      click: () => {
        state.resetOpenFor = resetOpen ? null : u.username;
        renderUsers();
        const input = document.getElementById(`reset-password-${u.username}`);
        if (input) input.focus();
      },
    },
  }));

  return h('tr', { testid: `user-${u.username}`, dataset: { userId: String(u.id) }, className: active ? '' : 'inactive' },
    cell(null, name),
    u.position ? cell('admin.users.position', u.position) : cell(null),
    cell(null, stateBadges),
    cell(null, actions, resetOpen ? resetForm(u) : null));
}

function renderUsers() {
  const body = $('#users-body');
  // Keep what was typed in an open reset form across re-renders (e.g. a language switch).
  const typing = state.resetOpenFor && document.getElementById(`reset-password-${state.resetOpenFor}`);
  const typed = typing ? typing.value : '';
  body.replaceChildren(...(state.users.length
    ? state.users.map(userRow)
    : [h('tr', {}, h('td', { className: 'empty', text: t('admin.users.empty'), attrs: { colspan: 4 } }))]));
  if (typed) {
    const again = document.getElementById(`reset-password-${state.resetOpenFor}`);
    if (again) again.value = typed;
  }
}

async function loadUsers() {
  const data = await get('/api/users');
  state.users = (data.users || []).filter((u) => !u.guest);
  renderUsers();
}

function wireNewUser() {
  const form = $('#new-user-form');
  const button = $('#create-user');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFlash();
    const username = $('#new-username').value.trim().toLowerCase();
    const displayName = $('#new-display-name').value.trim();
    const password = $('#new-user-password').value;
    if (!/^[a-z0-9][a-z0-9._-]{2,39}$/.test(username)) {
      showMessage(errorBox(), 'error.invalid_username');
      $('#new-username').focus();
      return;
    }
    if (!displayName) {
      showMessage(errorBox(), 'error.invalid_displayName');
      $('#new-display-name').focus();
      return;
    }
    if (password.length < 8) {
      showMessage(errorBox(), 'error.invalid_password');
      $('#new-user-password').focus();
      return;
    }
    setBusy(button, true);
    try {
      const data = await post('/api/users', {
        username,
        displayName,
        position: $('#new-position').value.trim(),
        password,
        admin: $('#new-user-admin').checked,
      });
      form.reset();
      say('admin.create.done', { username: data.user.username });
      await loadUsers();
      loadAudit();
    } catch (e) {
      showError(errorBox(), e);
    } finally {
      setBusy(button, false);
    }
  });
}

/* ---------- audit log ---------- */

function auditEntry(entry) {
  const key = `audit.${entry.action}`;
  const meeting = entry.meetingId
    ? h('a', {
      className: 'audit-meeting',
      text: t('admin.audit.meeting', { id: entry.meetingId }),
      attrs: { href: `meeting.html?id=${encodeURIComponent(entry.meetingId)}` },
    })
    : null;
  return h('li', { className: 'audit-entry', dataset: { action: entry.action || '' } },
    h('time', { className: 'audit-time', text: formatDateTime(entry.at), attrs: { datetime: entry.at } }),
    h('span', { className: 'audit-actor', text: entry.actorName || '' }),
    h('span', { className: 'audit-action', text: has(key) ? t(key) : (entry.action || ''), attrs: { title: entry.action || '' } }),
    meeting);
}

function renderAudit() {
  const list = $('#audit-log');
  list.replaceChildren(...(state.audit.length
    ? state.audit.map(auditEntry)
    : [h('li', { className: 'empty', text: t('admin.audit.empty') })]));
}

async function loadAudit() {
  const meetingId = $('#audit-meeting-id').value.trim();
  const params = new URLSearchParams({ limit: String(AUDIT_LIMIT) });
  if (meetingId) params.set('meetingId', meetingId);
  try {
    const data = await get(`/api/audit?${params}`);
    state.audit = data.entries || [];
    renderAudit();
  } catch (e) {
    showError(errorBox(), e);
  }
}

function wireAudit() {
  $('#audit-filter-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFlash();
    const input = $('#audit-meeting-id');
    if (input.value.trim() && !/^\d+$/.test(input.value.trim())) {
      showMessage(errorBox(), 'error.invalid');
      input.focus();
      return;
    }
    const button = $('#audit-load');
    setBusy(button, true);
    await loadAudit();
    setBusy(button, false);
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
  if (!user) return;
  $('#page-loading').hidden = true;
  if (!user.admin) {
    showMessage(errorBox(), 'admin.onlyAdmins');
    return;
  }
  state.me = user;
  $('#admin-view').hidden = false;
  wireNewUser();
  wireAudit();
  initSystem().load();
  onLanguageChange(() => {
    renderUsers();
    renderAudit();
  });
  try {
    await loadUsers();
  } catch (e) {
    showError(errorBox(), e);
  }
  await loadAudit();
}

main();
