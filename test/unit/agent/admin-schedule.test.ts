import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scheduleAgenda } from '../../../agent/http/admin-schedule.js';
import { fillHours } from '../../../agent/http/admin-stats.js';
import { queryInt } from '../../../agent/http/query-int.js';
import { demoDesiredFile } from '../../../agent/sim/seed.js';
import { parseSchedule, parseScheduleSettings } from '../../../audio/schedule/index.js';

const wib = (local: string) => Date.parse(`${local}+07:00`);

/** The simulator's demo schedule, resolved with the settings the speaker builds from it. */
function demo() {
  const doc = parse(readFileSync(demoDesiredFile(), 'utf8')) as {
    schedule: unknown;
    holidays: unknown;
    settings: { volume: { default: number; quietHours: unknown } };
  };
  const settings = parseScheduleSettings({
    timezone: 'Asia/Jakarta',
    holidays: doc.holidays,
    quietHours: doc.settings.volume.quietHours,
    defaultVolume: doc.settings.volume.default,
  });
  const { rules } = parseSchedule(doc.schedule, { settings, now: wib('2026-12-21T00:00:00') });
  return { rules, settings };
}

const rule = (id: string, when: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  title: { id: `Aturan ${id}`, en: `Rule ${id}` },
  play: [{ tts: { text: 'Tes', lang: 'id' } }],
  when,
  priority: 'program',
  ...extra,
});

describe('scheduleAgenda', () => {
  it('lists the demo schedule day by day in WIB, with the Friday reminder skipped on Christmas', () => {
    const { rules, settings } = demo();
    // Monday 21 December 2026, 15:00 WIB: today and the next 7 days.
    const agenda = scheduleAgenda(rules, settings, wib('2026-12-21T15:00:00'), 8);
    expect(agenda.timezone).toBe('Asia/Jakarta');
    expect(agenda.days.map((d) => d.date)).toEqual([
      '2026-12-21',
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-27',
      '2026-12-28',
    ]);
    const monday = agenda.days[0]!;
    expect(monday.weekday).toEqual({ id: 'Senin', en: 'Monday' });
    expect(monday.holiday).toBe(false);
    expect(monday.truncated).toBe(false);
    // Earlier items of today are listed too: 06:30 greeting + 14 hours x 6 Wi-Fi notices.
    expect(monday.items).toHaveLength(1 + 84);
    expect(monday.items[0]).toEqual({
      at: wib('2026-12-21T06:30:00'),
      time: '06:30',
      ruleId: 'salam-pagi',
      title: { id: 'Salam pagi', en: 'Morning greeting' },
      priority: 'announcement',
      volume: 70,
    });
    const wifi = monday.items.filter((i) => i.ruleId === 'info-wifi');
    expect(wifi[0]?.time).toBe('07:00');
    expect(wifi.at(-1)?.time).toBe('20:50');

    const christmas = agenda.days[4]!;
    expect(christmas.weekday.en).toBe('Friday');
    expect(christmas.holiday).toBe(true);
    const jumat = christmas.items.find((i) => i.ruleId === 'jumat-siang')!;
    expect(jumat.time).toBe('11:30');
    expect(jumat.at).toBe(wib('2026-12-25T11:30:00'));
    expect(jumat.skipped?.id).toContain('hari libur');
    expect(jumat.skipped?.en).toContain('holiday');
    // Rules without skipHolidays play on the holiday.
    expect(christmas.items.filter((i) => i.skipped)).toHaveLength(1);
    expect(christmas.items).toHaveLength(1 + 84 + 1);
  });

  it('plays the Friday reminder on an ordinary Friday', () => {
    const { rules, settings } = demo();
    const agenda = scheduleAgenda(rules, settings, wib('2027-01-08T00:00:00'), 1);
    const jumat = agenda.days[0]!.items.find((i) => i.ruleId === 'jumat-siang')!;
    expect(jumat.skipped).toBeUndefined();
  });

  it('caps volumes in quiet hours, says when nobody will hear an item, and shows except dates', () => {
    const settings = parseScheduleSettings({
      timezone: 'Asia/Jakarta',
      quietHours: [
        { from: '21:00', to: '05:00', maxVolume: 30 },
        { from: '23:00', to: '23:30', maxVolume: 0 },
      ],
      defaultVolume: 70,
    });
    const { rules } = parseSchedule(
      [
        rule('malam', { weekly: { days: ['mon', 'tue', 'wed'], times: ['22:00', '23:15'] } }, { volume: 90 }),
        rule('siang', { weekly: { days: ['mon', 'tue'], times: ['12:00'] } }, { except: ['2026-12-22'] }),
      ],
      { settings, now: wib('2026-12-21T00:00:00') },
    );
    const agenda = scheduleAgenda(rules, settings, wib('2026-12-21T08:00:00'), 2);
    const [mon, tue] = agenda.days;
    expect(mon!.items.map((i) => [i.time, i.volume, i.skipped?.en ?? null])).toEqual([
      ['12:00', 70, null],
      ['22:00', 30, null],
      ['23:15', 0, 'Quiet hours: runs at volume 0, nobody hears it'],
    ]);
    const excluded = tue!.items.find((i) => i.ruleId === 'siang')!;
    expect(excluded.skipped?.en).toContain('excluded this date');
  });

  it('lists at most the bound per day and says the day was cut', () => {
    const settings = parseScheduleSettings({ timezone: 'Asia/Jakarta' });
    const { rules } = parseSchedule([rule('tiap-menit', { cron: '* * * * *' })], { settings });
    const agenda = scheduleAgenda(rules, settings, wib('2026-12-21T08:00:00'), 2, 500);
    expect(agenda.days[0]!.items).toHaveLength(500);
    expect(agenda.days[0]!.truncated).toBe(true);
    expect(agenda.days[0]!.items[0]!.time).toBe('00:00');
    expect(agenda.days[1]!.items[0]!.at).toBe(wib('2026-12-22T00:00:00'));
  });

  it('gives empty days without rules', () => {
    const settings = parseScheduleSettings({ timezone: 'Asia/Jakarta', holidays: ['2026-12-25'] });
    const agenda = scheduleAgenda([], settings, wib('2026-12-24T23:59:00'), 2);
    expect(agenda.days.map((d) => [d.date, d.holiday, d.items.length])).toEqual([
      ['2026-12-24', false, 0],
      ['2026-12-25', true, 0],
    ]);
  });
});

