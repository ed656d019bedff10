// Where the meeting is, in the live room (docs/running-a-meeting.md): the run bar above the stage
// (current agenda item, its timer planned vs elapsed, who has the floor) for everybody including the
// projector; the agenda with the current item highlighted and each item's documents one tap away;
// requests to speak; and for the chair the controls (start, previous / next / any item, pause the
// timer, give the floor, end) with the quorum. Everything shown comes from the live state
// (state.meeting); the agenda itself is fetched again whenever its version changes.
import { get, post, del, showError, clearError } from './api.js';
import { t, onLanguageChange } from './i18n.js';
import { $, h } from './ui.js';

const TICK_MS = 1000;

/** 754000 → "12:34", 4000000 → "1:06:40". */
export function clock(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export function initAgenda({ meetingId, meeting, me, projector, isPresenter, present }) {
  const can = meeting.can || {};
  const base = `/api/meetings/${encodeURIComponent(meetingId)}`;
  const el = {
    bar: $('#run-bar'),
    item: $('#run-item'),
    timer: $('#run-timer'),
    speaker: $('#run-speaker'),
    section: $('#live-agenda'),
    status: $('#agenda-status'),
    list: $('#agenda-list'),
    chair: $('#run-controls'),
    start: $('#run-start'),
    prev: $('#run-prev'),
    next: $('#run-next'),
    withDocument: $('#run-present'),
    pause: $('#run-pause'),
    end: $('#run-end'),
    quorum: $('#run-quorum'),
    error: $('#run-error'),
    speakers: $('#live-speakers'),
    ask: $('#speak-request'),
    queue: $('#speak-queue'),
    endTurn: $('#speak-end'),
  };
  let items = [];
  let version = -1;
  let wantedVersion = 0;
  let loading = null;
  let run = null; // state.meeting of the newest live message
  let skew = 0; // server clock − this device's clock
  let ticker = null;

  const running = () => Boolean(run && run.status === 'in_progress');
  const currentItem = () => (run && run.itemId != null ? items.find((i) => i.id === run.itemId) : null);
  const mine = () => me();

  function elapsed() {
    if (!run || run.itemId == null) return 0;
    const since = run.itemRunningSince ? Date.parse(run.itemRunningSince) : null;
    return (Number(run.itemElapsedMs) || 0) + (since ? Math.max(0, Date.now() + skew - since) : 0);
  }

  function loadAgenda() {
    if (loading) return;
    loading = get(`${base}/agenda`).then((data) => {
      items = Array.isArray(data.items) ? data.items : [];
      version = Number(data.version);
      render();
    }).catch((e) => showError(el.error, e)).finally(() => {
      loading = null;
      if (wantedVersion > version) loadAgenda(); // changed again meanwhile
    });
  }

  /* ---------- rendering ---------- */

  function renderBar() {
    const item = currentItem();
    el.bar.hidden = !running() || !item;
    el.bar.dataset.status = run ? run.status : '';
    if (el.bar.hidden) return;
    el.item.textContent = t('run.itemOf', { n: item.position, count: items.length, title: item.title });
    el.bar.dataset.itemId = String(item.id);
    const speaker = run.speaker;
    el.speaker.hidden = !speaker;
    el.speaker.textContent = speaker ? t('run.speaking', { name: speaker.name }) : '';
    renderTimer();
  }

  function renderTimer() {
    const item = currentItem();
    if (!item || el.bar.hidden) return;
    const spent = elapsed();
    const planned = (Number(item.plannedMinutes) || 0) * 60000;
    const over = planned > 0 && spent > planned;
    el.timer.textContent = planned > 0
      ? (over ? t('run.over', { spent: clock(spent), over: clock(spent - planned) }) : `${clock(spent)} / ${clock(planned)}`)
      : clock(spent);
    el.timer.dataset.elapsedMs = String(Math.floor(spent));
    el.timer.dataset.over = String(over);
    el.timer.dataset.paused = String(!run.itemRunningSince);
    el.bar.classList.toggle('is-over', over);
    el.bar.classList.toggle('is-paused', !run.itemRunningSince);
    if (!run.itemRunningSince) el.timer.append(` · ${t('run.paused')}`);
  }

  function documentLink(item, d) {
    const label = [d.name, d.classified ? ` · ${t('docs.classified')}` : ''].join('');
    if (isPresenter() && d.status === 'ready') {
      return h('button', {
        className: 'agenda-doc', testid: `agenda-doc-${d.id}`, text: label,
        attrs: { type: 'button', title: t('run.presentDoc') },
        on: { click: () => present(d.id) },
      });
    }
    if (d.classified) return h('span', { className: 'agenda-doc is-classified', testid: `agenda-doc-${d.id}`, text: label });
    return h('a', {
      className: 'agenda-doc', testid: `agenda-doc-${d.id}`, text: label,
      attrs: { href: `meeting.html?id=${encodeURIComponent(meetingId)}&doc=${encodeURIComponent(d.id)}` },
    });
  }

  function renderList() {
    const current = currentItem();
    el.status.textContent = t(`run.status.${run ? run.status : 'draft'}`);
    el.status.dataset.status = run ? run.status : '';
    const rows = items.map((item) => {
      const isCurrent = current && current.id === item.id;
      const facts = [item.presenterName, item.plannedMinutes ? t('run.minutes', { n: item.plannedMinutes }) : null]
        .filter(Boolean).join(' · ');
      return h('li', {
        className: `agenda-item${isCurrent ? ' is-current' : ''}${item.endedAt && !isCurrent ? ' is-done' : ''}`,
        testid: `agenda-item-${item.id}`,
        dataset: { itemId: String(item.id) },
        attrs: isCurrent ? { 'aria-current': 'step' } : {},
      },
      h('span', { className: 'agenda-number', text: item.position, attrs: { 'aria-hidden': 'true' } }),
      h('div', { className: 'agenda-body' },
        h('p', { className: 'agenda-title', text: item.title }),
        facts ? h('p', { className: 'agenda-facts muted', text: facts }) : null,
        item.documents && item.documents.length
          ? h('div', { className: 'agenda-docs' }, item.documents.map((d) => documentLink(item, d))) : null,
        can.run && running() && !isCurrent ? h('button', {
          className: 'button button-secondary agenda-go', testid: `agenda-go-${item.id}`, text: t('run.goTo'),
          attrs: { type: 'button' }, on: { click: () => command(`${base}/agenda/current`, { itemId: item.id, present: el.withDocument.checked }) },
        }) : null));
    });
    el.list.replaceChildren(...(rows.length ? rows : [h('li', { className: 'empty', text: t('run.emptyAgenda') })]));
  }

  function renderChair() {
    el.chair.hidden = projector || !can.run;
    if (el.chair.hidden) return;
    const status = run ? run.status : 'draft';
    el.start.hidden = status === 'in_progress' || status === 'ended';
    el.end.hidden = status !== 'in_progress';
    const index = currentItem() ? items.indexOf(currentItem()) : -1;
    for (const b of [el.prev, el.next, el.pause]) b.hidden = status !== 'in_progress';
    el.withDocument.closest('label').hidden = status !== 'in_progress';
    el.prev.disabled = index <= 0;
    el.next.disabled = index >= items.length - 1;
    el.pause.disabled = !currentItem();
    const paused = Boolean(run && !run.itemRunningSince);
    el.pause.textContent = t(paused ? 'run.resume' : 'run.pause');
    el.pause.setAttribute('aria-pressed', String(paused));
    const a = run && run.attendance;
    el.quorum.hidden = !a;
    if (a) {
      el.quorum.textContent = t(a.met ? 'run.quorumMet' : 'run.quorumNotMet',
        { present: a.membersPresent, members: a.members, required: a.required });
      el.quorum.dataset.met = String(Boolean(a.met));
    }
  }

  function renderSpeakers() {
    const queue = (run && Array.isArray(run.queue)) ? run.queue : [];
    const speaker = run && run.speaker;
    el.speakers.hidden = projector || !running();
    if (el.speakers.hidden) return;
    const me_ = mine();
    const waiting = me_ && queue.some((q) => q.userId === me_.id);
    const speaking = me_ && speaker && speaker.userId === me_.id;
    el.ask.hidden = !can.requestFloor;
    el.ask.disabled = Boolean(speaking);
    el.ask.textContent = t(speaking ? 'speak.youSpeak' : waiting ? 'speak.withdraw' : 'speak.request');
    el.ask.dataset.state = speaking ? 'speaking' : waiting ? 'waiting' : 'idle';
    el.ask.setAttribute('aria-pressed', String(Boolean(waiting)));
    el.endTurn.hidden = !can.run || !speaker;
    const rows = [];
    if (speaker) {
      rows.push(h('li', { className: 'speaker is-speaking', testid: `speaker-${speaker.userId}`, dataset: { state: 'speaking' } },
        h('span', { className: 'speaker-name', text: speaker.name }),
        h('span', { className: 'badge', text: t('speak.now') })));
    }
    queue.forEach((q, i) => rows.push(h('li', { className: 'speaker', testid: `speaker-${q.userId}`, dataset: { state: 'waiting' } },
      h('span', { className: 'speaker-name', text: `${i + 1}. ${q.name}` }),
      can.run ? h('button', {
        className: 'button button-primary speaker-floor', testid: `speaker-floor-${q.userId}`, text: t('speak.giveFloor'),
        attrs: { type: 'button' }, on: { click: () => command(`${base}/speakers/${q.id}/floor`, {}) },
      }) : null)));
    el.queue.replaceChildren(...(rows.length ? rows : [h('li', { className: 'empty', text: t('speak.none') })]));
  }

  function render() {
    el.section.hidden = projector;
    renderBar();
    renderList();
    renderChair();
    renderSpeakers();
    clearInterval(ticker);
    ticker = running() && run.itemRunningSince ? setInterval(renderTimer, TICK_MS) : null;
  }

  /* ---------- actions ---------- */

  async function command(path, body, method = post) {
    clearError(el.error);
    try {
      await (method === del ? del(path) : method(path, body));
    } catch (e) {
      showError(el.error, e);
    }
  }

  function wire() {
    el.start.addEventListener('click', () => command(`${base}/start`, {}));
    el.prev.addEventListener('click', () => command(`${base}/agenda/current`, { step: -1, present: el.withDocument.checked }));
    el.next.addEventListener('click', () => command(`${base}/agenda/current`, { step: 1, present: el.withDocument.checked }));
    el.pause.addEventListener('click', () => command(`${base}/timer`, { running: !run.itemRunningSince }));
    el.end.addEventListener('click', () => {
      if (window.confirm(t('run.endConfirm'))) command(`${base}/end`, {});
    });
    el.ask.addEventListener('click', () => {
      if (el.ask.dataset.state === 'waiting') command(`${base}/speakers/mine`, null, del);
      else command(`${base}/speakers`, {});
    });
    el.endTurn.addEventListener('click', () => command(`${base}/speakers/end`, {}));
    onLanguageChange(render);
  }

  wire();
  loadAgenda();

  return {
    /** The newest live state; clockSkew = the server's clock − this device's (from the message's "now"). */
    update(live, clockSkew) {
      if (!live || !live.meeting) return;
      run = live.meeting;
      skew = Number(clockSkew) || 0;
      wantedVersion = Math.max(wantedVersion, Number(run.agendaVersion) || 0);
      if (wantedVersion > version) loadAgenda();
      render();
    },
  };
}
