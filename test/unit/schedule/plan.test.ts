import { describe, expect, it } from 'vitest';
import { nextOccurrences, occurrencesBetween, resolveDays } from '../../../audio/schedule/index.js';
import { rule, rulesOf, settings, weekRaw, wib } from './fixtures.js';

const WEEK_FROM = wib('2026-03-02T00:00'); // Monday
const WEEK_TO = wib('2026-03-09T00:00');
const WEEKDAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];

/** Expected week, built from ISO strings only. */
function expectedWeek(): { key: string; at: number }[] {
  const out: { key: string; at: number; rank: number }[] = [];
  for (const day of WEEKDAYS) {
    out.push({ key: `anthem@${wib(`${day}T07:00`)}`, at: wib(`${day}T07:00`), rank: 2 });
    for (let h = 8; h <= 17; h++) {
      for (const m of ['00', '15', '30', '45']) {
        const at = wib(`${day}T${String(h).padStart(2, '0')}:${m}`);
        out.push({ key: `quarter@${at}`, at, rank: 2 });
      }
    }
  }
  out.push({ key: `jumat@${wib('2026-03-06T11:30')}`, at: wib('2026-03-06T11:30'), rank: 3 });
  out.push({ key: `kerja-bakti@${wib('2026-03-04T19:45')}`, at: wib('2026-03-04T19:45'), rank: 3 });
  return out.sort((a, b) => a.at - b.at || b.rank - a.rank).map(({ key, at }) => ({ key, at }));
}

