import { useEffect, useState } from 'preact/hooks';
import { screenOpen } from '../../core/screen-hours.ts';
import { t } from '../i18n/index.ts';
import { useNow } from '../ui/hooks.ts';

/** Same as the Electron shell's wake time (electron/display-schedule.ts). */
const WAKE_MS = 5 * 60_000;

/**
 * Black at night, woken by a touch for five minutes: the same hours and the same rule as
 * the Electron shell, which on a pole blanks the screen itself (the page then shows
 * nothing of this). In a plain browser the page does it on its own. An alert always wakes it.
 */
export function useNightScreen(hours: { on?: string; off?: string; timezone: string }, alertShown: boolean) {
  const now = useNow(15_000);
  const [wokenUntil, setWokenUntil] = useState(0);
  const asleep = !alertShown && !screenOpen(now, hours) && Date.now() >= wokenUntil;
  const wake = () => setWokenUntil(Date.now() + WAKE_MS);
  // Re-check when the wake period ends, not only on the 15 s tick.
  const [, setTick] = useState(0);
  useEffect(() => {
    const left = wokenUntil - Date.now();
    if (left <= 0) return;
    const timer = setTimeout(() => setTick((n) => n + 1), left + 10);
    return () => clearTimeout(timer);
  }, [wokenUntil]);
  return { asleep, wake };
}

/** The whole black screen is one button: any touch wakes it. */
export function NightScreen({ onWake }: { onWake: () => void }) {
  return (
    <button
      type="button"
      class="night"
      aria-label={t('kiosk.night.label')}
      data-testid="night"
      // Click, not pointerdown: the same touch must not land on the kiosk once it is awake.
      onClick={onWake}
    />
  );
}
