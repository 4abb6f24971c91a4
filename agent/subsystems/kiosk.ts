import { bi, type Clock, type HealthReporter } from '../../core/index.js';
import type { TiangConfig } from '../config/index.js';
import type { LiveHub } from '../http/live.js';
import type { Subsystem } from '../lifecycle.js';

const CHECK_EVERY_MS = 5000;

/**
 * The kiosk's place in the health model: the kiosk page holds a live connection tagged
 * `screen=kiosk`; when none has been connected for a while, the screen, the browser or the
 * Electron shell is down — signage users' top complaint is a black screen nobody reports.
 */
export class KioskSubsystem implements Subsystem {
  readonly name = 'kiosk';
  private timer: NodeJS.Timeout | undefined;
  private lastSeen: number;

  constructor(
    private readonly config: TiangConfig,
    private readonly live: LiveHub,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
  ) {
    this.lastSeen = clock.now();
  }

  async start(): Promise<void> {
    if (!this.config.kiosk.screen) {
      this.health.report({ level: 'ok', cause: 'this pole has no kiosk screen' });
      return;
    }
    this.lastSeen = this.clock.now();
    this.check();
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  check(): void {
    const now = this.clock.now();
    const screens = this.live.screenCount('kiosk');
    if (screens > 0) this.lastSeen = now;
    const missingS = Math.round((now - this.lastSeen) / 1000);
    if (screens === 0 && missingS >= this.config.kiosk.missingAfterS) {
      this.health.report({
        level: 'degraded',
        cause: `no kiosk screen connected for ${missingS} s`,
        hint: bi(
          'Periksa layar sentuh (daya, kabel HDMI). Bila layar menyala tapi kosong, mulai ulang kiosk dari layar admin.',
          'Check the touchscreen (power, HDMI cable). If it is on but blank, restart the kiosk from the admin screen.',
        ),
        detail: { screens },
      });
    } else {
      this.health.report({ level: 'ok', cause: undefined, hint: undefined, detail: { screens } });
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}
