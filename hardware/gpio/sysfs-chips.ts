import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bi, errnoCode, TiangError } from '../../core/index.js';

/** One GPIO controller as the sysfs interface shows it. */
export interface GpioChip {
  /** Folder name, e.g. gpiochip512. */
  name: string;
  /** First sysfs GPIO number of this chip. */
  base: number;
  label: string;
  ngpio: number;
}

/**
 * Labels of the controller that drives the 40-pin header, by Pi model: BCM2835/6/7 (Pi 1-3,
 * Zero), BCM2711 (Pi 4, 400, CM4), RP1 (Pi 5: the header hangs off the RP1 south bridge,
 * not the BCM2712 itself, so pinctrl-bcm2712 is deliberately not on this list).
 */
export const HEADER_CHIP_LABELS = ['pinctrl-rp1', 'pinctrl-bcm2711', 'pinctrl-bcm2835'] as const;

export const DEFAULT_GPIO_SYSFS = '/sys/class/gpio';

/** Reads every gpiochip* folder under a sysfs GPIO root. */
export function readGpioChips(root: string = DEFAULT_GPIO_SYSFS): GpioChip[] {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((e) => e.startsWith('gpiochip'));
  } catch (err) {
    throw new TiangError(
      'GPIO_SYSFS_MISSING',
      `cannot read ${root} (${errnoCode(err) ?? String(err)}): this system has no sysfs GPIO interface`,
      bi(
        'Jalankan di Raspberry Pi dengan kernel yang punya /sys/class/gpio, atau mulai dengan --sim.',
        'Run on a Raspberry Pi whose kernel provides /sys/class/gpio, or start with --sim.',
      ),
      { cause: err },
    );
  }
  return entries
    .map((name) => {
      const dir = join(root, name);
      const read = (file: string): string => readFileSync(join(dir, file), 'utf8').trim();
      return { name, base: Number(read('base')), label: read('label'), ngpio: Number(read('ngpio')) };
    })
    .sort((a, b) => a.base - b.base);
}

/**
 * The sysfs GPIO number of a BCM GPIO. Kernels 6.6+ (Raspberry Pi OS Bookworm) give the
 * SoC chip a base such as 512 instead of 0, so "17" in sysfs is no longer BCM 17.
 */
export function sysfsNumberForBcm(bcm: number, chips: readonly GpioChip[]): number {
  const chip = HEADER_CHIP_LABELS.map((label) => chips.find((c) => c.label === label)).find((c) => c);
  if (!chip) {
    const seen = chips.length ? chips.map((c) => `${c.name}="${c.label}"`).join(', ') : 'none';
    throw new TiangError(
      'GPIO_CHIP_MISSING',
      `no Raspberry Pi header GPIO chip (${HEADER_CHIP_LABELS.join(', ')}) for BCM ${bcm}; chips found: ${seen}`,
      bi(
        'Perangkat ini bukan Raspberry Pi yang dikenal, atau driver GPIO belum dimuat; periksa `ls /sys/class/gpio` atau mulai dengan --sim.',
        'This is not a known Raspberry Pi or its GPIO driver is not loaded; check `ls /sys/class/gpio` or start with --sim.',
      ),
    );
  }
  if (!Number.isInteger(bcm) || bcm < 0 || bcm >= chip.ngpio || !Number.isInteger(chip.base)) {
    throw new TiangError(
      'GPIO_INVALID_PIN',
      `BCM ${bcm} is outside ${chip.name} ("${chip.label}", ${chip.ngpio} lines from ${chip.base})`,
      bi(
        `Gunakan nomor GPIO BCM 0..${chip.ngpio - 1} di konfigurasi.`,
        `Use a BCM GPIO number 0..${chip.ngpio - 1} in the configuration.`,
      ),
    );
  }
  return chip.base + bcm;
}
