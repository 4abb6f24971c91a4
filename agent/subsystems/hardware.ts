import type { Clock, HealthReporter, Logger } from '../../core/index.js';
import { AmplifierLines, type GpioDriver, loadRealGpio, SimGpioDriver } from '../../hardware/index.js';
import type { TiangConfig } from '../config/index.js';
import type { Subsystem } from '../lifecycle.js';

/** GPIO: the amplifier's lines, driven to the safe state at start and on every way out. */
export class HardwareSubsystem implements Subsystem {
  readonly name = 'amplifier';
  gpio!: GpioDriver;
  amplifier: AmplifierLines | undefined;

  constructor(
    private readonly config: TiangConfig,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.gpio = this.config.simulate ? new SimGpioDriver(this.clock) : await loadRealGpio({ log: this.log });
    this.amplifier = new AmplifierLines(this.gpio, this.config.gpio);
    this.health.report({
      level: 'ok',
      cause: this.config.simulate ? 'simulated GPIO' : undefined,
      detail: { simulated: this.gpio.simulated, lines: this.amplifier.state() },
    });
  }

  /** Synchronous on purpose: also called from the last-resort exit path. */
  safeNow(): void {
    try {
      this.amplifier?.safe();
    } catch (err) {
      this.log.error({ err }, 'could not drive the amplifier to its safe state');
    }
  }

  async stop(): Promise<void> {
    this.amplifier?.release();
    this.amplifier = undefined;
    this.log.info('amplifier off, GPIO lines released');
  }
}
