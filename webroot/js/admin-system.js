// The administrator's view of the installation (section #system-section on admin.html): version,
// meetings, people, disk used by documents, connected clients, the last backup; "back up now"; and
// clearing away stored files no document uses any more, after a confirmation on the page.
import { get, post, showError, clearError } from './api.js';
import { formatDateTime, onLanguageChange, t } from './i18n.js';
import { $, h, setBusy } from './ui.js';

/** 1536 → "1,5 KB" in the page's language. */
function bytes(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(n) || 0;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString(document.documentElement.lang || 'vi', { maximumFractionDigits: unit ? 1 : 0 })} ${units[unit]}`;
}

export function initSystem() {
  let status = null;

  function fact(key, value, testid) {
    return h('div', { className: 'system-fact' }, h('dt', { text: t(key) }), h('dd', { testid, text: value }));
  }

  function render() {
    if (!status) return;
    $('#system-facts').replaceChildren(
      fact('admin.system.version', status.version, 'system-version'),
      fact('admin.system.meetings', t('admin.system.meetingsValue', { count: status.meetings, live: status.meetingsInProgress }), 'system-meetings'),
      fact('admin.system.users', String(status.users), 'system-users'),
      fact('admin.system.documents', t('admin.system.documentsValue', { count: status.documents, size: bytes(status.documentsBytes) }), 'system-documents'),
      fact('admin.system.clients', String(status.connectedClients), 'system-clients'),
      fact('admin.system.nodes', String(status.nodes), 'system-nodes'),
      fact('admin.system.lastBackup', status.lastBackup ? formatDateTime(status.lastBackup) : t('admin.system.never'), 'system-last-backup'));
    const unused = Number(status.unusedFiles) || 0;
    $('#system-unused').textContent = unused
      ? t('admin.system.unused', { count: unused, size: bytes(status.unusedBytes) }) : t('admin.system.noUnused');
    $('#system-unused').dataset.count = String(unused);
    $('#system-cleanup').hidden = unused === 0;
  }

  async function load() {
    clearError($('#system-error'));
    try {
      status = await get('/api/admin/status');
      render();
    } catch (e) {
      showError($('#system-error'), e);
    }
  }

  $('#system-refresh').addEventListener('click', load);
  $('#system-backup').addEventListener('click', async () => {
    const button = $('#system-backup');
    setBusy(button, true, 'admin.system.backingUp');
    clearError($('#system-error'));
    try {
      await post('/api/admin/backups', {});
      $('#system-note').textContent = t('admin.system.backedUp');
      $('#system-note').hidden = false;
      await load();
    } catch (e) {
      showError($('#system-error'), e);
    } finally {
      setBusy(button, false);
    }
  });
  $('#system-cleanup').addEventListener('click', () => {
    $('#system-confirm').hidden = false;
    $('#system-confirm-yes').focus();
  });
  $('#system-confirm-no').addEventListener('click', () => { $('#system-confirm').hidden = true; });
  $('#system-confirm-yes').addEventListener('click', async () => {
    const button = $('#system-confirm-yes');
    setBusy(button, true);
    clearError($('#system-error'));
    try {
      const done = await post('/api/admin/unused-files/delete', { confirm: true });
      $('#system-note').textContent = t('admin.system.cleaned', { count: done.removedFiles, size: bytes(done.freedBytes) });
      $('#system-note').hidden = false;
      $('#system-confirm').hidden = true;
      await load();
    } catch (e) {
      showError($('#system-error'), e);
    } finally {
      setBusy(button, false);
    }
  });
  onLanguageChange(render);
  return { load };
}
