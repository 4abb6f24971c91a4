import { bi, type HealthReporter } from '../../core/index.js';
import type { Subsystem } from '../lifecycle.js';
import type { ClockTrust } from './clock-trust.js';

/** The clock's place in the health model: trusted (NTP) or not, watched while the agent runs. */
export class ClockSubsystem implements Subsystem {
  readonly name = 'clock';

  constructor(
    private readonly trust: ClockTrust,
    private readonly health: HealthReporter,
  ) {}

  async start(): Promise<void> {
    this.trust.onChange((trusted) => this.report(trusted));
    this.report(this.trust.trusted());
    this.trust.start();
  }

  private report(trusted: boolean): void {
    this.health.report(
      trusted
        ? { level: 'ok', cause: undefined, hint: undefined }
        : {
            level: 'degraded',
            cause: 'the clock is not synchronised (NTP); scheduled items are held',
            hint: bi(
              'Pastikan tiang terhubung ke internet; jam akan tersinkron sendiri.',
              'Make sure the pole is online; the clock then syncs by itself.',
            ),
          },
    );
  }

  async stop(): Promise<void> {
    this.trust.stop();
  }
}
