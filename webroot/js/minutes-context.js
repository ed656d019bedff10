// "Chèn thông tin hiện tại": the secretary's one tap that writes where the meeting is now —
// "[09:05] Nội dung 2: <item>; tài liệu <name>, trang 3; <speaker> phát biểu" — taken from the live
// state (meeting.<id>.live over js/bus.js, as the live room follows it; docs/live-protocol.md).
// Nothing is offered while the connection is not open or nothing is going on.
import { connectBus, addresses, OPEN } from './bus.js';
import { t } from './i18n.js';
import { clock } from './minutes-report.js';

/**
 * Follows the live state. itemOf(itemId) → {position, title} or null (from the minutes' report);
 * onChange() after every message or connection change; onAgendaVersion(version) when the agenda changed.
 * Returns { text() → the context line or null, stop() }.
 */
export function followContext({ meetingId, itemOf, onChange, onAgendaVersion }) {
  let bus;
  try {
    bus = connectBus('/eventbus');
  } catch (e) {
    console.warn('minutes: no live connection', e);
    return { text: () => null, stop() {} };
  }
  let live = null;
  let seq = -1;
  let skew = 0; // server clock − this device's clock
  let agendaVersion = null;

  const offState = bus.onState(() => onChange());
  const unsubscribe = bus.subscribe(addresses.live(meetingId), (body) => {
    if (!body || typeof body.seq !== 'number' || !body.state) return;
    if (!body.snapshot && body.seq <= seq) return;
    seq = body.seq;
    live = body.state;
    if (typeof body.now === 'number') skew = body.now - Date.now();
    const version = live.meeting ? live.meeting.agendaVersion : null;
    if (agendaVersion !== null && version !== agendaVersion && onAgendaVersion) onAgendaVersion(version);
    agendaVersion = version;
    onChange();
  }, (err) => {
    console.warn('minutes: the live state was refused', err);
    live = null;
    onChange();
  });

  function text() {
    if (bus.state !== OPEN || !live) return null;
    const run = live.meeting || {};
    const parts = [];
    const item = run.itemId != null ? itemOf(run.itemId) : null;
    if (item) parts.push(t('minutes.item', { n: item.position, title: item.title }));
    if (live.documentId != null && live.documentName) {
      parts.push(t('minutes.context.document', { name: live.documentName, page: live.page || 1 }));
    }
    if (run.speaker && run.speaker.name) parts.push(t('minutes.context.speaker', { name: run.speaker.name }));
    if (!parts.length) return null;
    return `[${clock(new Date(Date.now() + skew))}] ${parts.join('; ')}`;
  }

  return {
    text,
    stop() {
      unsubscribe();
      offState();
    },
  };
}