describe('occurrencesBetween', () => {
  const rules = rulesOf(weekRaw);
  const s = settings({ defaultVolume: 60 });

  it('resolves a week of WIB rules to exact instants, by time then priority', () => {
    const occs = occurrencesBetween(rules, s, WEEK_FROM, WEEK_TO);
    expect(occs).toHaveLength(5 + 200 + 1 + 1);
    expect(occs.map(({ key, at }) => ({ key, at }))).toEqual(expectedWeek());
    // Friday 11:30: the announcement comes before the program item at the same instant.
    const friday = occs.filter((o) => o.at === wib('2026-03-06T11:30')).map((o) => o.ruleId);
    expect(friday).toEqual(['jumat', 'quarter']);
  });

  it('keeps the anthem at 07:00 WIB, which is midnight UTC', () => {
    const anthem = occurrencesBetween(rules, s, WEEK_FROM, WEEK_TO).filter((o) => o.ruleId === 'anthem');
    expect(anthem.map((o) => new Date(o.at).toISOString())).toEqual(
      WEEKDAYS.map((d) => `${d}T00:00:00.000Z`),
    );
  });

  it('gives each occurrence its rule, key and volume (rule volume or default)', () => {
    const occs = occurrencesBetween(rules, s, wib('2026-03-06T07:00'), wib('2026-03-06T08:00:01'));
    expect(occs.map((o) => [o.key, o.volume, o.rule.id])).toEqual([
      [`anthem@${wib('2026-03-06T07:00')}`, 80, 'anthem'],
      [`quarter@${wib('2026-03-06T08:00')}`, 60, 'quarter'],
    ]);
  });

  it('includes the start and excludes the end of the range', () => {
    const at = wib('2026-03-02T07:00');
    expect(occurrencesBetween(rules, s, at, at + 1).map((o) => o.ruleId)).toEqual(['anthem']);
    expect(occurrencesBetween(rules, s, at - 60_000, at)).toEqual([]);
  });

  it('honours except dates and skips holidays only for rules marked skipHolidays', () => {
    const raw = [
      rule({ id: 'anthem', skipHolidays: true, except: ['2026-03-17'] }),
      rule({ id: 'tone', when: { cron: '0 9 * * *' } }),
    ];
    const s2 = settings({ holidays: ['2026-03-19', '2026-03-20'] });
    const occs = occurrencesBetween(rulesOf(raw), s2, wib('2026-03-16T00:00'), wib('2026-03-23T00:00'));
    const anthemDays = occs.filter((o) => o.ruleId === 'anthem').map((o) => o.at);
    expect(anthemDays).toEqual(
      ['2026-03-16', '2026-03-18', '2026-03-21', '2026-03-22'].map((d) => wib(`${d}T07:00`)),
    );
    expect(occs.filter((o) => o.ruleId === 'tone')).toHaveLength(7);
  });

  it('treats validFrom and validUntil as inclusive local dates, even when UTC is still the day before', () => {
    // 06:00 WIB is 23:00 UTC of the previous day.
    const raw = [
      rule({
        when: {
          weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], times: ['06:00', '23:30'] },
        },
        validFrom: '2026-03-04',
        validUntil: '2026-03-05',
      }),
    ];
    const occs = occurrencesBetween(rulesOf(raw), settings(), WEEK_FROM, WEEK_TO);
    expect(occs.map((o) => o.at)).toEqual([
      wib('2026-03-04T06:00'),
      wib('2026-03-04T23:30'),
      wib('2026-03-05T06:00'),
      wib('2026-03-05T23:30'),
    ]);
  });

  it('applies validity to cron rules and one-off instants too', () => {
    const raw = [
      rule({ id: 'c', when: { cron: '30 6 * * *' }, validFrom: '2026-03-07' }),
      rule({ id: 'x', when: { at: wib('2026-03-03T10:00') }, except: ['2026-03-03'] }),
    ];
    const occs = occurrencesBetween(rulesOf(raw), settings(), WEEK_FROM, WEEK_TO);
    expect(occs.map((o) => o.key)).toEqual([`c@${wib('2026-03-07T06:30')}`, `c@${wib('2026-03-08T06:30')}`]);
  });

  it('runs 6-field cron patterns at their second', () => {
    const raw = [rule({ when: { cron: '30 0 7 * * 1' } })];
    expect(occurrencesBetween(rulesOf(raw), settings(), WEEK_FROM, WEEK_TO).map((o) => o.at)).toEqual([
      wib('2026-03-02T07:00:30'),
    ]);
  });

  it('caps volume in quiet hours that cross midnight', () => {
    const raw = [
      rule({
        id: 'loud',
        volume: 80,
        when: {
          weekly: {
            days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
            times: ['20:59', '21:00', '23:30', '04:59:59', '05:00'],
          },
        },
      }),
      rule({ id: 'soft', volume: 10, when: { at: wib('2026-03-02T23:00') } }),
    ];
    const s2 = settings({ quietHours: [{ from: '21:00', to: '05:00', maxVolume: 30 }] });
    const occs = occurrencesBetween(rulesOf(raw), s2, wib('2026-03-02T00:00'), wib('2026-03-03T00:00'));
    const vol = (local: string, id = 'loud') =>
      occs.find((o) => o.at === wib(local) && o.ruleId === id)?.volume;
    expect(vol('2026-03-02T04:59:59')).toBe(30);
    expect(vol('2026-03-02T05:00')).toBe(80);
    expect(vol('2026-03-02T20:59')).toBe(80);
    expect(vol('2026-03-02T21:00')).toBe(30);
    expect(vol('2026-03-02T23:30')).toBe(30);
    expect(vol('2026-03-02T23:00', 'soft')).toBe(10);
  });

  it('counts the part of a quiet period after midnight to the day it started', () => {
    const raw = [rule({ volume: 90, when: { weekly: { days: ['fri', 'sat'], times: ['05:00', '23:00'] } } })];
    const s2 = settings({
      quietHours: [
        { from: '22:00', to: '06:00', maxVolume: 20, days: ['fri'] },
        { from: '04:00', to: '23:59', maxVolume: 50, days: ['sat'] },
      ],
    });
    const occs = occurrencesBetween(rulesOf(raw), s2, WEEK_FROM, WEEK_TO);
    expect(occs.map((o) => [new Date(o.at + 7 * 3_600_000).toISOString().slice(0, 16), o.volume])).toEqual([
      ['2026-03-06T05:00', 90], // Friday morning: Thursday's night is not quiet
      ['2026-03-06T23:00', 20], // Friday night
      ['2026-03-07T05:00', 20], // Saturday 05:00 is still Friday's night, and the lower cap wins
      ['2026-03-07T23:00', 50], // Saturday night: only the Saturday day cap
    ]);
  });
});

