import { afterAll, describe, expect, it } from 'vitest';
import { parseSchedule, resolveDays } from '../../../audio/schedule/index.js';
import { rule, settings, weekRaw, wib } from './fixtures.js';

/**
 * A Pi is often left on UTC and a developer's laptop may be anywhere: the schedule
 * must resolve the same in every process time zone. Node applies a change to
 * process.env.TZ at once, so one file can try several.
 */
const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const PROCESS_ZONES = ['UTC', 'America/New_York', 'Asia/Jakarta', 'Pacific/Kiritimati', 'Asia/Kolkata'];

function resolveInProcessZone(tz: string) {
  process.env.TZ = tz;
  const { rules, warnings } = parseSchedule(
    [...weekRaw, rule({ id: 'jumat-2', priority: 'announcement', when: { cron: '30 11 * * fri' } })],
    { settings: settings(), now: wib('2026-03-02T00:00') },
  );
  const days = resolveDays(
    rules,
    settings({ quietHours: [{ from: '17:00', to: '07:00', maxVolume: 25 }] }),
    wib('2026-03-02T09:00'),
    8,
  );
  return {
    days: days.map((d) => ({ date: d.date, items: d.occurrences.map((o) => `${o.key}/${o.volume}`) })),
    warnings: warnings.map((w) => w.message),
  };
}

describe('process time zone', () => {
  it('really changes between runs (the test would prove nothing otherwise)', () => {
    const noonUtc = Date.UTC(2026, 2, 2, 12);
    process.env.TZ = 'UTC';
    const inUtc = new Date(noonUtc).getHours();
    process.env.TZ = 'Asia/Jakarta';
    const inWib = new Date(noonUtc).getHours();
    expect([inUtc, inWib]).toEqual([12, 19]);
  });

  it('does not change which instants a WIB schedule resolves to', () => {
    const [first, ...others] = PROCESS_ZONES.map(resolveInProcessZone);
    for (const other of others) expect(other).toEqual(first);
    const monday = first!.days[0]!;
    expect(monday.date).toBe('2026-03-02');
    expect(monday.items[0]).toBe(`anthem@${wib('2026-03-02T07:00')}/80`);
    expect(first!.days[4]!.items).toContain(`jumat@${wib('2026-03-06T11:30')}/70`);
    expect(first!.days[2]!.items).toContain(`kerja-bakti@${wib('2026-03-04T19:45')}/25`);
    expect(first!.warnings).toEqual([
      expect.stringContaining(
        '"jumat" and "jumat-2" play at the same time with priority announcement, 1 time in the next 7 days, first at 2026-03-06 11:30:00 (Asia/Jakarta)',
      ),
    ]);
  });
});
