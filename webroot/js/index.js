// The front door: sign in, or the dashboard (my meetings, search, new meeting, join by code, password).
import { get, post, showError, clearError, requireSignIn } from './api.js';
import { startPage, wireSignInForm, renderHeader } from './session.js';
import { formatDateTime, onLanguageChange, t } from './i18n.js';
import {
  $, h, setBusy, showMessage, clearMessage, statusBadge, roleBadge,
  queryParam, safeNextPath, toLocalInputValue, fromLocalInputValue, nextFullHour,
} from './ui.js';

const LISTS = [
  ['inProgress', '#meetings-in-progress'],
  ['upcoming', '#meetings-upcoming'],
  ['past', '#meetings-past'],
];
const SEARCH_DELAY_MS = 300;

let lastMeetings = null;
let searchSequence = 0;

function meetingItem(m) {
  const meta = h('span', { className: 'meeting-meta' },
    h('time', { className: 'meeting-time', text: formatDateTime(m.startsAt), attrs: { datetime: m.startsAt } }),
    m.location ? h('span', { className: 'meeting-place', text: m.location }) : null);
  const roles = (m.myRoles || []).map(roleBadge);
  const link = h('a', {
    className: 'meeting-link',
    testid: `meeting-${m.id}`,
    dataset: { meetingId: String(m.id) },
    attrs: { href: `meeting.html?id=${encodeURIComponent(m.id)}` },
  },
  h('span', { className: 'meeting-title', text: m.title }),
  meta,
  h('span', { className: 'badges' }, statusBadge(m.status), roles));
  return h('li', {}, link);
}

function renderMeetings() {
  if (!lastMeetings) return;
  for (const [key, selector] of LISTS) {
    const list = $(selector);
    const meetings = lastMeetings[key] || [];
    list.replaceChildren(...(meetings.length
      ? meetings.map(meetingItem)
      : [h('li', { className: 'empty', text: t('dashboard.empty') })]));
    list.removeAttribute('aria-busy');
  }
}

async function loadMeetings(query) {
  const sequence = ++searchSequence;
  const q = (query || '').trim();
  const path = q ? `/api/meetings?q=${encodeURIComponent(q)}` : '/api/meetings';
  try {
    const data = await get(path);
    if (sequence !== searchSequence) return; // a newer search has been typed meanwhile
    clearError($('#dashboard-error'));
    lastMeetings = data;
    renderMeetings();
  } catch (e) {
    if (sequence === searchSequence) showError($('#dashboard-error'), e);
  }
}

function wireSearch() {
  const input = $('#meeting-search');
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => loadMeetings(input.value), SEARCH_DELAY_MS);
  });
  $('#search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    loadMeetings(input.value);
  });
}

function wireNewMeeting() {
  const form = $('#new-meeting-form');
  const error = $('#new-meeting-error');
  const button = $('#create-meeting');
  const title = $('#new-title');
  const startsAt = $('#new-starts-at');
  if (!startsAt.value) startsAt.value = toLocalInputValue(nextFullHour());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(error);
    if (!title.value.trim()) {
      showMessage(error, 'error.invalid_title');
      title.focus();
      return;
    }
    const when = fromLocalInputValue(startsAt.value);
    if (!when) {
      showMessage(error, 'error.invalid_startsAt');
      startsAt.focus();
      return;
    }
    setBusy(button, true);
    try {
      const data = await post('/api/meetings', {
        title: title.value.trim(),
        startsAt: when,
        location: $('#new-location').value.trim(),
        description: $('#new-description').value.trim(),
        guestsAllowed: $('#new-guests-allowed').checked,
      });
      window.location.assign(`meeting.html?id=${encodeURIComponent(data.meeting.id)}`);
    } catch (e) {
      showError(error, e);
      setBusy(button, false);
    }
  });
}

function wireJoinByCode() {
  const form = $('#join-code-form');
  const input = $('#join-code-input');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = input.value.replace(/[\s-]/g, '').toUpperCase();
    if (!code) {
      input.focus();
      return;
    }
    window.location.assign(`join.html?code=${encodeURIComponent(code)}`);
  });
}

function wireChangePassword(user) {
  const form = $('#change-password-form');
  const error = $('#change-password-error');
  const message = $('#change-password-message');
  const button = $('#change-password');
  const current = $('#current-password');
  const next = $('#new-password');
  $('#account-username').value = user.username || '';

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(error);
    clearMessage(message);
    if (!current.value) {
      showMessage(error, 'error.invalid_currentPassword');
      current.focus();
      return;
    }
    if (next.value.length < 8) {
      showMessage(error, 'error.invalid_newPassword');
      next.focus();
      return;
    }
    setBusy(button, true);
    try {
      await post('/api/me/password', { currentPassword: current.value, newPassword: next.value });
      current.value = '';
      next.value = '';
      showMessage(message, 'account.done');
    } catch (e) {
      showError(error, e, { forbidden: 'account.wrongCurrent' });
    } finally {
      setBusy(button, false);
    }
  });
}

function showDashboard(user) {
  requireSignIn(true); // from now on an ended session sends the user back to the sign-in form
  $('#sign-in-view').hidden = true;
  $('#dashboard-view').hidden = false;
  // A guest (joined by name, no account) can only follow meetings.
  $('#new-meeting').hidden = Boolean(user.guest);
  $('#account').hidden = Boolean(user.guest);
  wireSearch();
  if (!user.guest) {
    wireNewMeeting();
    wireChangePassword(user);
  }
  wireJoinByCode();
  onLanguageChange(renderMeetings);
  return loadMeetings('');
}

function showSignIn(next) {
  $('#dashboard-view').hidden = true;
  $('#sign-in-view').hidden = false;
  wireSignInForm(async (user) => {
    if (next) {
      window.location.assign(next);
      return;
    }
    renderHeader(user);
    await showDashboard(user);
  });
  // On a phone the keyboard would cover the introduction: focus only on larger screens.
  if (window.matchMedia('(min-width: 768px)').matches) $('#username').focus();
}

async function main() {
  let next = safeNextPath(queryParam('next'));
  if (next && /^\/(index\.html)?(\?|#|$)/.test(next)) next = null; // never loop back to this page
  let user;
  try {
    user = await startPage({ needsSignIn: false });
  } catch (e) {
    $('#page-loading').hidden = true;
    showError($('#page-error'), e);
    return;
  }
  $('#page-loading').hidden = true;
  if (user && next) {
    window.location.replace(next);
    return;
  }
  if (user) {
    await showDashboard(user);
  } else {
    showSignIn(next);
  }
}

main();