describe('fillHours', () => {
  const h = (local: string) => wib(local);
  it('returns every hour up to the current one, oldest first, zeros where nothing was logged', () => {
    const rows = [
      { at: h('2026-12-21T13:00:00'), played: 2, failed: 1, cut: 0, stopped: 0, expired: 0, missed: 3 },
    ];
    const out = fillHours(rows, h('2026-12-21T14:20:00'), 3);
    expect(out.map((r) => r.at)).toEqual([
      h('2026-12-21T12:00:00'),
      h('2026-12-21T13:00:00'),
      h('2026-12-21T14:00:00'),
    ]);
    expect(out[0]).toEqual({
      at: out[0]!.at,
      played: 0,
      failed: 0,
      cut: 0,
      stopped: 0,
      expired: 0,
      missed: 0,
    });
    expect(out[1]).toEqual(rows[0]);
  });
});

describe('queryInt', () => {
  const range = { min: 1, max: 14, default: 8 };
  it('takes a default, a whole number in range, and names the parameter otherwise', () => {
    expect(queryInt({}, 'days', range)).toEqual({ value: 8 });
    expect(queryInt({ days: '14', _: '1' }, 'days', range)).toEqual({ value: 14 });
    for (const bad of ['0', '15', '2.5', 'abc', '', '-1', ['1', '2']]) {
      const r = queryInt({ days: bad }, 'days', range);
      expect('error' in r && r.error).toMatch(/^days must be a whole number from 1 to 14/);
    }
  });
});
