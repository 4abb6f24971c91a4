/*
 * Shared by the Electron shell (electron/display-schedule.ts) and the kiosk page
 * (renderer/kiosk/night.tsx), so both agree to the minute when the screen goes black.
 * No imports: the browser build takes this file as it is.
 */

/**
 * Screen on during opening hours, black at night, woken by a touch for a while. Hours come
 * from the desired state (settings.kiosk.screenOn / screenOff, "HH:MM" in the pole's time
 * zone); without them the screen stays on.
 */
export interface ScreenHours {
  on?: string;
  off?: string;
  timezone: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutes(hhmm: string): number | undefined {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Minutes since local midnight in a time zone. */
export function localMinutes(at: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Whether the screen should be on at this instant; hours that cross midnight work (on 18:00, off 02:00). */
export function screenOpen(at: number, hours: ScreenHours): boolean {
  const on = hours.on ? minutes(hours.on) : undefined;
  const off = hours.off ? minutes(hours.off) : undefined;
  if (on === undefined || off === undefined || on === off) return true;
  const now = localMinutes(at, hours.timezone);
  return on < off ? now >= on && now < off : now >= on || now < off;
}
