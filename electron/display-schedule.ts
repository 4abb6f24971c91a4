import { type ScreenHours, screenOpen } from '../core/screen-hours.js';

export type { ScreenHours };

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
