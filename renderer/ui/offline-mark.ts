import { onLocaleChange, t } from '../i18n/index.ts';
import { h } from './dom.ts';
import type { LiveChannel } from './live-channel.ts';

/**
 * A discreet mark that shows while the live channel is down. The page keeps showing
 * the last data it had; the mark only tells people it may be out of date.
 */
export function offlineMark(live: LiveChannel): HTMLElement {
  const mark = h('span', { class: 'offline-mark', attrs: { role: 'status', 'data-testid': 'offline' } });
  const label = () => {
    mark.textContent = t('app.offline');
    mark.title = t('app.offline.long');
  };
  label();
  onLocaleChange(label);
  live.onStatus((status) => {
    mark.hidden = status !== 'offline';
  });
  return mark;
}
