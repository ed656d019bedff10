// What the minutes say that nobody types: the meeting's facts, who was there, and per agenda item its
// presenter, documents, speakers and votes (the `report` of GET /api/meetings/N/minutes). Used by the
// secretary's editor (read-only blocks) and by the reading view, the whole biên bản as a page laid out
// like Decree 30/2020 form 1.9 (the PDF's layout, in the page's language).
// Server text goes in through textContent only; the one exception is a field's `html`, which the
// server renders from Markdown with every raw tag escaped (MinutesMarkdown): that, and nothing else,
// is set with innerHTML.
import { currentLanguage, currentLocale, t } from './i18n.js';
import { h } from './ui.js';

/** "08 giờ 00, ngày 05 tháng 3 năm 2025" / "08:00 on 5 March 2025", in this device's time zone. */
export function longWhen(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, '0');
  const monthName = new Intl.DateTimeFormat(currentLocale(), { month: 'long' }).format(d);
  return t('minutes.when', {
    hh: pad(d.getHours()), mm: pad(d.getMinutes()), dd: pad(d.getDate()), d: d.getDate(),
    m: d.getMonth() + 1, monthName, yyyy: d.getFullYear(),
  });
}

/** "09:05". */
export function clock(iso) {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** A short date and time for history rows: "09:05 05/12/2026". */
export function shortWhen(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const day = new Intl.DateTimeFormat(currentLocale(), { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
  return `${clock(d)} ${day}`;
}

export function percentText(value) {
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 2 }).format(Number(value) || 0);
}

const names = (people) => (people || []).map((p) => p.name).join(', ');

function personText(p) {
  let text = p.name;
  if (p.position) text += ` (${p.position})`;
  if (p.how === 'online') text += ` – ${t('minutes.online')}`;
  return text;
}

function absentText(p) {
  const why = p.status == null ? t('minutes.notCheckedIn') : (p.reason || '').trim() || t('minutes.noReason');
  return `${p.name} (${why})`;
}

/** "Nội dung 2: title". */
export function itemHeading(item) {
  return t('minutes.item', { n: item.position, title: item.title });
}

/** The meeting's start, or its planned start while it has not started. */
function startText(meeting) {
  if (meeting.startedAt) return longWhen(meeting.startedAt);
  return t('minutes.planned', { time: longWhen(meeting.startsAt) });
}

/** The header's facts as a list of label / value rows (the editor shows them read-only). */
export function factsList(report) {
  const m = report.meeting || {};
  const rows = [];
  const row = (key, value, testid) => {
    if (value === null || value === undefined || value === '') return;
    rows.push(h('div', { className: 'fact', testid },
      h('dt', { text: t(key) }), h('dd', {}, value)));
  };
  row('minutes.org', [m.orgParent, m.orgName].filter(Boolean).join(' – '), 'minutes-fact-org');
  row('minutes.meeting', m.title, 'minutes-fact-title');
  row('minutes.time', m.endedAt
    ? t('minutes.timeRange', { start: startText(m), end: longWhen(m.endedAt) })
    : startText(m), 'minutes-fact-time');
  row('minutes.place', m.location, 'minutes-fact-place');
  row('minutes.chair', names(report.chairs) || t('minutes.none'), 'minutes-fact-chair');
  row('minutes.secretary', names(report.secretaries) || t('minutes.none'), 'minutes-fact-secretary');
  const present = report.present || [];
  const absent = report.absent || [];
  row('minutes.present', h('span', {},
    h('strong', { text: t('minutes.presentCount', {
      present: present.length, total: present.length + absent.length,
      membersPresent: report.membersPresent ?? 0, members: report.members ?? 0,
    }) }),
    present.length ? h('ul', { className: 'people' }, present.map((p) => h('li', { text: personText(p) }))) : null),
  'minutes-fact-present');
  row('minutes.absent', absent.length
    ? h('ul', { className: 'people' }, absent.map((p) => h('li', { text: absentText(p) })))
    : t('minutes.none'), 'minutes-fact-absent');
  if ((report.guests || []).length) {
    row('minutes.guests', h('ul', { className: 'people' }, report.guests.map((p) => h('li', { text: personText(p) }))),
      'minutes-fact-guests');
  }
  return h('dl', { className: 'minutes-facts' }, rows);
}

/** A closed (or cancelled) vote: question, method, figures, every option with count and percent, the outcome. */
export function voteBlock(vote) {
  const box = h('div', { className: 'minutes-vote', testid: `minutes-vote-${vote.id}`, dataset: { status: vote.status || '' } },
    h('p', { className: 'vote-question' }, h('strong', { text: t('minutes.voteQuestion', { question: vote.question }) })));
  const r = vote.result;
  if (vote.status === 'cancelled' || !r) {
    box.append(h('p', { className: 'muted', text: t('vote.cancelled', { reason: vote.cancelReason || '' }) }));
    return box;
  }
  box.append(h('p', { text: `${t('minutes.voteMethod', { method: t(vote.secret ? 'vote.secret' : 'vote.named') })} ${
    t('minutes.voteTotals', { members: r.membersTotal ?? 0, present: r.membersPresent ?? 0, cast: r.cast ?? 0 })}` }));
  box.append(h('ul', { className: 'vote-options' }, (r.options || []).map((o, i) => h('li', {
    testid: `minutes-vote-${vote.id}-option-${i}`,
    className: o.chosen ? 'is-chosen' : '',
    dataset: { count: String(o.count), percent: String(o.percentOfMembers) },
    text: t('minutes.voteOption', { label: o.label, count: o.count, percent: percentText(o.percentOfMembers) }),
  }))));
  let outcome;
  if (vote.kind === 'choice') {
    const chosen = (r.chosen || []).map((i) => (vote.options || [])[i]).filter((x) => x != null);
    outcome = chosen.length ? t('minutes.voteChosen', { options: chosen.join(', ') }) : t('minutes.voteResult', { result: t('vote.notPassed') });
  } else {
    outcome = t('minutes.voteResult', { result: t(r.passed ? 'vote.passed' : 'vote.notPassed') });
  }
  box.append(h('p', { className: `vote-outcome ${r.passed ? 'is-passed' : 'is-not-passed'}`, dataset: { passed: String(Boolean(r.passed)) } },
    h('strong', { text: outcome })));
  if (r.tieBrokenByChair) box.append(h('p', { className: 'muted', text: t('vote.tieBroken') }));
  return box;
}

/** An agenda item's automatic facts: presenter, documents, speakers (with times), then its votes. */
export function itemFacts(item) {
  const rows = [];
  const row = (key, value) => rows.push(h('div', { className: 'fact' }, h('dt', { text: t(key) }), h('dd', {}, value)));
  if (item.presenter) row('minutes.presenter', item.presenter);
  if ((item.documents || []).length) {
    row('minutes.documents', h('span', {}, item.documents.flatMap((d, i) => [
      i ? '; ' : '', d.name, d.classified ? h('span', { className: 'badge badge-classified', text: t('docs.classified') }) : null,
    ])));
  }
  if ((item.speakers || []).length) {
    row('minutes.speakers', item.speakers.map((s) => (s.startedAt ? `${s.name} (${clock(s.startedAt)})` : s.name)).join(', '));
  }
  const out = [];
  if (rows.length) out.push(h('dl', { className: 'minutes-facts item-facts' }, rows));
  const votes = (item.votes || []);
  if (votes.length) {
    out.push(h('div', { className: 'minutes-votes' }, h('h4', { text: t('minutes.votes') }), votes.map(voteBlock)));
  }
  return out;
}

/** A field's safe html (from the server) in a block, or nothing when the field is empty. */
function html(fields, key, testid) {
  const f = fields[key];
  if (!f || !f.html || !f.html.trim()) return null;
  const div = h('div', { className: 'md', testid });
  div.innerHTML = f.html; // rendered and escaped by the server (MinutesMarkdown); no other innerHTML on this page
  return div;
}

function tasksOf(fields, itemId) {
  const f = fields[`item:${itemId}:tasks`];
  return (f && f.content && Array.isArray(f.content.tasks)) ? f.content.tasks : [];
}

function line(label, value, testid) {
  return h('p', { className: 'doc-line', testid }, h('strong', { text: `${t(label)}: ` }), value);
}

/** The whole biên bản for reading (approved minutes, or a draft for the chair). */
export function renderDocument(container, data) {
  const report = data.report || {};
  const fields = data.fields || {};
  const m = report.meeting || {};
  const draft = (data.state && data.state.status) !== 'approved';
  const numberText = ((fields['general:number'] && fields['general:number'].content && fields['general:number'].content.text) || '').trim();
  const parts = [];

  parts.push(h('div', { className: 'doc-header' },
    h('div', { className: 'doc-org' },
      m.orgParent ? h('p', { className: 'org-parent', text: m.orgParent }) : null,
      m.orgName ? h('p', { className: 'org-name', text: m.orgName }) : null,
      h('p', { id: 'minutes-doc-number', className: 'doc-number', text: t('minutes.numberLine', { number: numberText || '…' }) })),
    h('div', { className: 'doc-nation' },
      h('p', { className: 'nation', text: t('minutes.nation') }),
      h('p', { className: 'motto', text: t('minutes.motto') }))));
  if (draft) parts.push(h('p', { className: 'doc-draft-mark', text: t('minutes.draftMark') }));
  parts.push(h('h2', { className: 'doc-title', text: t('minutes.docTitle') }));
  parts.push(h('p', { className: 'doc-summary', text: t('minutes.summary', { title: m.title || '' }) }));

  parts.push(line('minutes.startLine', startText(m)));
  if (m.location) parts.push(line('minutes.place', m.location));
  parts.push(line('minutes.chair', names(report.chairs) || t('minutes.none')));
  parts.push(line('minutes.secretary', names(report.secretaries) || t('minutes.none')));
  const present = report.present || [];
  parts.push(h('div', { className: 'doc-line', testid: 'minutes-read-present' },
    h('strong', { text: `${t('minutes.present')}: ` }),
    t('minutes.presentMembers', { membersPresent: report.membersPresent ?? 0, members: report.members ?? 0 }),
    present.length ? h('ul', { className: 'people' }, present.map((p) => h('li', { text: personText(p) }))) : null));
  if ((report.absent || []).length) {
    parts.push(h('div', { className: 'doc-line', testid: 'minutes-read-absent' }, h('strong', { text: `${t('minutes.absent')}: ` }),
      h('ul', { className: 'people' }, report.absent.map((p) => h('li', { text: absentText(p) })))));
  }
  if ((report.guests || []).length) {
    parts.push(h('div', { className: 'doc-line' }, h('strong', { text: `${t('minutes.guests')}: ` }),
      h('ul', { className: 'people' }, report.guests.map((p) => h('li', { text: personText(p) })))));
  }

  parts.push(h('h3', { className: 'doc-section', text: t('minutes.contentHeading') }));
  parts.push(html(fields, 'general:opening', 'minutes-read-opening'));
  for (const item of report.agenda || []) {
    const section = h('section', { className: 'doc-item', testid: `minutes-read-item-${item.id}` },
      h('h4', { className: 'doc-item-title', text: itemHeading(item) }));
    if (item.presenter) section.append(line('minutes.presenter', item.presenter));
    if ((item.documents || []).length) {
      section.append(line('minutes.documents',
        item.documents.map((d) => d.name + (d.classified ? ` (${t('docs.classified')})` : '')).join('; ')));
    }
    if ((item.speakers || []).length) section.append(line('minutes.speakers', names(item.speakers)));
    const discussion = html(fields, `item:${item.id}:discussion`, `minutes-read-discussion-${item.id}`);
    if (discussion) section.append(h('p', { className: 'doc-label', text: `${t('minutes.discussion')}:` }), discussion);
    for (const vote of item.votes || []) section.append(voteBlock(vote));
    const conclusion = html(fields, `item:${item.id}:conclusion`, `minutes-read-conclusion-${item.id}`);
    if (conclusion) section.append(h('p', { className: 'doc-label', text: `${t('minutes.conclusion')}:` }), conclusion);
    const tasks = tasksOf(fields, item.id);
    if (tasks.length) {
      section.append(h('p', { className: 'doc-label', text: `${t('minutes.tasks')}:` }),
        h('ul', { className: 'doc-tasks', testid: `minutes-read-tasks-${item.id}` }, tasks.map((task) => h('li', {},
          h('span', { className: 'task-text', text: task.task }),
          task.who ? h('span', { className: 'task-who', text: ` – ${t('minutes.who')}: ${task.who}` }) : null,
          task.deadline ? h('span', { className: 'task-deadline', text: ` – ${t('minutes.deadline')}: ${task.deadline}` }) : null))));
    }
    parts.push(section);
  }
  if ((report.otherVotes || []).length) {
    parts.push(h('section', { className: 'doc-item' }, h('h4', { className: 'doc-item-title', text: t('minutes.otherVotes') }),
      report.otherVotes.map(voteBlock)));
  }
  parts.push(html(fields, 'general:closing', 'minutes-read-closing'));
  parts.push(h('p', { className: 'doc-ended', text: m.endedAt ? t('minutes.ended', { time: longWhen(m.endedAt) }) : t('minutes.notEndedLine') }));

  const sign = (title, people) => h('div', { className: 'doc-sign' },
    h('p', { className: 'sign-title', text: t(title) }),
    h('p', { className: 'sign-hint', text: t('minutes.signHint') }),
    h('p', { className: 'sign-name', text: names(people) }));
  parts.push(h('div', { className: 'doc-signs' }, sign('minutes.secretarySign', report.secretaries), sign('minutes.chairSign', report.chairs)));

  const recipientsText = (fields['general:recipients'] && fields['general:recipients'].content
    && fields['general:recipients'].content.text) || '';
  const lines = recipientsText.split('\n').map((s) => s.trim()).filter(Boolean).map((s) => (s.startsWith('-') ? s : `- ${s}`));
  parts.push(h('div', { className: 'doc-recipients' },
    h('p', { className: 'recipients-head', text: t('minutes.recipientsHead') }),
    h('ul', { id: 'minutes-read-recipients' }, [...lines, t('minutes.archive')].map((s) => h('li', { text: s })))));

  container.replaceChildren(...parts.filter(Boolean));
  container.setAttribute('lang', currentLanguage());
}
