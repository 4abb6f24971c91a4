import { useEffect, useState } from 'preact/hooks';
import { getLocale, type Locale, onLocaleChange } from '../i18n/index.ts';
import type { LiveChannel, LiveStatus } from './live-channel.ts';

/**
 * Preact hooks over the page's plain-TS sources of change (locale, live documents, the
 * live channel, the clock). The sources stay framework-free so the admin screen and tests
 * use them as they are.
 */

/** Something with a current value and change notifications: LiveDoc, KioskContentSource. */
export interface Watchable<T> {
  readonly current: T;
  onChange(fn: (value: T) => void): () => void;
}

/** The current value of a watchable; re-renders the component on each change. */
export function useWatch<T>(source: Watchable<T>): T {
  const [, setTick] = useState(0);
  useEffect(() => source.onChange(() => setTick((n) => n + 1)), [source]);
  return source.current;
}

/** The current language; re-renders on every switch. */
export function useLocale(): Locale {
  const [locale, setLocale] = useState(getLocale());
  useEffect(() => onLocaleChange(setLocale), []);
  return locale;
}

export function useLiveStatus(live: LiveChannel): LiveStatus {
  const [status, setStatus] = useState(live.currentStatus);
  useEffect(() => live.onStatus(setStatus), [live]);
  return status;
}

/**
 * Date.now(), renewed on each boundary of `everyMs` (the clock ticks on the second, so the
 * minute changes when the wall clock does; the agenda and alert expiry need only minutes).
 */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const at = Date.now();
      setNow(at);
      timer = setTimeout(tick, everyMs - (at % everyMs) + 5);
    };
    timer = setTimeout(tick, everyMs - (Date.now() % everyMs) + 5);
    return () => clearTimeout(timer);
  }, [everyMs]);
  return now;
}
