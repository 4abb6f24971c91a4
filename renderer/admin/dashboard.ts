import { DEFAULT_TIMEZONE, formatDuration, onLocaleChange, t } from '../i18n/index.ts';
import type { HealthDoc } from '../ui/api-types.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import { requestJson } from '../ui/http.ts';
import type { LiveChannel } from '../ui/live-channel.ts';
import { healthRow, levelBadge } from './health-row.ts';

/**
 * The health part of the overview: the pole's overall health, version and uptime, then one row
 * per subsystem with the cause and the fix. It reads /healthz once and then follows
 * the live channel's `health` events; while offline it keeps the last state.
 * (The speaker test and the practice buttons have tabs of their own: views/tabs.tsx.)
 */
export function dashboard(live: LiveChannel): { el: HTMLElement; destroy: () => void } {
  const summary = h('section', { class: 'summary', attrs: { 'aria-live': 'polite' } });
  const list = h('ul', { class: 'subsystems', attrs: { 'aria-label': t('admin.health.title') } });
  const el = h(
    'div',
    { class: 'dashboard' },
    summary,
    h('h2', { class: 'section-title health-title' }, t('admin.health.title')),
    list,
  );
  replaceChildren(summary, h('p', {}, t('admin.health.loading')));

  let doc: HealthDoc | undefined;
  let receivedAt = 0;
  const uptime = h('span', { class: 'uptime-value' });

  const renderUptime = () => {
    if (doc) uptime.textContent = formatDuration(doc.uptimeS + (Date.now() - receivedAt) / 1000);
  };

  const render = () => {
    if (!doc) return;
    const title = el.querySelector('.health-title');
    if (title) title.textContent = t('admin.health.title');
    replaceChildren(
      summary,
      h(
        'div',
        { class: 'summary-status' },
        levelBadge(doc.status),
        h('span', { class: 'summary-text' }, t(`admin.overall.${doc.status}`)),
      ),
      h(
        'dl',
        { class: 'facts' },
        fact(t('admin.health.device'), `${doc.device.name} (${doc.device.id})`),
        fact(t('admin.health.version'), doc.version),
        fact(t('admin.health.uptime'), uptime),
        doc.simulated &&
          h('div', { class: 'fact' }, h('dd', { class: 'sim-tag' }, t('admin.health.simulated'))),
      ),
    );
    renderUptime();
    // What needs the technician first: faults, then degraded, then the rest in the agent's order.
    const rank = (s: HealthDoc['subsystems'][number]) =>
      s.state === 'failed' || s.level === 'fault' ? 0 : s.level === 'degraded' ? 1 : 2;
    const rows = [...doc.subsystems]
      .sort((a, b) => rank(a) - rank(b))
      .map((s) => healthRow(s, DEFAULT_TIMEZONE));
    replaceChildren(
      list,
      rows.length > 0 ? rows : h('li', { class: 'subsystem-none' }, t('admin.health.none')),
    );
  };

  const accept = (next: HealthDoc) => {
    doc = next;
    receivedAt = Date.now();
    render();
  };

  const stopHealth = live.on<HealthDoc>('health', accept);
  const stopLocale = onLocaleChange(render);
  const uptimeTimer = setInterval(renderUptime, 1000);
  requestJson<HealthDoc>('/healthz')
    .then((first) => {
      // The live channel may already have delivered a newer document.
      if (!doc || first.now >= doc.now) accept(first);
    })
    .catch(() => undefined);

  return {
    el,
    destroy: () => {
      stopHealth();
      stopLocale();
      clearInterval(uptimeTimer);
    },
  };
}

function fact(label: string, value: string | HTMLElement): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value));
}