describe('nextOccurrences', () => {
  const rules = rulesOf(weekRaw);

  it('returns the next items in order across rules', () => {
    const next = nextOccurrences(rules, settings(), wib('2026-03-06T11:20'), 3);
    expect(next.map((o) => o.key)).toEqual([
      `jumat@${wib('2026-03-06T11:30')}`,
      `quarter@${wib('2026-03-06T11:30')}`,
      `quarter@${wib('2026-03-06T11:45')}`,
    ]);
  });

  it('crosses the weekend', () => {
    const next = nextOccurrences(rules, settings(), wib('2026-03-06T17:46'), 2);
    expect(next.map((o) => o.key)).toEqual([
      `anthem@${wib('2026-03-09T07:00')}`,
      `quarter@${wib('2026-03-09T08:00')}`,
    ]);
  });

  it('finds a yearly rule months ahead and stops at rules that ended', () => {
    const raw = [
      rule({ id: 'merdeka', when: { cron: '0 10 17 8 *' } }),
      rule({ id: 'ended', validUntil: '2026-03-01' }),
    ];
    const rules = rulesOf(raw);
    // The default horizon (400 days) holds one 17 August; a longer one holds two.
    expect(nextOccurrences(rules, settings(), WEEK_FROM, 2).map((o) => o.key)).toEqual([
      `merdeka@${wib('2026-08-17T10:00')}`,
    ]);
    expect(nextOccurrences(rules, settings(), WEEK_FROM, 2, 600 * 86_400_000).map((o) => o.key)).toEqual([
      `merdeka@${wib('2026-08-17T10:00')}`,
      `merdeka@${wib('2027-08-17T10:00')}`,
    ]);
  });
});

describe('resolveDays', () => {
  it('lists today (whole day) and the next 7 days per local date', () => {
    const days = resolveDays(rulesOf(weekRaw), settings(), wib('2026-03-04T12:00'), 8);
    expect(days.map((d) => [d.date, d.weekday, d.occurrences.length])).toEqual([
      ['2026-03-04', 'wed', 1 + 40 + 1],
      ['2026-03-05', 'thu', 41],
      ['2026-03-06', 'fri', 42],
      ['2026-03-07', 'sat', 0],
      ['2026-03-08', 'sun', 0],
      ['2026-03-09', 'mon', 41],
      ['2026-03-10', 'tue', 41],
      ['2026-03-11', 'wed', 41],
    ]);
    expect(days[0]!.occurrences[0]!.at).toBe(wib('2026-03-04T07:00'));
    expect(days[0]!.occurrences.at(-1)!.key).toBe(`kerja-bakti@${wib('2026-03-04T19:45')}`);
  });

  it('puts an item at 23:59 WIB on its local date, not the UTC one', () => {
    const raw = [rule({ when: { weekly: { days: ['mon'], times: ['00:00', '23:59'] } } })];
    const [monday] = resolveDays(rulesOf(raw), settings(), wib('2026-03-02T00:00'), 1);
    expect(monday!.occurrences.map((o) => o.at)).toEqual([wib('2026-03-02T00:00'), wib('2026-03-02T23:59')]);
  });
});

describe('daylight saving (not in WIB, but the zone is configurable)', () => {
  const ny = settings({ timezone: 'America/New_York' });

  it('moves a weekly time in the spring gap forward and keeps others on local time', () => {
    // 2026-03-08: clocks go from 02:00 EST to 03:00 EDT.
    const raw = [rule({ when: { weekly: { days: ['sat', 'sun'], times: ['02:30', '07:00'] } } })];
    const occs = occurrencesBetween(
      rulesOf(raw),
      ny,
      Date.parse('2026-03-07T00:00:00-05:00'),
      Date.parse('2026-03-09T00:00:00-04:00'),
    );
    expect(occs.map((o) => o.at)).toEqual([
      Date.parse('2026-03-07T02:30:00-05:00'),
      Date.parse('2026-03-07T07:00:00-05:00'),
      Date.parse('2026-03-08T03:30:00-04:00'),
      Date.parse('2026-03-08T07:00:00-04:00'),
    ]);
  });

  it('plays a time repeated in autumn once, at the first instant', () => {
    // 2026-11-01: 01:30 happens at -04:00 and again at -05:00.
    const raw = [rule({ when: { weekly: { days: ['sun'], times: ['01:30'] } } })];
    const occs = occurrencesBetween(
      rulesOf(raw),
      ny,
      Date.parse('2026-11-01T00:00:00-04:00'),
      Date.parse('2026-11-02T00:00:00-05:00'),
    );
    expect(occs.map((o) => o.at)).toEqual([Date.parse('2026-11-01T01:30:00-04:00')]);
  });

  it('follows local time for cron rules across the change', () => {
    const raw = [rule({ when: { cron: '0 7 * * *' } })];
    const occs = occurrencesBetween(
      rulesOf(raw),
      ny,
      Date.parse('2026-03-07T00:00:00-05:00'),
      Date.parse('2026-03-10T00:00:00-04:00'),
    );
    expect(occs.map((o) => o.at)).toEqual([
      Date.parse('2026-03-07T07:00:00-05:00'),
      Date.parse('2026-03-08T07:00:00-04:00'),
      Date.parse('2026-03-09T07:00:00-04:00'),
    ]);
  });
});
