import { formatDateTime, isMessageKey, pick, t } from '../i18n/index.ts';
import type { HealthLevel, SubsystemHealth } from '../ui/api-types.ts';
import { h } from '../ui/dom.ts';

// A shape as well as a colour, for technicians who cannot tell red from green.
const levelSymbol: Record<HealthLevel, string> = { ok: '✓', degraded: '!', fault: '✕' };

export function levelBadge(level: HealthLevel): HTMLElement {
  return h(
    'span',
    { class: ['badge', `badge-${level}`], attrs: { 'data-level': level } },
    h('span', { class: 'badge-symbol', attrs: { 'aria-hidden': 'true' } }, levelSymbol[level]),
    t(`level.${level}`),
  );
}

/** The subsystem's name in plain words, or null when this build does not know it. */
function friendlyNameOrNull(name: string): string | null {
  const key = `subsystem.${name}`;
  return isMessageKey(key) ? t(key) : null;
}

/** The subsystem's name in plain words, else its technical name. */
export function friendlyName(name: string): string {
  return friendlyNameOrNull(name) ?? name;
}

/** One subsystem: level, friendly and technical name, state, and when not ok the cause and the fix. */
export function healthRow(s: SubsystemHealth, timeZone: string): HTMLElement {
  const friendly = friendlyNameOrNull(s.name);
  // A failed subsystem is a fault whatever level it last reported (as the agent's overall status counts it).
  const level: HealthLevel = s.state === 'failed' ? 'fault' : s.level;
  return h(
    'li',
    { class: ['subsystem', `subsystem-${level}`], attrs: { 'data-subsystem': s.name } },
    h(
      'div',
      { class: 'subsystem-head' },
      levelBadge(level),
      h(
        'div',
        { class: 'subsystem-name' },
        friendly && h('span', { class: 'subsystem-friendly' }, friendly),
        h('code', { class: 'subsystem-code' }, s.name),
      ),
      h(
        'div',
        { class: 'subsystem-state' },
        h('span', {}, t(`state.${s.state}`)),
        h(
          'span',
          { class: 'subsystem-since' },
          t('admin.health.since', { t: formatDateTime(s.since, timeZone) }),
        ),
      ),
    ),
    // While ok, `cause` is only a note (e.g. "simulated GPIO"), not a reason for alarm.
    s.cause &&
      h(
        'p',
        { class: ['subsystem-cause', level === 'ok' && 'subsystem-note'] },
        h('strong', {}, t(level === 'ok' ? 'admin.health.note' : 'admin.health.cause')),
        ' ',
        s.cause,
      ),
    s.hint && h('p', { class: 'subsystem-hint' }, h('strong', {}, t('admin.health.fix')), ' ', pick(s.hint)),
  );
}
