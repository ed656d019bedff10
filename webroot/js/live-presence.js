// Who is connected to the live room (section #live-presence), for the chair, the presenter and the
// secretary: one row per person with the device kind and whether they follow the presenter. The
// subscription to meeting.<id>.presence is made only while I may watch (a refused REGISTER counts
// against the socket), and dropped when I no longer may (the presenter role handed over).
import { t, onLanguageChange } from './i18n.js';
import { $, h } from './ui.js';
import { addresses } from './bus.js';

export function initPresence({ meetingId, bus, me, mayWatch, onDetached, onUnauthorized }) {
  const el = {
    section: $('#live-presence'),
    count: $('#live-presence-count'),
    detached: $('#live-presence-detached'),
    list: $('#live-presence-list'),
  };
  let unsubscribe = null;
  let last = null;
  let refused = false; // refused once: not asked again until my right changes

  function render() {
    if (!last) return;
    const people = Array.isArray(last.connected) ? last.connected : [];
    const detached = Number(last.detached) || 0;
    el.count.textContent = `(${t('live.presence.count', { count: people.length })})`;
    el.detached.textContent = t('live.presence.detached', { count: detached });
    el.detached.dataset.count = String(detached);
    const mine = me();
    const rows = people.map((p) => {
      const device = ['phone', 'laptop', 'projector'].includes(p.device) ? p.device : 'laptop';
      return h('li', {
        className: `live-person${p.following ? '' : ' is-detached'}`,
        testid: `presence-${p.userId}`,
        dataset: { userId: String(p.userId), device, following: String(Boolean(p.following)) },
      },
      h('span', { className: 'live-person-name' }, p.name || '',
        mine && p.userId === mine.id ? h('span', { className: 'muted', text: ` ${t('meeting.you')}` }) : null),
      h('span', { className: `badge live-device device-${device}`, text: t(`live.device.${device}`) }),
      h('span', { className: `live-following${p.following ? '' : ' is-off'}`, text: t(p.following ? 'live.following' : 'live.browsing') }));
    });
    el.list.replaceChildren(...(rows.length ? rows : [h('li', { className: 'empty', text: t('live.presence.none') })]));
  }

  function onMessage(body) {
    if (!body) return;
    last = body;
    el.section.hidden = false;
    render();
    onDetached(Number(body.detached) || 0);
  }

  function stop() {
    if (unsubscribe) unsubscribe();
    unsubscribe = null;
    last = null;
    el.section.hidden = true;
    el.list.replaceChildren();
    onDetached(0);
  }

  onLanguageChange(render);

  return {
    /** Subscribes or unsubscribes as my right to watch changes (called at every render). */
    update() {
      const want = mayWatch();
      if (!want) refused = false;
      if (want && !unsubscribe && !refused) {
        unsubscribe = bus.subscribe(addresses.presence(meetingId), onMessage, (err) => {
          console.warn('presence refused', err);
          refused = true;
          stop();
          if (err && err.failureCode === 401 && onUnauthorized) onUnauthorized();
        });
      } else if (!want && unsubscribe) {
        stop();
      }
    },
  };
}
