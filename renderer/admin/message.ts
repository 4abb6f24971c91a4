import { type MessageKey, type MessageParams, otherLocale, t } from '../i18n/index.ts';
import { h } from '../ui/dom.ts';

export type MessageTone = 'info' | 'error' | 'warning';

/**
 * A message in both languages at once: the chosen language large, the other below
 * it. Technicians are not always sure which language a colleague set the screen to.
 */
export function bilingualMessage(
  key: MessageKey,
  params?: MessageParams,
  tone: MessageTone = 'info',
): HTMLElement {
  return h(
    'div',
    { class: ['message', `message-${tone}`] },
    h('p', { class: 'message-primary' }, t(key, params)),
    h('p', { class: 'message-secondary', attrs: { lang: otherLocale() } }, t(key, params, otherLocale())),
  );
}
