import { isMessageKey, type MessageKey, onLocaleChange, t } from '../i18n/index.ts';
import type { HealthDoc, SimFaultsDoc } from '../ui/api-types.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import { requestJson } from '../ui/http.ts';
import { friendlyName, levelBadge } from './health-row.ts';
import { bilingualLabel, bilingualMessage, bilingualText, commandFailure, type Shown } from './message.ts';

/**
 * Faults side by side with what undoes them, in the order a trainer would walk through
 * them. Faults the agent offers that are not listed here still get a button (after these).
 */
const GROUPS: readonly (readonly string[])[] = [
  ['sensor-unplug', 'sensor-replug'],
  ['sensor-stuck', 'sensor-unstuck'],
  ['sensor-garbage', 'sensor-clean'],
  ['door-open', 'door-close'],
  ['amplifier-fault', 'amplifier-fault-clear'],
  ['clock-untrusted', 'clock-trusted'],
  ['broker-down', 'broker-up'],
  ['content-missing', 'content-refetch'],
  ['disk-full', 'disk-ok'],
];
const FIXES = new Set([
  'sensor-replug',
  'sensor-unstuck',
  'door-close',
  'amplifier-fault-clear',
  'clock-trusted',
  'sensor-clean',
  'broker-up',
  'content-refetch',
  'disk-ok',
]);

/** What the panel last said: a fault went through, or why it did not. */
type Status = { sent: string } | { failed: Shown };

/**
 * "Mode latihan": on a simulated pole only (GET /api/admin/sim/faults answers 200), one
 * big button per practice fault, so a technician can cause a fault on purpose and learn
 * what the health list says about it. Under the buttons, what is not ok right now, so the
 * effect shows next to the button that caused it. On a real pole the panel stays hidden.
 */
export function practicePanel(): {
  el: HTMLElement;
  showHealth: (doc: HealthDoc) => void;
  destroy: () => void;
} {
  const title = h('h2', { class: 'section-title', attrs: { id: 'practice-title' } });
  const intro = h('div', { class: 'panel-intro' });
  const grid = h('div', { class: 'practice-grid' });
  const statusArea = h('div', { class: 'panel-status', attrs: { 'aria-live': 'polite' } });
  const nowArea = h('div', { class: 'practice-now' });
  const el = h(
    'section',
    { class: 'panel practice', attrs: { hidden: true, 'aria-labelledby': 'practice-title' } },
    title,
    intro,
    grid,
    statusArea,
    nowArea,
  );

  let faults: string[] = [];
  let status: Status | undefined;
  let health: HealthDoc | undefined;
  let gone = false;

  const send = async (fault: string, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      await requestJson<void>('/api/admin/sim/fault', { method: 'POST', body: { fault } });
      status = { sent: fault };
    } catch (err) {
      status = { failed: commandFailure(err) };
    } finally {
      button.disabled = false;
    }
    renderStatus();
  };

  const button = (fault: string) => {
    const key = labelKey(fault);
    const b = h(
      'button',
      {
        class: ['practice-button', FIXES.has(fault) ? 'practice-fix' : 'practice-break'],
        attrs: { type: 'button', 'data-fault': fault },
      },
      key ? bilingualLabel(key) : h('span', { class: 'label-primary' }, h('code', {}, fault)),
    );
    b.addEventListener('click', () => void send(fault, b));
    return b;
  };

  const renderStatus = () => {
    if (!status) {
      replaceChildren(statusArea);
    } else if ('sent' in status) {
      const fault = status.sent;
      const key = labelKey(fault);
      replaceChildren(
        statusArea,
        bilingualText((locale) =>
          t('admin.practice.sent', { what: key ? t(key, undefined, locale) : fault }, locale),
        ),
      );
    } else {
      replaceChildren(
        statusArea,
        bilingualMessage(status.failed.key, status.failed.params, status.failed.tone),
      );
    }
  };

  const renderNow = () => {
    if (!health) {
      replaceChildren(nowArea);
      return;
    }
    const notOk = health.subsystems.filter((sub) => sub.level !== 'ok' || sub.state === 'failed');
    replaceChildren(
      nowArea,
      h('p', { class: 'practice-now-title' }, t('admin.practice.now')),
      notOk.length === 0
        ? h('p', { class: 'practice-now-line' }, levelBadge('ok'), ' ', t('admin.overall.ok'))
        : h(
            'ul',
            { class: 'practice-now-list' },
            notOk.map((sub) =>
              h(
                'li',
                { class: 'practice-now-line', attrs: { 'data-now': sub.name } },
                levelBadge(sub.state === 'failed' ? 'fault' : sub.level),
                h('strong', {}, friendlyName(sub.name)),
                sub.cause && h('span', { class: 'practice-now-cause' }, sub.cause),
              ),
            ),
          ),
    );
  };

  const render = () => {
    title.textContent = t('admin.practice.title');
    replaceChildren(intro, bilingualMessage('admin.practice.intro'));
    const offered = new Set(faults);
    const listed = new Set(GROUPS.flat());
    const groups = [
      ...GROUPS.map((g) => g.filter((f) => offered.has(f))).filter((g) => g.length > 0),
      ...faults.filter((f) => !listed.has(f)).map((f) => [f]),
    ];
    replaceChildren(
      grid,
      groups.map((g) =>
        h('div', { class: ['practice-row', g.length === 1 && 'practice-row-single'] }, g.map(button)),
      ),
    );
    renderStatus();
    renderNow();
  };

  const stopLocale = onLocaleChange(render);
  requestJson<SimFaultsDoc>('/api/admin/sim/faults')
    .then((doc) => {
      if (gone || !Array.isArray(doc?.faults)) return;
      faults = doc.faults.filter((f): f is string => typeof f === 'string');
      if (faults.length === 0) return;
      render();
      el.hidden = false;
    })
    // 404: not a simulator. Anything else: no practice today; the dashboard works without it.
    .catch(() => undefined);

  return {
    el,
    showHealth: (doc) => {
      health = doc;
      if (!el.hidden) renderNow();
    },
    destroy: () => {
      gone = true;
      stopLocale();
    },
  };
}

function labelKey(fault: string): MessageKey | undefined {
  const key = `practice.${fault}`;
  return isMessageKey(key) ? key : undefined;
}
