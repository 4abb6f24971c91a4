import { Gpio } from 'onoff';
import { bi, errnoCode, type Logger, TiangError } from '../../core/index.js';
import { assertBit, LineRegistry } from './line-registry.js';
import { DEFAULT_GPIO_SYSFS, type GpioChip, readGpioChips, sysfsNumberForBcm } from './sysfs-chips.js';
import type { Bit, GpioDriver, GpioInputOptions, GpioLine, GpioOutputOptions } from './types.js';

export interface OnoffGpioOptions {
  log: Logger;
  /** Where the gpiochip folders are read from; onoff itself always uses /sys/class/gpio. */
  sysfsRoot?: string;
}

/** Turns what the kernel said when a pin was exported into what a technician should do. */
function claimError(name: string, bcm: number, sysfs: number, err: unknown): TiangError {
  const code = errnoCode(err);
  const pin = `GPIO "${name}" (BCM ${bcm}, sysfs ${sysfs})`;
  const opts = { cause: err };
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new TiangError(
        'GPIO_PERMISSION',
        `${pin}: permission denied on /sys/class/gpio (${code})`,
        bi(
          'Masukkan pengguna layanan ke grup gpio (`sudo usermod -aG gpio tiang`) lalu mulai ulang layanan.',
          'Add the service user to the gpio group (`sudo usermod -aG gpio tiang`) and restart the service.',
        ),
        opts,
      );
    case 'EBUSY':
      return new TiangError(
        'GPIO_BUSY',
        `${pin}: the pin is held by a kernel driver or another program (EBUSY)`,
        bi(
          'Pilih pin lain, atau lepaskan pin dari dtoverlay/program lain (I2S memakai BCM 18-21, I2C BCM 2-3, UART BCM 14-15).',
          'Choose another pin, or free it from the dtoverlay/program using it (I2S uses BCM 18-21, I2C BCM 2-3, UART BCM 14-15).',
        ),
        opts,
      );
    case 'EINVAL':
      return new TiangError(
        'GPIO_INVALID_PIN',
        `${pin}: the kernel refused sysfs GPIO number ${sysfs} (EINVAL)`,
        bi(
          'Periksa nomor BCM di konfigurasi dan isi /sys/class/gpio/gpiochip*/base.',
          'Check the BCM number in the configuration and /sys/class/gpio/gpiochip*/base.',
        ),
        opts,
      );
    case 'ENOENT':
      return new TiangError(
        'GPIO_SYSFS_MISSING',
        `${pin}: /sys/class/gpio/export does not exist; this kernel has no sysfs GPIO interface`,
        bi(
          'Jalankan di Raspberry Pi OS dengan sysfs GPIO, atau mulai dengan --sim.',
          'Run on Raspberry Pi OS with sysfs GPIO, or start with --sim.',
        ),
        opts,
      );
    default:
      return new TiangError(
        'GPIO_CLAIM_FAILED',
        `${pin}: cannot claim the pin: ${err instanceof Error ? err.message : String(err)}`,
        bi(
          'Periksa `ls -l /sys/class/gpio` dan log kernel (`dmesg`).',
          'Check `ls -l /sys/class/gpio` and the kernel log (`dmesg`).',
        ),
        opts,
      );
  }
}

class OnoffLine implements GpioLine {
  private released = false;

  constructor(
    readonly name: string,
    readonly bcm: number,
    private readonly gpio: Gpio,
    private readonly isOutput: boolean,
    private readonly log: Logger,
    private readonly onRelease: (line: OnoffLine) => void,
  ) {}

  read(): Bit {
    this.assertClaimed('read');
    return this.gpio.readSync();
  }

  write(value: Bit): void {
    this.assertClaimed('write');
    if (!this.isOutput) {
      throw new Error(`GPIO line "${this.name}" (BCM ${this.bcm}) is an input; it cannot be written`);
    }
    assertBit(this.name, value);
    this.gpio.writeSync(value);
  }

