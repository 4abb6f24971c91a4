import { existsSync } from 'node:fs';

/**
 * Whether the wall clock can be believed. A Pi has no battery clock: after a power cut
 * without network it starts from the last saved time (fake-hwclock). systemd-timesyncd
 * creates /run/systemd/timesync/synchronized once NTP has set the clock.
 */
export class ClockTrust {
  private state: boolean;
  private readonly listeners: ((trusted: boolean) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly probe: () => boolean = () => existsSync('/run/systemd/timesync/synchronized'),
    private readonly pollMs = 15_000,
  ) {
    this.state = probe();
  }

  static always(): ClockTrust {
    return new ClockTrust(() => true, 0);
  }

  trusted(): boolean {
    return this.state;
  }

  onChange(cb: (trusted: boolean) => void): void {
    this.listeners.push(cb);
  }

  /** For the simulator's practice mode and tests. */
  set(trusted: boolean): void {
    if (trusted === this.state) return;
    this.state = trusted;
    for (const cb of this.listeners) cb(trusted);
  }

  start(): void {
    if (this.pollMs <= 0) return;
    this.timer = setInterval(() => this.set(this.probe()), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
