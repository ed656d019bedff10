// Votes in the live room (docs/running-a-meeting.md, "Votes"). Everybody sees the vote card above
// the stage while a vote is open and its result once closed (a large overlay on the projector): the
// question, named or secret, "n/m đã biểu quyết" and the countdown come from the live state
// (state.meeting.vote: never a tally while open). A voting member taps an option, confirms it on
// the page, and the ballot is kept in localStorage (ballot-<voteId> = {clientId, choices}) BEFORE
// it is sent: "recorded" is shown only after the server's 200, which comes only after the database
// committed it. A network failure or 5xx keeps the ballot and sends it again with the same
// clientId (after a delay, when the live connection reopens, with the next live message, after a
// reload) until answered; the server counts it once. The chair gets the vote panel in the aside:
// drafts, open / close / cancel, and the running tally of an open named vote.
//
// Thousands of phones follow one meeting: a phone asks the server about its own ballot once per
// vote (when it opens, spread over a second), never on every "voted" change.
import { get, post, del, showError, clearError, errorText } from './api.js';
import { t, onLanguageChange, currentLocale, currentLanguage } from './i18n.js';
import { $, h, showText } from './ui.js';
import { clock } from './live-agenda.js';

const TICK_MS = 1000;
/** The chair's running tally: at most one request per this while ballots come in. */
const TALLY_MIN_MS = 1000;
/**
 * A changed ballot does not change "voted", so no live message tells of it: while a vote that allows
 * changes is open, the chair's tally is also refreshed this often.
 */
const TALLY_POLL_MS = 3000;
/** A failed ballot is sent again after 2, 4, 8, 15, 15… seconds (plus up to a second at random). */
const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 15000;
/**
 * A new live message sends a pending ballot again (not more often than this) when the last try did
 * not reach the server: the message proves the network is back. After a 5xx the backoff is kept.
 */
const RESEND_GAP_MS = 1500;
/** Phones ask for their ballot when a vote opens, spread over this much time. */
const MINE_SPREAD_MS = 1000;
/** A result closed longer ago than this starts folded (a page opened late). */
const FRESH_RESULT_MS = 10 * 60000;
const STORE_PREFIX = 'ballot-';
const SHOWN = new Set(['open', 'closed', 'cancelled']);

/* ---------- the ballot kept on this device ---------- */

function readStored(voteId) {
  try {
    const raw = localStorage.getItem(STORE_PREFIX + voteId);
    if (!raw) return null;
    const b = JSON.parse(raw);
    return b && typeof b.clientId === 'string' && Array.isArray(b.choices) ? { voteId, clientId: b.clientId, choices: b.choices } : null;
  } catch {
    return null;
  }
}

function store(ballot) {
  try {
    localStorage.setItem(STORE_PREFIX + ballot.voteId, JSON.stringify({ clientId: ballot.clientId, choices: ballot.choices }));
  } catch {
    // storage full or disabled: the ballot is still kept in memory and sent
  }
}

function unstore(voteId) {
  try {
    localStorage.removeItem(STORE_PREFIX + voteId);
  } catch {
    // nothing to do
  }
}

/** Ballots of other votes left behind (a vote that ended while this device was away) are of no use. */
function unstoreOthers(voteId) {
  try {
    const stale = [];
    for (let i = 0; i < localStorage.length; i += 1) {
      const k = localStorage.key(i);
      if (k && k.startsWith(STORE_PREFIX) && k !== STORE_PREFIX + voteId) stale.push(k);
    }
    stale.forEach((k) => localStorage.removeItem(k));
  } catch {
    // nothing to do
  }
}

/** A random UUID; crypto.randomUUID exists only on https (or localhost), getRandomValues everywhere. */
function newClientId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  const b = window.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Worth sending again: the server was not reached, or failed, or asked to wait. */
function retriable(e) {
  return !e || !e.status || e.status >= 500 || e.status === 408 || e.status === 429 || e.code === 'csrf_invalid';
}

/** Yes/no options are coloured (in favour, against, abstain); choices are all alike. */
function tone(vote, i) {
  if (vote.kind !== 'yes_no') return 'is-choice';
  return ['is-yes', 'is-no', 'is-abstain'][i] || 'is-choice';
}

function labelsOf(vote, choices) {
  return (choices || []).map((i) => (vote.options || [])[i]).filter((x) => x != null).join(', ');
}

function percentText(value) {
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 2 }).format(Number(value) || 0);
}

/** Refusals a person can act on, in their words (the rest go through errorText's error.<code>). */
const OVERRIDES = {
  not_in_progress: 'vote.notInProgress',
  not_draft: 'vote.notDraft',
  not_open: 'vote.notOpen',
  invalid_question: 'vote.form.questionNeeded',
  invalid_options: 'vote.form.optionsNeeded',
  invalid_maxChoices: 'vote.form.maxNeeded',
  invalid_countdownSeconds: 'vote.form.countdownNeeded',
  invalid_reason: 'vote.reasonNeeded',
};