  watch(cb: (value: Bit) => void): () => void {
    this.assertClaimed('watch');
    if (this.isOutput) {
      throw new Error(`GPIO line "${this.name}" (BCM ${this.bcm}) is an output; only inputs can be watched`);
    }
    if (this.gpio.edge() === 'none') {
      throw new Error(
        `GPIO input "${this.name}" (BCM ${this.bcm}) was claimed with edge 'none'; it cannot be watched`,
      );
    }
    const listener = (err: Error | null | undefined, value: Bit): void => {
      if (err) {
        this.log.warn({ err, line: this.name, bcm: this.bcm }, 'GPIO interrupt error');
        return;
      }
      cb(value);
    };
    this.gpio.watch(listener);
    return () => {
      if (!this.released) this.gpio.unwatch(listener);
    };
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      // An amplifier or relay must never stay on because its pin was let go while high.
      if (this.isOutput) this.gpio.writeSync(0);
      this.gpio.unwatchAll();
      this.gpio.unexport();
    } catch (err) {
      this.log.warn({ err, line: this.name, bcm: this.bcm }, 'GPIO release failed');
    } finally {
      this.onRelease(this);
    }
  }

  private assertClaimed(what: string): void {
    if (this.released) {
      throw new Error(`GPIO line "${this.name}" (BCM ${this.bcm}) was released; cannot ${what} it`);
    }
  }
}

/**
 * GPIO through the kernel's sysfs interface (the `onoff` package). BCM numbers are mapped
 * to sysfs numbers with the header chip's base, which is 512 or more on kernels 6.6+.
 */
export class OnoffGpioDriver implements GpioDriver {
  readonly simulated = false;
  private readonly lines = new LineRegistry<OnoffLine>();
  private readonly log: Logger;
  private readonly sysfsRoot: string;
  private chips: GpioChip[] | undefined;

  constructor(opts: OnoffGpioOptions) {
    this.log = opts.log;
    this.sysfsRoot = opts.sysfsRoot ?? DEFAULT_GPIO_SYSFS;
  }

  output(name: string, bcm: number, opts: GpioOutputOptions = {}): GpioLine {
    this.lines.assertFree(name, bcm);
    const activeLow = opts.activeLow ?? false;
    // The sysfs direction words 'high'/'low' set the raw electrical level, ignoring
    // active_low; logical 0 on an active-low pin is electrically high.
    const direction = activeLow ? 'high' : 'low';
    const gpio = this.claim(name, bcm, (sysfs) => {
      const g = new Gpio(sysfs, direction, 'none', { activeLow });
      // onoff ignores configuration errors on a pin that was left exported (e.g. after a
      // crash), so drive it off explicitly as well.
      try {
        g.writeSync(0);
      } catch (err) {
        g.unexport();
        throw err;
      }
      return g;
    });
    return this.register(name, bcm, gpio, true);
  }

  input(name: string, bcm: number, opts: GpioInputOptions = {}): GpioLine {
    this.lines.assertFree(name, bcm);
    const edge = opts.edge ?? 'both';
    const options = { activeLow: opts.activeLow ?? false, debounceTimeout: opts.debounceMs ?? 0 };
    const gpio = this.claim(name, bcm, (sysfs) => new Gpio(sysfs, 'in', edge, options));
    return this.register(name, bcm, gpio, false);
  }

  releaseAll(): void {
    for (const line of this.lines.all()) line.release();
  }

  private sysfsNumber(bcm: number): number {
    this.chips ??= readGpioChips(this.sysfsRoot);
    return sysfsNumberForBcm(bcm, this.chips);
  }

  private claim(name: string, bcm: number, create: (sysfs: number) => Gpio): Gpio {
    const sysfs = this.sysfsNumber(bcm);
    try {
      return create(sysfs);
    } catch (err) {
      throw claimError(name, bcm, sysfs, err);
    }
  }

  private register(name: string, bcm: number, gpio: Gpio, isOutput: boolean): OnoffLine {
    const line = new OnoffLine(name, bcm, gpio, isOutput, this.log, (l) => this.lines.remove(l));
    this.lines.add(line);
    this.log.debug({ line: name, bcm, output: isOutput }, 'GPIO line claimed');
    return line;
  }
}

/** Whether this machine offers sysfs GPIO to the current user (false off a Pi). */
export const onoffAccessible = (): boolean => Gpio.accessible;
