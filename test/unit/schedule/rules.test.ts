import { describe, expect, it } from 'vitest';
import {
  defaultScheduleSettings,
  parseSchedule,
  parseScheduleSettings,
} from '../../../audio/schedule/index.js';
import { isTiangError, type TiangError } from '../../../core/index.js';
import { rule, SHA_JUMAT, settings, weekRaw, wib } from './fixtures.js';

const NOW = wib('2026-03-02T00:00');

function problemsOf(raw: unknown): string {
  try {
    parseSchedule(raw, { settings: settings(), now: NOW });
  } catch (err) {
    expect(isTiangError(err)).toBe(true);
    expect((err as TiangError).code).toBe('SCHEDULE_INVALID');
    expect((err as TiangError).fix.id).toMatch(/jadwal/);
    return (err as TiangError).message;
  }
  throw new Error('expected SCHEDULE_INVALID');
}

describe('parseSchedule', () => {
  it('accepts the week of WIB rules and fills in defaults', () => {
    const { rules, warnings } = parseSchedule(weekRaw, { settings: settings(), now: NOW });
    expect(rules.map((r) => [r.id, r.onCut])).toEqual([
      ['anthem', 'resume'],
      ['jumat', 'restart'],
      ['quarter', 'resume'],
      ['kerja-bakti', 'restart'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps an explicit onCut, lower-cases content hashes and drops repeated weekdays', () => {
    const [r] = parseSchedule(
      [
        rule({
          onCut: 'drop',
          play: [SHA_JUMAT.toUpperCase()],
          when: { weekly: { days: ['mon', 'mon'], times: ['07:00'] } },
        }),
      ],
      { now: NOW },
    ).rules;
    expect(r!.onCut).toBe('drop');
    expect(r!.play).toEqual([SHA_JUMAT]);
    expect(r!.when).toEqual({ weekly: { days: ['mon'], times: ['07:00'] } });
  });

  it("names the rule and passes on croner's message for an invalid cron", () => {
    const message = problemsOf([rule({ id: 'bad-cron', when: { cron: '0 25 * * *' } })]);
    expect(message).toContain('rule "bad-cron" (schedule[0]) when.cron');
    expect(message).toContain('Invalid value for hour: 25');
  });

  it('rejects a cron with the wrong number of fields', () => {
    expect(problemsOf([rule({ id: 'short', when: { cron: '*/15 8-17 * *' } })])).toMatch(
      /rule "short" .*when\.cron: cron "\*\/15 8-17 \* \*": .*five, six, or seven/,
    );
    expect(problemsOf([rule({ id: 'seven', when: { cron: '0 0 7 * * * 2026' } })])).toContain('rule "seven"');
  });

  it('refuses cron patterns that repeat within a minute', () => {
    expect(problemsOf([rule({ when: { cron: '*/10 * * * * *' } })])).toContain('seconds field');
  });

  it('lists every problem at once, each with its rule id and path', () => {
    const message = problemsOf([
      rule({ id: 'anthem', when: { weekly: { days: ['mon', 'fun'], times: ['07:00', '25:00'] } } }),
      rule({ id: 'range', validFrom: '2026-03-10', validUntil: '2026-03-01' }),
      rule({ id: 'anthem' }),
      rule({ id: 'cron', when: { cron: 'every day' } }),
      rule({ id: 'dates', except: ['2026-02-30'], volume: 120 }),
      rule({ id: 'Bad Id!', priority: 'emergency' }),
    ]);
    expect(message).toMatch(/^schedule has 9 problems:\n {2}- rule "anthem" \(schedule\[0\]\)/);
    for (const expected of [
      'rule "anthem" (schedule[0]) when.weekly.days[1]: "fun" is not a weekday',
      'rule "anthem" (schedule[0]) when.weekly.times[1]: "25:00" is not a time of day',
      'rule "range" (schedule[1]) validUntil: 2026-03-01 is before validFrom 2026-03-10',
      'rule "anthem" (schedule[2]) id: duplicate id "anthem", also used by schedule[0]',
      'rule "cron" (schedule[3]) when.cron: cron "every day"',
      'rule "dates" (schedule[4]) except[0]: "2026-02-30" is not a date',
      'rule "dates" (schedule[4]) volume: must be 0 to 100',
      'rule "Bad Id!" (schedule[5]) id: must be 1 to 64 characters',
      'rule "Bad Id!" (schedule[5]) priority: "emergency" is not a schedule priority',
    ]) {
      expect(message).toContain(expected);
    }
    // Read rule by rule, in the order of the schedule.
    expect(message.indexOf('(schedule[1])')).toBeLessThan(message.indexOf('(schedule[2])'));
    expect(message.indexOf('(schedule[2])')).toBeLessThan(message.indexOf('(schedule[3])'));
  });

  it('reports a bad id itself and rules that are not objects', () => {
    const message = problemsOf([rule({ id: 'Bad Id!' }), 'anthem']);
    expect(message).toContain('rule "Bad Id!" (schedule[0]) id: must be 1 to 64 characters');
    expect(message).toContain('rule #2 (schedule[1]) (rule):');
  });

  it('wants exactly one kind of when', () => {
    expect(
      problemsOf([rule({ id: 'two', when: { cron: '0 7 * * *', at: wib('2026-03-03T07:00') } })]),
    ).toContain('rule "two" (schedule[0]) when: needs exactly one of weekly, cron or at (has cron and at)');
    expect(problemsOf([rule({ id: 'none', when: {} })])).toContain('needs exactly one of weekly, cron or at');
  });

  it('catches an instant sent in seconds instead of milliseconds', () => {
    expect(problemsOf([rule({ when: { at: Math.floor(wib('2026-03-03T07:00') / 1000) } })])).toContain(
      'when.at: must be UTC epoch milliseconds',
    );
  });

  it('explains a bad play item by what it resembles', () => {
    const message = problemsOf([
      rule({ play: [{ tts: { text: 'Halo', lang: 'fr' } }, 'not-a-hash', 42] }),
      rule({ id: 'empty', play: [] }),
    ]);
    expect(message).toContain('play[0].tts.lang: "fr" is not a TTS language');
    expect(message).toContain('play[1]: must be the sha256 of a content item');
    expect(message).toContain('play[2]: must be a content sha256');
    expect(message).toContain('rule "empty" (schedule[1]) play:');
  });

  it('rejects unknown keys, so a typo such as skipHoliday does not silently change behaviour', () => {
    expect(problemsOf([rule({ skipHoliday: true })])).toContain('unknown key "skipHoliday"');
  });

  it('refuses a schedule that is not a list', () => {
    expect(problemsOf({ rules: [] })).toContain('schedule: must be a list of rules');
  });

  it('warns about rules that play at the same moment with the same priority', () => {
    const raw = [
      ...weekRaw,
      rule({
        id: 'jumat-2',
        priority: 'announcement',
        when: { weekly: { days: ['fri'], times: ['11:30:01'] } },
      }),
      // Same instant but another priority: the arbiter orders them, no warning.
      rule({ id: 'noon-test', priority: 'test', when: { cron: '30 11 * * 5' } }),
    ];
    const { warnings } = parseSchedule(raw, { settings: settings(), now: NOW });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'overlapping-rules',
      ruleIds: ['jumat', 'jumat-2'],
      at: wib('2026-03-06T11:30'),
    });
    expect(warnings[0]!.message).toContain('overlapping rules "jumat" and "jumat-2"');
    expect(warnings[0]!.message).toContain('2026-03-06 11:30:00 (Asia/Jakarta)');
  });

  it('only looks 7 days ahead for overlaps', () => {
    const raw = [
      rule({ id: 'a', when: { at: wib('2026-03-20T08:00') } }),
      rule({ id: 'b', when: { at: wib('2026-03-20T08:00') } }),
    ];
    expect(parseSchedule(raw, { now: NOW }).warnings).toEqual([]);
  });

  it('warns about rules that will never play', () => {
    const raw = [
      rule({ id: 'past', when: { at: wib('2026-03-01T08:00') } }),
      rule({ id: 'feb-30', when: { cron: '0 8 30 2 *' } }),
      rule({ id: 'ok' }),
    ];
    const { warnings } = parseSchedule(raw, { now: NOW });
    expect(warnings.map((w) => [w.code, w.ruleIds])).toEqual([
      ['no-occurrence', ['past']],
      ['no-occurrence', ['feb-30']],
    ]);
  });
});

describe('parseScheduleSettings', () => {
  it('fills in WIB, 60 s grace and no quiet hours', () => {
    expect(parseScheduleSettings({})).toEqual({
      timezone: 'Asia/Jakarta',
      holidays: [],
      quietHours: [],
      defaultVolume: 70,
      missedGraceMs: 60_000,
    });
    expect(defaultScheduleSettings.timezone).toBe('Asia/Jakarta');
  });

  it('lists every bad setting with its path', () => {
    let message = '';
    try {
      parseScheduleSettings({
        timezone: 'Asia/Blitar',
        holidays: ['17-08-2026'],
        quietHours: [
          { from: '22:00', to: '22:00', maxVolume: 30 },
          { from: '21:00:00', to: '05:00', maxVolume: 30 },
        ],
      });
    } catch (err) {
      expect((err as TiangError).code).toBe('SCHEDULE_INVALID');
      message = (err as Error).message;
    }
    expect(message).toContain('settings.timezone: "Asia/Blitar" is not a known IANA time zone');
    expect(message).toContain('settings.holidays[0]: "17-08-2026" is not a date');
    expect(message).toContain('settings.quietHours[0].to: from and to are equal');
    expect(message).toContain('settings.quietHours[1].from: "21:00:00" is not a time of day: use HH:MM');
  });
});
