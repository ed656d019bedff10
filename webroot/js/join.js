// Joining by link, QR code or typed code: signed in → straight into the meeting; otherwise sign in,
// or (when the meeting allows it) join as a guest with just a name.
import { get, post, showError, clearError } from './api.js';
import { startPage, wireSignInForm, loadSession } from './session.js';
import { $, setBusy, showMessage, clearMessage, queryParam } from './ui.js';

const JOIN_ERRORS = {
  forbidden: 'join.notParticipant',
  not_found: 'error.unknown_join_code',
};

/** Join codes are read aloud and typed on phones: ignore case, spaces and dashes (as the server does). */
function normaliseCode(raw) {
  return (raw || '').replace(/[\s-]/g, '').toUpperCase();
}

function goToMeeting(meetingId) {
  window.location.replace(`meeting.html?id=${encodeURIComponent(meetingId)}`);
}

function doneLoading() {
  $('#page-loading').hidden = true;
}

let codeFormWired = false;

function showCodeForm(code) {
  const input = $('#code-input');
  input.value = code || '';
  $('#code-view').hidden = false;
  if (codeFormWired) return;
  codeFormWired = true;
  $('#code-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = normaliseCode(input.value);
    if (!typed) {
      showMessage($('#join-error'), 'error.invalid_code');
      input.focus();
      return;
    }
    window.location.assign(`join.html?code=${encodeURIComponent(typed)}`);
  });
}

function isUnknownCode(e) {
  return e && (e.status === 404 || e.code === 'unknown_join_code');
}

/** POST /api/join for the signed-in user, then into the meeting. */
async function joinAsMember(code) {
  const status = $('#join-status');
  const error = $('#join-error');
  clearError(error);
  doneLoading();
  showMessage(status, 'join.joining');
  try {
    const data = await post('/api/join', { code });
    goToMeeting(data.meetingId);
  } catch (e) {
    clearMessage(status);
    showError(error, e, JOIN_ERRORS);
    $('#sign-in-view').hidden = true;
    $('#guest-view').hidden = true;
    if (isUnknownCode(e)) showCodeForm(code);
    else $('#join-home').hidden = false;
  }
}

function wireGuestForm(code) {
  const form = $('#guest-form');
  const name = $('#guest-name');
  const button = $('#guest-join');
  const error = $('#join-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(error);
    if (name.value.trim().length < 2) {
      showMessage(error, 'error.invalid_name');
      name.focus();
      return;
    }
    setBusy(button, true);
    try {
      const data = await post('/api/join/guest', { code, name: name.value.trim() });
      await loadSession(); // a new session: pick up its CSRF token before the meeting page posts anything
      goToMeeting(data.meetingId);
    } catch (e) {
      showError(error, e, { ...JOIN_ERRORS, forbidden: 'join.guestsNotAllowed' });
      setBusy(button, false);
    }
  });
}

async function main() {
  let user;
  try {
    user = await startPage({ needsSignIn: false });
  } catch (e) {
    doneLoading();
    showError($('#join-error'), e);
    return;
  }

  const code = normaliseCode(queryParam('code'));
  if (!code) {
    doneLoading();
    showCodeForm('');
    return;
  }

  if (user) {
    await joinAsMember(code);
    return;
  }

  let preview;
  try {
    preview = await get(`/api/join/${encodeURIComponent(code)}`);
  } catch (e) {
    doneLoading();
    showError($('#join-error'), e, JOIN_ERRORS);
    if (isUnknownCode(e)) showCodeForm(code);
    return;
  }
  doneLoading();
  const title = $('#join-title');
  title.textContent = preview.title || '';
  title.hidden = !preview.title;

  $('#sign-in-view').hidden = false;
  wireSignInForm(() => joinAsMember(code));
  if (preview.guestsAllowed) {
    $('#guest-view').hidden = false;
    wireGuestForm(code);
  }
}

main();
