import { catalogue, type MessageKey } from './catalogue.ts';

/** The two languages of every screen. Indonesian is the default for passers-by. */
export type Locale = 'id' | 'en';
export const DEFAULT_LOCALE: Locale = 'id';

/** A text from the control room or the agent, in both languages. */
export interface Bilingual {
  id: string;
  en: string;
}

/** BCP 47 tags for Intl. en-GB gives a 24-hour clock and day-month order, as people in Indonesia expect. */
const intlTags: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

let current: Locale = DEFAULT_LOCALE;
const listeners = new Set<(locale: Locale) => void>();

export function getLocale(): Locale {
  return current;
}

export function intlTag(locale: Locale = current): string {
  return intlTags[locale];
}

export function otherLocale(locale: Locale = current): Locale {
  return locale === 'id' ? 'en' : 'id';
}

/** Switch language; the <html lang> follows so screen readers and hyphenation use the right language. */
export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  document.documentElement.lang = locale;
  for (const fn of listeners) fn(locale);
}

/** Call fn after every language switch; returns a function that stops it. */
export function onLocaleChange(fn: (locale: Locale) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export type MessageParams = Record<string, string | number>;

/** The catalogue text for key in the current (or given) language, with {name} parameters filled in. */
export function t(key: MessageKey, params?: MessageParams, locale: Locale = current): string {
  // Keys built from API data (a level or state this build does not know yet) must not break the page.
  const text: string = catalogue[key]?.[locale] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(intlTag(locale)).format(value) : value;
  });
}

/**
 * The current language's side of a bilingual text, falling back to the other side when
 * it is missing or blank (kiosk content may be written in one language only). Content
 * arrives as data: anything that is not a string counts as missing, never as a crash.
 */
export function pick(text: Partial<Bilingual> | null | undefined, locale: Locale = current): string {
  if (!text || typeof text !== 'object') return '';
  const side = (l: Locale) => {
    const v = text[l];
    return typeof v === 'string' && v.trim() !== '' ? v : '';
  };
  return side(locale) || side(otherLocale(locale));
}
