import { bi, type Clock, type HealthReporter, type Logger } from '../../core/index.js';
import { AmplifierLines, type GpioDriver, loadRealGpio, SimGpioDriver } from '../../hardware/index.js';
import type { TiangConfig } from '../config/index.js';
import type { Subsystem } from '../lifecycle.js';

/** GPIO: the amplifier's lines, driven to the safe state at start and on every way out. */
export class HardwareSubsystem implements Subsystem {
  readonly name = 'amplifier';
  gpio!: GpioDriver;
  amplifier: AmplifierLines | undefined;
  /** Since when the amplifier's own fault output says it is at fault (read by the cabinet subsystem). */
  private faultSince: number | undefined;

  constructor(
    private readonly config: TiangConfig,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.gpio = this.config.simulate ? new SimGpioDriver(this.clock) : await loadRealGpio({ log: this.log });
    this.amplifier = new AmplifierLines(this.gpio, this.config.gpio);
    this.report();
  }

  /** The amplifier's fault output (gpio.amplifierFault) changed: logical 1 = fault. */
  amplifierFault(active: boolean, at: number): void {
    if (active === (this.faultSince !== undefined)) return;
    this.faultSince = active ? at : undefined;
    this.report();
  }

  private report(): void {
    const detail = {
      simulated: this.gpio.simulated,
      lines: this.amplifier?.state(),
      faultSince: this.faultSince ?? null,
    };
    if (this.faultSince !== undefined) {
      this.health.report({
        level: 'fault',
        cause:
          'the amplifier signals a fault (blown fuse, no supply, overheating or a short on the speaker line)',
        hint: bi(
          'Penguat suara (amplifier) rusak atau mati. Periksa sekring dan kabel daya penguat, ventilasinya, dan kabel speaker (tidak boleh terhubung singkat); lalu matikan dan nyalakan lagi tiang.',
          'The amplifier reports a fault. Check its fuse and power cable, its ventilation, and the speaker cable (no short); then switch the pole off and on again.',
        ),
        detail,
      });
    } else {
      this.health.report({
        level: 'ok',
        cause: this.config.simulate ? 'simulated GPIO' : undefined,
        hint: undefined,
        detail,
      });
    }
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
