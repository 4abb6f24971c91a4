import type { Bit, GpioDriver, GpioLine } from './gpio/types.js';

export interface AmplifierPins {
  amplifierEnable: number;
  amplifierMute: number;
  supplyRelay?: number | undefined;
  statusLed?: number | undefined;
}

export interface AmplifierLineState {
  supply: Bit | null;
  enable: Bit;
  muted: boolean;
}

/**
 * The output lines that drive the speaker's amplifier. Safe state: supply relay off,
 * enable low, mute asserted. Taken at construction (so a second agent on the same pins
 * fails loudly) and returned to the safe state on every way out.
 */
export class AmplifierLines {
  readonly enable: GpioLine;
  /** Logical 1 = muted. */
  readonly mute: GpioLine;
  readonly supply: GpioLine | undefined;
  readonly led: GpioLine | undefined;

  constructor(
    private readonly driver: GpioDriver,
    pins: AmplifierPins,
  ) {
    this.enable = driver.output('amplifier-enable', pins.amplifierEnable);
    this.mute = driver.output('amplifier-mute', pins.amplifierMute);
    this.supply =
      pins.supplyRelay === undefined ? undefined : driver.output('amplifier-supply', pins.supplyRelay);
    this.led = pins.statusLed === undefined ? undefined : driver.output('status-led', pins.statusLed);
    this.safe();
  }

  /** Mute first, then disable, then cut the supply: the order that does not pop. */
  safe(): void {
    this.mute.write(1);
    this.enable.write(0);
    this.supply?.write(0);
  }

  state(): AmplifierLineState {
    return {
      supply: this.supply ? this.supply.read() : null,
      enable: this.enable.read(),
      muted: this.mute.read() === 1,
    };
  }

  /**
   * Safe state, then give the lines back to the kernel. releaseAll() drives outputs to 0 in
   * claim order: enable (claimed first) goes low before mute is let go, and once unexported
   * the board's pull resistors hold the amplifier disabled and muted, as at boot.
   */
  release(): void {
    this.safe();
    this.led?.write(0);
    this.driver.releaseAll();
  }
}
