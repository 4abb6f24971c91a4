import { bi, TiangError } from '../../core/index.js';
import type { Bit } from './types.js';

/** The Pi's SoC GPIO blocks (BCM2835/2711, and RP1 on a Pi 5) have 54 lines, numbered 0..53. */
export const MAX_BCM = 53;

export function assertBcm(name: string, bcm: number): void {
  if (!Number.isInteger(bcm) || bcm < 0 || bcm > MAX_BCM) {
    throw new TiangError(
      'GPIO_INVALID_PIN',
      `GPIO line "${name}": ${String(bcm)} is not a BCM GPIO number (0..${MAX_BCM})`,
      bi(
        `Tulis nomor GPIO BCM (bukan nomor pin fisik header) 0..${MAX_BCM} untuk "${name}" di konfigurasi.`,
        `Give "${name}" a BCM GPIO number (not the physical header pin number) 0..${MAX_BCM} in the configuration.`,
      ),
    );
  }
}

export function assertBit(line: string, value: unknown): asserts value is Bit {
  if (value !== 0 && value !== 1) {
    throw new TypeError(`GPIO line "${line}": value must be 0 or 1, got ${String(value)}`);
  }
}

/**
 * Who holds which pin. Both drivers share it so a configuration that gives two jobs
 * the same pin fails the same way in the simulator as on the pole.
 */
export class LineRegistry<T extends { name: string; bcm: number }> {
  private readonly byBcm = new Map<number, T>();
  private readonly byName = new Map<string, T>();

  /** Throws before anything touches hardware if the pin or name is taken. */
  assertFree(name: string, bcm: number): void {
    assertBcm(name, bcm);
    const holder = this.byBcm.get(bcm);
    if (holder) {
      throw new TiangError(
        'GPIO_PIN_TAKEN',
        `GPIO BCM ${bcm} is already claimed by "${holder.name}"; "${name}" cannot claim it too`,
        bi(
          `Pin GPIO BCM ${bcm} dipakai untuk "${holder.name}" dan "${name}"; beri setiap fungsi pin sendiri di konfigurasi.`,
          `GPIO BCM ${bcm} is configured for both "${holder.name}" and "${name}"; give each function its own pin.`,
        ),
      );
    }
    const sameName = this.byName.get(name);
    if (sameName) {
      throw new TiangError(
        'GPIO_NAME_TAKEN',
        `GPIO line name "${name}" is already used for BCM ${sameName.bcm}; it cannot also name BCM ${bcm}`,
        bi(
          `Nama jalur GPIO "${name}" dipakai dua kali; beri setiap jalur nama sendiri.`,
          `The GPIO line name "${name}" is used twice; give each line its own name.`,
        ),
      );
    }
  }

  add(line: T): void {
    this.assertFree(line.name, line.bcm);
    this.byBcm.set(line.bcm, line);
    this.byName.set(line.name, line);
  }

  remove(line: T): void {
    if (this.byBcm.get(line.bcm) === line) this.byBcm.delete(line.bcm);
    if (this.byName.get(line.name) === line) this.byName.delete(line.name);
  }

  /** Finds a line by its name or its BCM number. */
  find(nameOrBcm: string | number): T | undefined {
    return typeof nameOrBcm === 'number' ? this.byBcm.get(nameOrBcm) : this.byName.get(nameOrBcm);
  }

  all(): T[] {
    return [...this.byBcm.values()];
  }
}
