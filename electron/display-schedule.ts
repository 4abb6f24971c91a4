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

export interface DisplayControl {
  /** Blank (true) or show (false) the screen. */
  blank(on: boolean): void;
  /** Keep the display from sleeping (true) or let it (false). */
  keepAwake(on: boolean): void;
}

export class DisplaySchedule {
  private hours: ScreenHours;
  private wokenUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  blanked: boolean | undefined;

  constructor(
    hours: ScreenHours,
    private readonly control: DisplayControl,
    private readonly now: () => number = Date.now,
    private readonly wakeMs = 5 * 60_000,
  ) {
    this.hours = hours;
  }

  setHours(hours: ScreenHours): void {
    this.hours = hours;
    this.apply();
  }

  /** A touch at night: on for a while. An alert also calls this (it must be seen). */
  wake(): void {
    this.wokenUntil = this.now() + this.wakeMs;
    this.apply();
  }

  apply(): void {
    const on = screenOpen(this.now(), this.hours) || this.now() < this.wokenUntil;
    if (this.blanked === !on) return;
    this.blanked = !on;
    this.control.blank(!on);
    this.control.keepAwake(on);
  }

  start(everyMs = 15_000): void {
    this.apply();
    this.timer = setInterval(() => this.apply(), everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
