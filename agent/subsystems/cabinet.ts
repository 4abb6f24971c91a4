import { bi, type Clock, type HealthReporter, type Logger } from '../../core/index.js';
import type { GpioLine } from '../../hardware/index.js';
import type { TiangConfig } from '../config/index.js';
import type { Subsystem } from '../lifecycle.js';
import type { HardwareSubsystem } from './hardware.js';

/** Contact bounce of a door switch lasts a few ms; 50 ms also ignores a knock on the cabinet. */
const DEBOUNCE_MS = 50;

export interface CabinetEvents {
  doorChanged(open: boolean, at: number): void;
  amplifierFault(active: boolean, at: number): void;
}

/**
 * The cabinet's inputs: the door tamper switch (logical 1 = door open) and the amplifier's
 * fault output (logical 1 = fault), both by interrupt with debounce. A pole is visited once a
 * month: an open door with nobody expected is worth telling the control room at once.
 */
export class CabinetSubsystem implements Subsystem {
  readonly name = 'cabinet';
  private door: GpioLine | undefined;
  private fault: GpioLine | undefined;
  private doorOpenSince: number | undefined;
  private faultSince: number | undefined;

  constructor(
    private readonly config: TiangConfig,
    private readonly hardware: HardwareSubsystem,
    private readonly events: CabinetEvents,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const { doorTamper, amplifierFault } = this.config.gpio;
    const gpio = this.hardware.gpio;
    if (doorTamper !== undefined) {
      this.door = gpio.input('door-tamper', doorTamper, { edge: 'both', debounceMs: DEBOUNCE_MS });
      this.door.watch((v) => this.onDoor(v === 1));
      if (this.door.read() === 1) this.onDoor(true);
    }
    if (amplifierFault !== undefined) {
      this.fault = gpio.input('amplifier-fault', amplifierFault, { edge: 'both', debounceMs: DEBOUNCE_MS });
      this.fault.watch((v) => this.onFault(v === 1));
      if (this.fault.read() === 1) this.onFault(true);
    }
    this.report();
  }

  get doorOpen(): boolean {
    return this.doorOpenSince !== undefined;
  }

  private onDoor(open: boolean): void {
    if (open === this.doorOpen) return;
    const at = this.clock.now();
    this.doorOpenSince = open ? at : undefined;
    this.log.warn({ open }, open ? 'cabinet door opened' : 'cabinet door closed');
    this.events.doorChanged(open, at);
    this.report();
  }

  private onFault(active: boolean): void {
    if (active === (this.faultSince !== undefined)) return;
    const at = this.clock.now();
    this.faultSince = active ? at : undefined;
    this.log.warn({ active }, 'amplifier fault input changed');
    this.events.amplifierFault(active, at);
    this.report();
  }

  private report(): void {
    const detail = {
      doorSwitch: this.door !== undefined,
      doorOpenSince: this.doorOpenSince ?? null,
      amplifierFaultSince: this.faultSince ?? null,
    };
    // The amplifier's fault is the amplifier's condition: it shows there (events.amplifierFault).
    if (this.doorOpenSince !== undefined) {
      this.health.report({
        level: 'degraded',
        cause: 'cabinet door is open',
        hint: bi(
          'Tutup pintu kabinet. Bila tidak ada teknisi yang bertugas, laporkan ke control room.',
          'Close the cabinet door. If no technician is on duty here, report it to the control room.',
        ),
        detail,
      });
    } else {
      this.health.report({ level: 'ok', cause: undefined, hint: undefined, detail });
    }
  }

  async stop(): Promise<void> {
    // The lines are released with the rest of the GPIO by the hardware subsystem.
  }
}