export function initVotes({ meetingId, meeting, projector, bus }) {
  const roles = new Set((meeting && meeting.myRoles) || []);
  const mayCast = roles.has('member') && !projector;
  const base = `/api/meetings/${encodeURIComponent(meetingId)}`;
  const voteUrl = (id) => `/api/votes/${encodeURIComponent(id)}`;

  let live = null; // the newest live state
  let run = null; // its state.meeting
  let vote = null; // state.meeting.vote
  let skew = 0;
  let voteKey = ''; // "<id>:<status>": what makes a phone look again

  /* ---------- the card: my ballot ---------- */

  const card = {
    el: $('#vote-card'),
    method: $('#vote-method'),
    methodNote: $('#vote-method-note'),
    question: $('#vote-question'),
    progress: $('#vote-progress'),
    progressText: $('#vote-progress-text'),
    progressFill: $('#vote-progress-fill'),
    countdown: $('#vote-countdown'),
    ballot: $('#vote-ballot'),
    error: $('#vote-error'),
    summary: $('#vote-summary'),
    result: $('#vote-result'),
    cancelled: $('#vote-cancelled'),
    toggle: $('#vote-toggle'),
  };
  let mine = null; // {eligible, voted, clientId?, choices?} for vote mineFor
  let mineFor = null;
  let mineLoading = false;
  let mineTimer = null;
  let picked = []; // option indexes being chosen
  let confirming = false;
  let changing = false; // "Đổi phiếu" pressed
  let pending = null; // {voteId, clientId, choices}: kept until the server answers
  let inflight = false;
  let failures = 0;
  let unreachable = false; // the last try did not reach the server
  let lastAttempt = 0;
  let retryTimer = null;
  let ballotError = null; // a refusal to show
  let shownError = null;
  let ballotKey = null; // what the ballot area was last built for
  let resultKey = null;
  let focusNext = null; // an element id to focus after the next build (after a tap)
  let expanded = true; // a closed or cancelled vote's details
  let autoFold = false; // fold them once the meeting moves on
  let sceneAtClose = '';
  let ticker = null;

  const serverNow = () => Date.now() + skew;
  const scene = () => (live ? [run && run.itemId, live.documentId, live.page, Boolean(live.blank)].join('|') : '');

  function phase() {
    const v = vote;
    if (!v || v.status !== 'open' || projector) return 'none';
    if (pending && pending.voteId === v.id) return 'sending';
    if (!mayCast) return 'ineligible';
    if (!mine || mineFor !== v.id) return 'loading';
    if (!mine.eligible) return 'ineligible';
    if (mine.voted && !changing) return 'recorded';
    return confirming ? 'confirm' : 'choose';
  }

  function loadMine(voteId, delay) {
    if (mineLoading || !mayCast) return;
    mineLoading = true;
    clearTimeout(mineTimer);
    mineTimer = setTimeout(async () => {
      let failed = false;
      try {
        const data = await get(voteUrl(voteId));
        if (vote && vote.id === voteId) {
          mine = data.mine || { eligible: false, voted: false };
          mineFor = voteId;
        }
      } catch (e) {
        failed = !e.redirecting;
      } finally {
        mineLoading = false;
      }
      // Not reached: try again a little later while the vote is still open.
      if (failed) mineTimer = setTimeout(() => maybeLoadMine(), 3000 + Math.random() * 3000);
      render();
    }, delay);
  }

  function maybeLoadMine(delay = 0) {
    if (vote && vote.status === 'open' && mayCast && mineFor !== vote.id && !(pending && pending.voteId === vote.id)) {
      loadMine(vote.id, delay);
    }
  }

  async function send() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (!pending || inflight) return;
    const ballot = pending;
    inflight = true;
    lastAttempt = Date.now();
    render();
    try {
      await post(`${voteUrl(ballot.voteId)}/ballots`, { clientId: ballot.clientId, choices: ballot.choices });
      // Committed by the server: recorded.
      unstore(ballot.voteId);
      if (pending === ballot) pending = null;
      failures = 0;
      unreachable = false;
      if (vote && vote.id === ballot.voteId) {
        mine = { eligible: true, voted: true, clientId: ballot.clientId, choices: vote.secret ? undefined : ballot.choices };
        mineFor = ballot.voteId;
        focusNext = 'vote-recorded';
      }
    } catch (e) {
      if (e && e.redirecting) {
        // Signed out: the sign-in page comes back here and the stored ballot is sent then.
      } else if (retriable(e)) {
        failures += 1;
        unreachable = !e || !e.status;
        const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)) + Math.random() * 1000;
        retryTimer = setTimeout(send, Math.max(wait, e && e.retryAfter ? e.retryAfter * 1000 : 0));
      } else {
        await refused(ballot, e);
      }
    } finally {
      inflight = false;
      render();
    }
  }

  /** A refused ballot is dropped; but the server may have counted it before (an answer lost, then the vote closed). */
  async function refused(ballot, e) {
    unstore(ballot.voteId);
    if (pending === ballot) pending = null;
    failures = 0;
    let m = null;
    try {
      m = (await get(voteUrl(ballot.voteId))).mine || null;
    } catch {
      // not reached: show the refusal
    }
    if (m && vote && vote.id === ballot.voteId) {
      mine = m;
      mineFor = ballot.voteId;
    }
    const counted = m && m.voted && String(m.clientId || '').toLowerCase() === ballot.clientId.toLowerCase();
    ballotError = counted ? null : e;
    changing = false;
    confirming = false;
    picked = [];
  }

  /** Sends a pending ballot again now (the live connection reopened, the network came back). */
  function resendNow() {
    if (pending && !inflight) send();
  }

  function pick(i) {
    const v = vote;
    if (!v) return;
    ballotError = null;
    if ((v.maxChoices || 1) <= 1) {
      picked = [i];
      confirming = true;
      focusNext = 'vote-confirm';
    } else {
      picked = picked.includes(i) ? picked.filter((x) => x !== i) : [...picked, i].sort((a, b) => a - b);
      focusNext = `vote-option-${i}`;
    }
    render();
  }

  function confirmBallot() {
    const v = vote;
    if (!v || v.status !== 'open' || !picked.length || pending) return;
    const ballot = { voteId: v.id, clientId: newClientId(), choices: [...picked].sort((a, b) => a - b) };
    store(ballot); // kept before it leaves: a reload or a lost answer sends the same ballot again
    pending = ballot;
    picked = [];
    confirming = false;
    changing = false;
    failures = 0;
    ballotError = null;
    send();
  }

  function optionButton(v, label, i, multiple) {
    const chosen = picked.includes(i);
    const full = multiple && !chosen && picked.length >= (v.maxChoices || 1);
    return h('button', {
      className: `button vote-option ${tone(v, i)}${chosen ? ' is-picked' : ''}`,
      id: `vote-option-${i}`,
      testid: `vote-option-${i}`,
      dataset: { index: String(i) },
      attrs: { type: 'button', 'aria-pressed': multiple ? String(chosen) : null, disabled: full },
      on: { click: () => pick(i) },
    }, multiple ? h('span', { className: 'vote-tick', text: chosen ? '✓' : '', attrs: { 'aria-hidden': 'true' } }) : null,
    h('span', { className: 'vote-option-label', text: label }));
  }

  function buildBallot(state, v) {
    const multiple = (v.maxChoices || 1) > 1;
    switch (state) {
      case 'loading':
        return [h('p', { id: 'vote-loading', className: 'muted', text: t('vote.loading') })];
      case 'ineligible':
        return [h('p', { id: 'vote-ineligible', className: 'vote-ineligible', text: t('vote.ineligible') })];
      case 'choose':
        return [
          h('p', { className: 'vote-instruction', text: multiple ? t('vote.chooseMany', { max: v.maxChoices }) : t('vote.chooseOne') }),
          h('div', { className: 'vote-options' }, (v.options || []).map((label, i) => optionButton(v, label, i, multiple))),
          multiple ? h('button', {
            id: 'vote-submit', className: 'button button-primary vote-big', text: t('vote.submit'),
            attrs: { type: 'button', disabled: picked.length === 0 },
            on: { click: () => { confirming = true; focusNext = 'vote-confirm'; render(); } },
          }) : null,
          changing ? h('button', {
            id: 'vote-change-back', className: 'button button-quiet vote-big', text: t('vote.back'),
            attrs: { type: 'button' }, on: { click: () => { changing = false; picked = []; render(); } },
          }) : null,
        ];
      case 'confirm':
        return [
          h('p', { id: 'vote-confirm-text', className: 'vote-confirm-text', text: t('vote.youChose', { choices: labelsOf(v, picked) }) }),
          h('div', { className: 'vote-confirm-actions' },
            h('button', {
              id: 'vote-confirm', className: 'button button-primary vote-big', text: t('vote.confirm'),
              attrs: { type: 'button' }, on: { click: confirmBallot },
            }),
            h('button', {
              id: 'vote-rechoose', className: 'button button-secondary vote-big', text: t('vote.rechoose'),
              attrs: { type: 'button' },
              on: {
                click: () => {
                  confirming = false;
                  if (!multiple) picked = [];
                  focusNext = 'vote-option-0';
                  render();
                },
              },
            })),
        ];
      case 'sending':
        return [
          h('p', { id: 'vote-sending', className: 'vote-sending', attrs: { role: 'status' } },
            h('span', { className: 'vote-spinner', attrs: { 'aria-hidden': 'true' } }), t('vote.sending')),
          failures > 0 ? h('p', { id: 'vote-retrying', className: 'vote-retrying', text: t('vote.retrying') }) : null,
        ];
      case 'recorded': {
        const named = !v.secret && mine && Array.isArray(mine.choices) && mine.choices.length;
        return [
          h('p', { id: 'vote-recorded', className: 'vote-recorded', attrs: { role: 'status', tabindex: '-1' } },
            h('span', { className: 'vote-check', text: '✓', attrs: { 'aria-hidden': 'true' } }), t('vote.recorded')),
          named ? h('p', { id: 'vote-my-choice', className: 'vote-my-choice', text: t('vote.recordedChoice', { choices: labelsOf(v, mine.choices) }) }) : null,
          v.allowChange ? h('button', {
            id: 'vote-change', className: 'button button-secondary vote-big', text: t('vote.change'),
            attrs: { type: 'button' },
            on: { click: () => { changing = true; confirming = false; picked = []; focusNext = 'vote-option-0'; render(); } },
          }) : null,
        ];
      }
      default:
        return [];
    }
  }

  function renderBallot(v) {
    const state = v && v.status === 'open' && !projector ? phase() : 'none';
    card.ballot.hidden = state === 'none';
    card.ballot.dataset.state = state;
    card.ballot.dataset.retrying = String(state === 'sending' && failures > 0);
    const k = [v && v.id, state, picked.join(','), state === 'sending' ? failures > 0 : '', currentLanguage(),
      state === 'recorded' && mine ? `${(mine.choices || []).join(',')}` : ''].join('|');
    if (k === ballotKey) return;
    ballotKey = k;
    card.ballot.replaceChildren(...(state === 'none' ? [] : buildBallot(state, v)).filter(Boolean));
    if (focusNext) {
      const target = document.getElementById(focusNext);
      focusNext = null;
      if (target) target.focus({ preventScroll: true });
    }
  }

  function buildResult(v) {
    const r = v.result || {};
    const options = Array.isArray(r.options) ? r.options : [];
    const labels = v.options || options.map((o) => o.label);
    const pair = (key, value, id) => h('div', { id }, h('dt', { text: t(key) }), h('dd', { text: value == null ? '–' : value }));
    const named = !v.secret && r.named;
    return [
      h('p', {
        id: 'vote-passed', className: `vote-verdict ${r.passed ? 'is-passed' : 'is-rejected'}`,
        dataset: { passed: String(Boolean(r.passed)) }, text: t(r.passed ? 'vote.passed' : 'vote.notPassed'),
      }),
      h('div', { className: 'vote-result-chart' },
      h('ul', { id: 'vote-bars', className: 'vote-bars', attrs: { 'aria-label': t('vote.result') } }, options.map((o, i) => {
        const fill = h('span', { className: 'vote-bar-fill' });
        fill.style.width = `${Math.min(100, Math.max(0, Number(o.percentOfMembers) || 0))}%`;
        return h('li', {
          className: `vote-bar ${tone(v, i)}${o.chosen ? ' is-chosen' : ''}`,
          testid: `vote-result-option-${i}`,
          dataset: { count: String(o.count), percent: String(o.percentOfMembers) },
        },
        h('div', { className: 'vote-bar-line' },
          h('span', { className: 'vote-bar-label' }, o.label,
            o.chosen && v.kind === 'choice' ? h('span', { className: 'badge vote-chosen', text: t('vote.chosenOption') }) : null),
          h('span', { className: 'vote-bar-figures', text: t(o.count === 1 ? 'vote.countPercentOne' : 'vote.countPercent', { count: o.count, percent: percentText(o.percentOfMembers) }) })),
        h('div', { className: 'vote-bar-track', attrs: { 'aria-hidden': 'true' } }, fill));
      })),
      h('p', { className: 'vote-percent-note', text: t('vote.percentNote', { members: r.membersTotal }) })),
      h('div', { className: 'vote-result-facts' },
      h('dl', {
        id: 'vote-totals', className: 'vote-totals',
        dataset: { cast: String(r.cast), eligible: String(r.eligible), members: String(r.membersTotal) },
      },
      pair('vote.totalMembers', r.membersTotal, 'vote-total-members'),
      pair('vote.totalPresent', r.membersPresent, 'vote-total-present'),
      pair('vote.totalEligible', r.eligible, 'vote-total-eligible'),
      pair('vote.totalCast', r.cast, 'vote-total-cast'),
      pair('vote.totalNotVoted', r.notVoted, 'vote-total-not-voted')),
      r.rule ? h('p', {
        id: 'vote-rule-line', className: 'vote-rule-line',
        text: t('vote.ruleLine', { rule: t(`vote.rule.${r.rule}`), required: r.required }),
      }) : null,
      r.tieBrokenByChair ? h('p', { id: 'vote-tie-broken', className: 'vote-rule-line', text: t('vote.tieBroken') }) : null,
      named ? h('section', { id: 'vote-named', className: 'vote-named' },
        h('h3', { text: t('vote.whoChose') }),
        h('ul', { className: 'vote-named-list' }, (named.ballots || []).map((b) => h('li', {
          testid: `vote-named-${b.userId}`, dataset: { choices: (b.choices || []).join(',') },
        }, h('span', { className: 'vote-named-name', text: b.name }),
        h('span', { className: `vote-named-choice ${b.choices && b.choices.length === 1 ? tone(v, b.choices[0]) : ''}`, text: labelsOf({ options: labels }, b.choices) })))),
        named.notVoted && named.notVoted.length
          ? h('p', { id: 'vote-not-voted', className: 'vote-not-voted', text: t('vote.notVotedList', { names: named.notVoted.join(', ') }) })
          : null) : null),
    ];
  }

  function renderCountdown() {
    const v = vote;
    const show = Boolean(v && v.status === 'open' && v.closesAt);
    card.countdown.hidden = !show;
    if (!show) return;
    const remaining = Date.parse(v.closesAt) - serverNow();
    card.countdown.dataset.remainingMs = String(Math.max(0, Math.round(remaining)));
    card.countdown.textContent = remaining > 0 ? t('vote.countdown', { time: clock(remaining + 999) }) : t('vote.countdownEnded');
    card.countdown.classList.toggle('is-ending', remaining < 10000);
  }

  function renderCard() {
    const v = vote;
    const shown = Boolean(v) && SHOWN.has(v.status);
    const folded = shown && v.status !== 'open' && !expanded;
    card.el.hidden = !shown || (projector && folded);
    clearInterval(ticker);
    ticker = null;
    if (card.el.hidden) {
      renderBallot(null);
      return;
    }
    const open = v.status === 'open';
    card.el.dataset.status = v.status;
    card.el.dataset.voteId = String(v.id);
    card.el.dataset.secret = String(Boolean(v.secret));
    card.el.dataset.expanded = String(!folded);
    card.method.textContent = t(v.secret ? 'vote.secret' : 'vote.named');
    card.method.classList.toggle('is-secret', Boolean(v.secret));
    card.question.textContent = v.question;
    card.methodNote.textContent = t(v.secret ? 'vote.secretNote' : 'vote.namedNote');
    card.methodNote.hidden = folded || !(v.secret || open) || (!v.secret && projector);
    card.progress.hidden = !open;
    if (open) {
      const voted = Number(v.voted) || 0;
      const eligible = Number(v.eligible) || 0;
      card.progress.dataset.voted = String(voted);
      card.progress.dataset.eligible = String(eligible);
      card.progressText.textContent = t('vote.progress', { voted, eligible });
      card.progressFill.style.width = `${eligible ? Math.min(100, (100 * voted) / eligible) : 0}%`;
    }
    renderCountdown();
    if (open && v.closesAt) ticker = setInterval(renderCountdown, TICK_MS);
    renderBallot(v);

    if (ballotError && ballotError !== shownError) showError(card.error, ballotError, OVERRIDES);
    if (!ballotError && shownError) clearError(card.error);
    shownError = ballotError;
    if (ballotError) card.error.hidden = projector;

    const closed = v.status === 'closed' && v.result;
    card.result.hidden = !closed || folded;
    const rk = closed ? `${v.id}|${currentLanguage()}` : null;
    if (rk !== resultKey) {
      resultKey = rk;
      card.result.replaceChildren(...(closed ? buildResult(v) : []));
    }
    card.cancelled.hidden = v.status !== 'cancelled' || folded;
    if (v.status === 'cancelled') card.cancelled.textContent = t('vote.cancelled', { reason: v.cancelReason || '' });
    card.summary.hidden = !folded;
    if (folded) {
      card.summary.textContent = v.status === 'cancelled' ? t('vote.cancelledShort')
        : `${t('vote.result')}: ${t(v.result && v.result.passed ? 'vote.passed' : 'vote.notPassed')}`;
    }
    card.toggle.hidden = projector || open;
    card.toggle.textContent = t(folded ? 'vote.showDetails' : 'vote.hideDetails');
    card.toggle.setAttribute('aria-expanded', String(!folded));
  }

  /** A new vote, or the vote's status changed (not a "voted" change). */
  function voteChanged(before, next) {
    if (!next) {
      pending = null;
      mine = null;
      mineFor = null;
      ballotError = null;
      return;
    }
    if (!before || before.id !== next.id) {
      mine = null;
      mineFor = null;
      picked = [];
      confirming = false;
      changing = false;
      ballotError = null;
      failures = 0;
      if (pending && pending.voteId !== next.id) pending = null;
      if (!projector) unstoreOthers(next.id);
    }
    if (next.status !== 'open') {
      picked = [];
      confirming = false;
      changing = false;
      const closedAt = Date.parse(next.closedAt || next.openedAt || '') || 0;
      expanded = (before && before.id === next.id) || serverNow() - closedAt < FRESH_RESULT_MS;
      autoFold = expanded;
      sceneAtClose = scene();
    }
    if (projector) return;
    if (!pending && next.status !== 'cancelled') {
      // A ballot this device kept but never heard back about (a reload, a lost answer): send it again.
      pending = readStored(next.id);
      if (pending) send();
    } else if (next.status === 'cancelled' && !inflight) {
      pending = null;
      unstore(next.id);
    }
    maybeLoadMine(Math.random() * MINE_SPREAD_MS);
  }

  card.toggle.addEventListener('click', () => {
    expanded = !expanded;
    autoFold = false;
    render();
  });

  /* ---------- the chair's panel ---------- */

  const panel = !projector && roles.has('chair') ? initPanel() : null;

  function initPanel() {
    const el = {
      section: $('#live-votes'),
      error: $('#vote-admin-error'),
      open: $('#vote-admin-open'),
      question: $('#vote-admin-question'),
      progress: $('#vote-admin-progress'),
      tally: $('#vote-admin-tally'),
      secret: $('#vote-admin-secret'),
      close: $('#vote-close'),
      cancel: $('#vote-cancel'),
      cancelForm: $('#vote-cancel-form'),
      reason: $('#vote-cancel-reason'),
      cancelBack: $('#vote-cancel-back'),
      drafts: $('#vote-drafts'),
      newButton: $('#vote-new'),
      form: $('#vote-form'),
      q: $('#vote-question-input'),
      kindChoice: $('#vote-kind-choice'),
      choiceFields: $('#vote-choice-fields'),
      options: $('#vote-options-input'),
      max: $('#vote-max-input'),
      secretRadio: $('#vote-method-secret'),
      rule: $('#vote-rule-input'),
      ruleHelp: $('#vote-rule-help'),
      quorum: $('#vote-quorum-input'),
      change: $('#vote-change-input'),
      tie: $('#vote-tie-input'),
      secretLimits: $('#vote-secret-limits'),
      countdown: $('#vote-countdown-input'),
      itemField: $('#vote-item-field'),
      item: $('#vote-item-input'),
      itemLabel: $('#vote-item-label'),
      formError: $('#vote-form-error'),
      saveOpen: $('#vote-save-open'),
      save: $('#vote-save'),
      formCancel: $('#vote-form-cancel'),
      historyHeading: $('#vote-history-heading'),
      history: $('#vote-history'),
    };
    let votes = [];
    let canManage = false;
    let listLoading = null;
    let listAgain = false;
    let busy = false;
    let tally = null;
    let tallyFor = null;
    let tallyAsked = ''; // "<id>:<voted>" last asked for
    let tallyTimer = null;
    let tallyPoll = null;
    let lastTallyAt = 0;
    let items = null; // agenda items, for the current item's title in the form
    let itemsFor = null; // the current item they were fetched for
    let itemsLoading = false;
    let listKey = null; // what the drafts and past votes were last drawn from
    let tallyKey = null;

    function loadList() {
      if (listLoading) {
        listAgain = true;
        return;
      }
      listLoading = get(`${base}/votes`).then((data) => {
        canManage = Boolean(data.can && data.can.manage);
        votes = Array.isArray(data.votes) ? data.votes : [];
      }).catch((e) => showError(el.error, e, OVERRIDES)).finally(() => {
        listLoading = null;
        if (listAgain) {
          listAgain = false;
          loadList();
        }
        renderPanel();
      });
    }

    function loadItems(itemId) {
      if (itemsLoading) return;
      itemsLoading = true;
      itemsFor = itemId;
      get(`${base}/agenda`).then((data) => {
        items = Array.isArray(data.items) ? data.items : [];
      }).catch(() => {
        items = items || [];
      }).finally(() => {
        itemsLoading = false;
        renderForm();
      });
    }

    const openVote = () => (vote && vote.status === 'open' ? vote : null);

    function scheduleTally(again = false) {
      const v = openVote();
      if (!v || v.secret) return;
      const asked = `${v.id}:${v.voted}`;
      if ((asked === tallyAsked && !again) || tallyTimer) return;
      tallyTimer = setTimeout(async () => {
        tallyTimer = null;
        const now = openVote();
        if (!now || now.secret) return;
        tallyAsked = `${now.id}:${now.voted}`;
        lastTallyAt = Date.now();
        try {
          const data = await get(voteUrl(now.id));
          if (openVote() && openVote().id === now.id && Array.isArray(data.tally)) {
            tally = data.tally;
            tallyFor = now.id;
          }
        } catch {
          tallyAsked = ''; // asked again with the next change
        }
        renderPanel();
        scheduleTally(); // "voted" moved on meanwhile
      }, Math.max(0, lastTallyAt + TALLY_MIN_MS - Date.now()));
    }

    function refusal(e) {
      // The server's figures when the error carries them ("details"), else the live state's (the same count).
      const a = (e && e.details && e.details.members != null ? e.details : null) || (run && run.attendance);
      const extra = e && e.code === 'quorum_not_met' && a
        ? () => ` ${t('vote.quorumFigures', { present: a.membersPresent, members: a.members, required: a.required })}` : () => '';
      showText(el.error, () => errorText(e, OVERRIDES) + extra());
      el.error.dataset.code = (e && e.code) || 'unknown';
    }

    async function act(fn) {
      if (busy) return false;
      busy = true;
      clearError(el.error);
      renderPanel();
      try {
        await fn();
        return true;
      } catch (e) {
        if (!e.redirecting) refusal(e);
        return false;
      } finally {
        busy = false;
        loadList();
        renderPanel();
      }
    }

    function describe(v) {
      const bits = [t(v.secret ? 'vote.secret' : 'vote.named'), t(`vote.rule.${v.rule}`)];
      if (v.kind === 'choice') bits.push((v.options || []).join(' / '));
      if (v.countdownSeconds) bits.push(clock(v.countdownSeconds * 1000));
      return bits.join(' · ');
    }

    function renderPanel() {
      el.section.hidden = !canManage;
      if (!canManage) return;
      const v = openVote();
      el.open.hidden = !v;
      if (v) {
        el.open.dataset.voteId = String(v.id);
        el.question.textContent = v.question;
        el.progress.textContent = t('vote.progress', { voted: v.voted || 0, eligible: v.eligible || 0 });
        el.progress.dataset.voted = String(v.voted || 0);
        el.progress.dataset.eligible = String(v.eligible || 0);
        el.secret.hidden = !v.secret;
        const counts = !v.secret && tallyFor === v.id ? tally : null;
        el.tally.hidden = !counts;
        const tk = counts ? `${v.id}|${counts.join(',')}|${currentLanguage()}` : null;
        if (counts && tk !== tallyKey) {
          el.tally.replaceChildren(h('p', { className: 'vote-admin-tally-heading', text: t('vote.tally') }),
            h('ul', {}, (v.options || []).map((label, i) => h('li', {
              className: tone(v, i), testid: `vote-tally-${i}`, dataset: { count: String(counts[i] || 0) },
            }, h('span', { text: label }), h('strong', { text: String(counts[i] || 0) })))));
        }
        tallyKey = tk;
        el.close.disabled = busy;
        el.cancel.disabled = busy;
      } else {
        el.cancelForm.hidden = true;
      }
      el.saveOpen.disabled = busy;
      el.save.disabled = busy;
      renderForm();
      // Drawn again only when something in them changed: a live message must not take a button from under a finger.
      const lk = JSON.stringify([votes.map((d) => [d.id, d.status, d.question, d.result && d.result.passed]), busy, Boolean(v), currentLanguage()]);
      if (lk === listKey) return;
      listKey = lk;
      const drafts = votes.filter((d) => d.status === 'draft');
      el.drafts.replaceChildren(...(drafts.length ? drafts.map((d) => h('li', { className: 'vote-draft', testid: `vote-draft-${d.id}` },
        h('p', { className: 'vote-draft-question', text: d.question }),
        h('p', { className: 'vote-draft-facts muted', text: describe(d) }),
        h('div', { className: 'vote-admin-actions' },
          h('button', {
            className: 'button button-primary', testid: `vote-open-${d.id}`, text: t('vote.open'),
            attrs: { type: 'button', disabled: busy || Boolean(v) }, on: { click: () => act(() => post(`${voteUrl(d.id)}/open`, {})) },
          }),
          h('button', {
            className: 'button button-danger', testid: `vote-delete-${d.id}`, text: t('vote.delete'),
            attrs: { type: 'button', disabled: busy },
            on: { click: () => { if (window.confirm(t('vote.deleteConfirm'))) act(() => del(voteUrl(d.id))); } },
          })))) : [h('li', { className: 'empty', text: t('vote.noDrafts') })]));
      const past = votes.filter((d) => d.status === 'closed' || d.status === 'cancelled').reverse();
      el.historyHeading.hidden = !past.length;
      el.history.hidden = !past.length;
      el.history.replaceChildren(...past.map((d) => h('li', {
        className: 'vote-past', testid: `vote-past-${d.id}`,
        dataset: { status: d.status, passed: String(Boolean(d.result && d.result.passed)) },
      }, h('span', { className: 'vote-past-question', text: d.question }),
      h('span', {
        className: `badge ${d.status === 'cancelled' ? '' : d.result && d.result.passed ? 'badge-ok' : 'badge-off'}`,
        text: d.status === 'cancelled' ? t('vote.cancelledShort') : t(d.result && d.result.passed ? 'vote.passed' : 'vote.notPassed'),
      }))));
    }

    function renderForm() {
      const choice = el.kindChoice.checked;
      el.choiceFields.hidden = !choice;
      const secret = el.secretRadio.checked;
      for (const box of [el.change, el.tie]) {
        box.disabled = secret;
        if (secret) box.checked = false;
      }
      el.secretLimits.hidden = !secret;
      el.ruleHelp.textContent = t(`vote.ruleHelp.${el.rule.value}`);
      const itemId = run ? run.itemId : null;
      el.itemField.hidden = itemId == null;
      if (itemId != null) {
        const item = items && items.find((i) => i.id === itemId);
        el.itemLabel.textContent = item ? t('vote.form.item', { title: item.title }) : t('vote.form.itemCurrent');
        if (!el.form.hidden && !item && itemsFor !== itemId) loadItems(itemId);
      }
    }

    function formProblem(key, field) {
      const err = new Error(key);
      err.key = key;
      err.field = field;
      return err;
    }

    function formBody() {
      const question = el.q.value.trim();
      if (!question) throw formProblem('vote.form.questionNeeded', el.q);
      const secret = el.secretRadio.checked;
      const body = {
        question,
        kind: el.kindChoice.checked ? 'choice' : 'yes_no',
        secret,
        rule: el.rule.value,
        quorumRequired: el.quorum.checked,
        allowChange: !secret && el.change.checked,
        chairBreaksTie: !secret && el.tie.checked,
      };
      if (body.kind === 'choice') {
        const options = el.options.value.split('\n').map((s) => s.trim()).filter(Boolean);
        if (options.length < 2 || options.length > 20) throw formProblem('vote.form.optionsNeeded', el.options);
        const max = Number(el.max.value || 1);
        if (!Number.isInteger(max) || max < 1 || max > options.length) throw formProblem('vote.form.maxNeeded', el.max);
        body.options = options;
        body.maxChoices = max;
      }
      const seconds = el.countdown.value.trim();
      if (seconds) {
        const n = Number(seconds);
        if (!Number.isInteger(n) || n < 10 || n > 86400) throw formProblem('vote.form.countdownNeeded', el.countdown);
        body.countdownSeconds = n;
      }
      if (run && run.itemId != null && el.item.checked) body.itemId = run.itemId;
      return body;
    }

    function resetForm() {
      el.form.reset();
      el.form.hidden = true;
      el.newButton.hidden = false;
      el.newButton.setAttribute('aria-expanded', 'false');
      clearError(el.formError);
      renderForm();
    }

    async function create(andOpen) {
      clearError(el.formError);
      let body;
      try {
        body = formBody();
      } catch (problem) {
        showText(el.formError, () => t(problem.key));
        if (problem.field) problem.field.focus();
        return;
      }
      if (busy) return;
      busy = true;
      renderPanel();
      let created = null;
      try {
        created = (await post(`${base}/votes`, body)).vote;
      } catch (e) {
        if (!e.redirecting) showError(el.formError, e, OVERRIDES);
      } finally {
        busy = false;
      }
      if (!created) {
        renderPanel();
        return;
      }
      resetForm();
      if (andOpen) await act(() => post(`${voteUrl(created.id)}/open`, {}));
      else loadList();
      renderPanel();
    }

    el.newButton.addEventListener('click', () => {
      el.form.hidden = false;
      el.newButton.hidden = true;
      el.newButton.setAttribute('aria-expanded', 'true');
      renderForm();
      el.q.focus();
    });
    el.formCancel.addEventListener('click', resetForm);
    el.form.addEventListener('change', renderForm);
    el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      create(true);
    });
    el.save.addEventListener('click', () => create(false));
    el.close.addEventListener('click', () => {
      const v = openVote();
      if (v) act(() => post(`${voteUrl(v.id)}/close`, {}));
    });
    el.cancel.addEventListener('click', () => {
      el.cancelForm.hidden = false;
      el.reason.focus();
    });
    el.cancelBack.addEventListener('click', () => {
      el.cancelForm.hidden = true;
      el.reason.value = '';
    });
    el.cancelForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const v = openVote();
      const reason = el.reason.value.trim();
      if (!v) return;
      if (!reason) {
        showText(el.error, () => t('vote.reasonNeeded'));
        el.reason.focus();
        return;
      }
      if (await act(() => post(`${voteUrl(v.id)}/cancel`, { reason }))) {
        el.cancelForm.hidden = true;
        el.reason.value = '';
      }
    });

    loadList();

    return {
      voteChanged() {
        tally = null;
        tallyFor = null;
        tallyAsked = '';
        loadList();
      },
      update() {
        scheduleTally();
        const v = openVote();
        const poll = Boolean(v && !v.secret && v.allowChange);
        if (poll && !tallyPoll) tallyPoll = setInterval(() => scheduleTally(true), TALLY_POLL_MS);
        if (!poll && tallyPoll) {
          clearInterval(tallyPoll);
          tallyPoll = null;
        }
        renderPanel();
      },
    };
  }

  /* ---------- the live state ---------- */

  function render() {
    renderCard();
    if (panel) panel.update();
  }

  let busHooked = false;

  function hookConnection() {
    if (busHooked || projector) return;
    const b = typeof bus === 'function' ? bus() : bus;
    if (!b) return;
    busHooked = true;
    b.onOpen(resendNow);
    window.addEventListener('online', resendNow);
  }

  onLanguageChange(() => {
    ballotKey = null;
    resultKey = null;
    shownError = null;
    render();
  });

  return {
    /** The newest live state; clockSkew = the server's clock − this device's (from the message's "now"). */
    update(state, clockSkew) {
      if (!state || !state.meeting) return;
      hookConnection();
      live = state;
      run = state.meeting;
      skew = Number(clockSkew) || 0;
      const before = vote;
      const next = run.vote && SHOWN.has(run.vote.status) ? run.vote : null;
      vote = next;
      const k = next ? `${next.id}:${next.status}` : '';
      if (k !== voteKey) {
        voteKey = k;
        voteChanged(before, next);
        if (panel) panel.voteChanged();
      }
      // The result folds away once the meeting moves on (next item, another page).
      if (vote && vote.status !== 'open' && autoFold && expanded && scene() !== sceneAtClose) {
        expanded = false;
        autoFold = false;
      }
      if (pending && !inflight && unreachable && Date.now() - lastAttempt >= RESEND_GAP_MS) send();
      render();
    },
  };
}
