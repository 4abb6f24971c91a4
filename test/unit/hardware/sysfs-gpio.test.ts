import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gpio } from 'onoff';
import { afterEach, describe, expect, it } from 'vitest';
import { isTiangError, silentLogger } from '../../../core/index.js';
import { OnoffGpioDriver } from '../../../hardware/gpio/onoff-gpio.js';
import { readGpioChips, sysfsNumberForBcm } from '../../../hardware/index.js';

const roots: string[] = [];

/** Builds a fake /sys/class/gpio with the given chips. */
function fakeSysfs(chips: { base: number; label: string; ngpio: number }[]): string {
  const root = mkdtempSync(join(tmpdir(), 'tiang-sysfs-'));
  roots.push(root);
  writeFileSync(join(root, 'export'), '');
  for (const chip of chips) {
    const dir = join(root, `gpiochip${chip.base}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'base'), `${chip.base}\n`);
    writeFileSync(join(dir, 'label'), `${chip.label}\n`);
    writeFileSync(join(dir, 'ngpio'), `${chip.ngpio}\n`);
  }
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('sysfs GPIO numbering', () => {
  it('maps BCM numbers 1:1 on a kernel whose header chip has base 0', () => {
    const chips = readGpioChips(
      fakeSysfs([
        { base: 0, label: 'pinctrl-bcm2835', ngpio: 54 },
        { base: 504, label: 'raspberrypi-exp-gpio', ngpio: 8 },
      ]),
    );
    expect(chips.map((c) => c.name)).toEqual(['gpiochip0', 'gpiochip504']);
    expect(sysfsNumberForBcm(17, chips)).toBe(17);
    expect(sysfsNumberForBcm(0, chips)).toBe(0);
  });

  it('adds the chip base on kernels 6.6+ (Pi 4: pinctrl-bcm2711 at 512)', () => {
    const chips = readGpioChips(
      fakeSysfs([
        { base: 512, label: 'pinctrl-bcm2711', ngpio: 58 },
        { base: 570, label: 'raspberrypi-exp-gpio', ngpio: 8 },
      ]),
    );
    expect(sysfsNumberForBcm(17, chips)).toBe(529);
    expect(sysfsNumberForBcm(27, chips)).toBe(539);
  });

  it('uses the RP1 chip on a Pi 5, not the BCM2712 SoC chip', () => {
    const chips = readGpioChips(
      fakeSysfs([
        { base: 512, label: 'pinctrl-bcm2712', ngpio: 32 },
        { base: 544, label: 'pinctrl-bcm2712', ngpio: 4 },
        { base: 571, label: 'pinctrl-rp1', ngpio: 54 },
      ]),
    );
    expect(sysfsNumberForBcm(17, chips)).toBe(588);
  });

  it('refuses with a clear TiangError when no header chip exists, listing what was found', () => {
    const chips = readGpioChips(fakeSysfs([{ base: 0, label: 'gpio-mockup-A', ngpio: 8 }]));
    let caught: unknown;
    try {
      sysfsNumberForBcm(17, chips);
    } catch (err) {
      caught = err;
    }
    expect(isTiangError(caught) && caught.code).toBe('GPIO_CHIP_MISSING');
    expect((caught as Error).message).toContain('BCM 17');
    expect((caught as Error).message).toContain('gpiochip0="gpio-mockup-A"');
  });

  it('refuses a BCM number beyond the chip', () => {
    const chips = readGpioChips(fakeSysfs([{ base: 512, label: 'pinctrl-rp1', ngpio: 54 }]));
    expect(() => sysfsNumberForBcm(54, chips)).toThrow(/BCM 54 is outside gpiochip512/);
  });

  it('says plainly when the sysfs GPIO folder does not exist', () => {
    expect(() => readGpioChips('/nonexistent/class/gpio')).toThrow(
      /cannot read \/nonexistent\/class\/gpio \(ENOENT\)/,
    );
  });

  it('makes the onoff driver fail with a clear error off a Pi, before touching any pin', () => {
    const gpio = new OnoffGpioDriver({ log: silentLogger(), sysfsRoot: '/nonexistent/class/gpio' });
    expect(() => gpio.output('amp-enable', 17)).toThrow(/no sysfs GPIO interface/);
  });
});

describe('OnoffGpioDriver on real sysfs GPIO', () => {
  it.skipIf(!Gpio.accessible)(
    'drives and reads a real pin (skipped: /sys/class/gpio is not accessible on this machine, only on a Pi)',
    () => {
      const gpio = new OnoffGpioDriver({ log: silentLogger() });
      try {
        const line = gpio.output('test-output', 26);
        expect(line.read()).toBe(0);
        line.write(1);
        expect(line.read()).toBe(1);
      } finally {
        gpio.releaseAll();
      }
    },
  );
});
