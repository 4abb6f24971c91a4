import { formatDate, formatTime, zoneLabel } from '../i18n/index.ts';
import { useNow } from '../ui/hooks.ts';

/** Today's date in the pole's zone ("Sabtu, 28 November 2026"); re-renders on its own. */
export function DateLine({ timeZone }: { timeZone: string }) {
  const now = useNow(1000);
  return (
    <div id="date" class="date">
      {formatDate(now, timeZone)}
    </div>
  );
}

/**
 * The time in the pole's zone (WIB for Blitar), whatever zone the browser thinks it is in.
 * Only this and the date re-render every second, not the whole kiosk.
 */
export function Clock({ timeZone }: { timeZone: string }) {
  const now = useNow(1000);
  return (
    <div id="clock" class="clock">
      {`${formatTime(now, timeZone)} ${zoneLabel(timeZone, now)}`}
    </div>
  );
}
