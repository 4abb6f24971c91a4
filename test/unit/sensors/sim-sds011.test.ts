import { afterEach, describe, expect, it } from 'vitest';
import {
  firmwareCommand,
  hourOfDayWib,
  parseSensorFrame,
  Sds011Framer,
  type Sds011Message,
  type SerialLink,
  SimSds011,
  type SimSds011Options,
  SimSerialDriver,
  sleepWorkCommand,
  typicalPm10Ratio,
  typicalPm25,
} from '../../../hardware/index.js';

const sims: SimSds011[] = [];
const links: SerialLink[] = [];

afterEach(async () => {
  for (const sim of sims.splice(0)) sim.dispose();
  await Promise.all(links.splice(0).map((l) => l.close()));
});

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A host side that decodes what the simulated sensor sends. */
async function host(path: string, opts: Partial<SimSds011Options> = {}) {
  const serial = new SimSerialDriver();
  const sim = new SimSds011({ serial, path, reportEveryMs: 10, pollMs: 2, ...opts });
  sims.push(sim);
  const link = await serial.open(path, { baudRate: 9600 });
  links.push(link);
  const framer = new Sds011Framer();
  const got: Sds011Message[] = [];
  link.onData((chunk) => {
    for (const f of framer.push(chunk)) got.push(parseSensorFrame(f));
  });
  return { serial, sim, link, got, framer };
}

// Midnight UTC = 07:00 WIB: the morning rush hour.
const at = (wibHour: number) => ({ now: () => Date.UTC(2025, 0, 6, wibHour - 7) });

describe('the daily PM2.5 curve', () => {
  it('has morning and evening peaks and stays within 15–70 µg/m³; PM10 is 1.3–1.8 × PM2.5', () => {
    const byHour = Array.from({ length: 24 }, (_, h) => typicalPm25(h));
    expect(Math.min(...byHour)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...byHour)).toBeLessThanOrEqual(70);
    expect(typicalPm25(7)).toBeGreaterThan(typicalPm25(3) * 2);
    expect(typicalPm25(18.5)).toBeGreaterThan(typicalPm25(14) * 2);
    for (let h = 0; h < 24; h++) {
      expect(typicalPm10Ratio(h)).toBeGreaterThanOrEqual(1.3);
      expect(typicalPm10Ratio(h)).toBeLessThanOrEqual(1.8);
    }
    expect(hourOfDayWib(Date.UTC(2025, 0, 6, 0))).toBe(7);
    expect(hourOfDayWib(Date.UTC(2025, 0, 6, 20))).toBe(3);
  });
});

describe('SimSds011', () => {
  it('reports each tick while working in active mode, with values on the curve', async () => {
    const { got } = await host('/dev/ttySIM-sds-report', { clock: at(7), seed: 5 });
    await waitFor(() => got.length >= 20);
    const data = got.filter((m) => m.type === 'data');
    for (const m of data) {
      expect(m.pm25).toBeGreaterThan(40);
      expect(m.pm25).toBeLessThan(80);
      expect(m.pm10 / m.pm25).toBeGreaterThanOrEqual(1.29);
      expect(m.pm10 / m.pm25).toBeLessThanOrEqual(1.81);
    }
  });

  it('is deterministic for a seed', async () => {
    const a = await host('/dev/ttySIM-sds-seed-a', { clock: at(12), seed: 77 });
    const b = await host('/dev/ttySIM-sds-seed-b', { clock: at(12), seed: 77 });
    await waitFor(() => a.got.length >= 10 && b.got.length >= 10);
    expect(a.got.slice(0, 10)).toEqual(b.got.slice(0, 10));
  });

  it('answers commands like the real sensor: C5 replies, no data while asleep', async () => {
    const { link, got, sim } = await host('/dev/ttySIM-sds-cmd', { deviceId: 0x60a1 });
    await link.write(firmwareCommand());
    await waitFor(() => got.some((m) => m.type === 'firmware'));
    expect(got.find((m) => m.type === 'firmware')).toEqual({
      type: 'firmware',
      year: 18,
      month: 11,
      day: 16,
      id: 0x60a1,
    });

    await link.write(sleepWorkCommand(false));
    await waitFor(() => got.some((m) => m.type === 'sleepWork'));
    expect(sim.working).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    const before = got.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(got.length).toBe(before);

    await link.write(sleepWorkCommand(true));
    await waitFor(() => got.filter((m) => m.type === 'data').length > 0 && got.length > before + 3);
    expect(sim.working).toBe(true);
    expect(sim.received.map((r) => r.command.type)).toEqual(['firmware', 'sleepWork', 'sleepWork']);
  });

  it('scripts faults: stuck values, bad checksums, noise', async () => {
    const { sim, got, framer } = await host('/dev/ttySIM-sds-faults');
    await waitFor(() => got.length >= 3);
    sim.stuck(true);
    const from = got.length + 1;
    await waitFor(() => got.length >= from + 5);
    const stuck = got.slice(from, from + 5);
    expect(new Set(stuck.map((m) => JSON.stringify(m))).size).toBe(1);
    sim.stuck(false);

    sim.badChecksums(true);
    await waitFor(() => framer.counters.checksumErrors >= 3);
    sim.badChecksums(false);

    expect(sim.garbage(1000)).toBe(true);
    const n = got.length;
    await waitFor(() => got.length >= n + 3);
    expect(framer.counters.garbageBytes).toBeGreaterThanOrEqual(1000);
  });
});

describe('practice faults pressed twice', () => {
  it('a replug while plugged in changes nothing, so the next unplug is still noticed', async () => {
    const h = await host('/dev/ttySIM-twice');
    await waitFor(() => h.got.length > 2);
    h.sim.replug();
    h.sim.replug();
    let closed: Error | undefined;
    h.link.onClose((err) => {
      closed = err ?? new Error('closed');
    });
    // Still the same open link: data keeps flowing on it.
    const before = h.got.length;
    await waitFor(() => h.got.length > before + 2);
    h.sim.unplug();
    h.sim.unplug();
    await waitFor(() => closed !== undefined);
    expect(closed?.message).toBeTruthy();
  });
});
