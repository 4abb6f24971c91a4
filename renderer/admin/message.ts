import { type Locale, type MessageKey, type MessageParams, otherLocale, t } from '../i18n/index.ts';
import { h } from '../ui/dom.ts';
import { ApiError } from '../ui/http.ts';

export type MessageTone = 'info' | 'error' | 'warning';

/** A message for bilingualMessage: a catalogue key, its parameters and a tone. */
export interface Shown {
  key: MessageKey;
  params?: MessageParams;
  tone: MessageTone;
}

/**
 * A message in both languages at once: the chosen language large, the other below
 * it. Technicians are not always sure which language a colleague set the screen to.
 */
export function bilingualMessage(
  key: MessageKey,
  params?: MessageParams,
  tone: MessageTone = 'info',
): HTMLElement {
  return bilingualText((locale) => t(key, params, locale), tone);
}

/** Same, with the text built per language (e.g. a message that quotes another catalogue text). */
export function bilingualText(text: (locale: Locale) => string, tone: MessageTone = 'info'): HTMLElement {
  const other = otherLocale();
  return h(
    'div',
    { class: ['message', `message-${tone}`] },
    h('p', { class: 'message-primary' }, text(otherLocale(other))),
    h('p', { class: 'message-secondary', attrs: { lang: other } }, text(other)),
  );
}

/** A button label in both languages: the chosen one on top, the other smaller below. */
export function bilingualLabel(key: MessageKey, params?: MessageParams): HTMLElement[] {
  return [
    h('span', { class: 'label-primary' }, t(key, params)),
    h('span', { class: 'label-secondary', attrs: { lang: otherLocale() } }, t(key, params, otherLocale())),
  ];
}

/** What to say when a command to the pole did not go through. */
export function commandFailure(err: unknown): Shown {
  if (err instanceof ApiError) {
    if (err.status === 0) return { key: 'admin.pin.unreachable', tone: 'error' };
    if (err.status === 401) return { key: 'admin.sessionEnded', tone: 'warning' };
    return { key: 'admin.requestFailed', params: { code: String(err.status) }, tone: 'error' };
  }
  return { key: 'admin.requestFailed', params: { code: '?' }, tone: 'error' };
}
