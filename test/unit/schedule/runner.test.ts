import { afterEach, describe, expect, it } from 'vitest';
import { type MissedReason, type Occurrence, ScheduleRunner } from '../../../audio/schedule/index.js';
import { silentLogger } from '../../../core/index.js';
import { FakeTime } from './fake-time.js';
import { rule, rulesOf, settings, wib } from './fixtures.js';

const DAY = '2026-03-02'; // a Monday
const at = (time: string, day = DAY) => wib(`${day}T${time}`);
/** 'HH:MM:SS' in WIB, computed without the process time zone. */
const hms = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(11, 19);

type Event =
  | { type: 'due'; key: string; lateMs: number; wall: string }
  | { type: 'missed'; key: string; reason: MissedReason; wall: string }
  | { type: 'held'; key: string; wall: string };

/** 'a@07:00:00' instead of 'a@1772409600000'. */
const label = (o: Occurrence) => `${o.ruleId}@${hms(o.at)}`;

const cron = (id: string, pattern: string) => rule({ id, when: { cron: pattern } });
const daily = (id: string, ...times: string[]) =>
  rule({ id, when: { weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], times } } });

const runners: ScheduleRunner[] = [];
afterEach(() => {
  for (const r of runners.splice(0)) r.stop();
});

function setup(
  startTime: string,
  raw: unknown[],
  opts: { clockTrusted?: boolean; throwOnDue?: boolean } = {},
) {
  const time = new FakeTime(at(startTime));
  const events: Event[] = [];
  const wall = () => hms(time.now());
  const make = () => {
    const runner = new ScheduleRunner({
      clock: time.clock,
      timers: time.timers,
      monotonic: time.monotonic,
      log: silentLogger(),
      leadMs: 5000,
      missedGraceMs: 60_000,
      lookaheadMs: 24 * 3_600_000,
      clockTrusted: opts.clockTrusted ?? true,
      onDue: (o, { lateMs }) => {
        events.push({ type: 'due', key: label(o), lateMs, wall: wall() });
        if (opts.throwOnDue) throw new Error('player crashed');
      },
      onMissed: (o, reason) => events.push({ type: 'missed', key: label(o), reason, wall: wall() }),
      onHeld: (o) => events.push({ type: 'held', key: label(o), wall: wall() }),
    });
    runner.load(rulesOf(raw), settings());
    runners.push(runner);
    return runner;
  };
  const take = () => events.splice(0);
  return { time, events, take, make, runner: make() };
}

describe('ScheduleRunner: handing over', () => {
  it('hands an occurrence over leadMs before its instant, once', () => {
    const { time, runner, take } = setup('06:00', [daily('anthem', '07:00')]);
    runner.start();
    time.advanceTo(at('06:59:54.999'));
    expect(take()).toEqual([]);
    time.advance(1);
    expect(take()).toEqual([{ type: 'due', key: 'anthem@07:00:00', lateMs: 0, wall: '06:59:55' }]);
    time.advanceTo(at('08:00'));
    expect(take()).toEqual([]);
  });

  it('hands over at once an item already inside the lead', () => {
    const { runner, take } = setup('06:59:58', [daily('anthem', '07:00')]);
    runner.start();
    expect(take()).toEqual([{ type: 'due', key: 'anthem@07:00:00', lateMs: 0, wall: '06:59:58' }]);
  });

  it('never sets a timer longer than an hour, yet fires a far item on time', () => {
    const { time, runner, take } = setup('06:00', [
      rule({ id: 'tomorrow', when: { at: at('07:00', '2026-03-03') } }),
    ]);
    runner.start();
    time.advanceTo(at('06:59:54', '2026-03-03'));
    expect(take()).toEqual([]);
    time.advance(1000);
    expect(take()).toEqual([{ type: 'due', key: 'tomorrow@07:00:00', lateMs: 0, wall: '06:59:55' }]);
    expect(Math.max(...time.delays)).toBeLessThanOrEqual(3_600_000);
    expect(time.delays.length).toBeGreaterThanOrEqual(25);
  });

  it('hands simultaneous items over in priority order', () => {
    const { runner, take } = setup('07:00:00', [
      rule({ id: 'prog', when: { at: at('07:00:03') } }),
      rule({ id: 'ann', priority: 'announcement', when: { at: at('07:00:03') } }),
    ]);
    runner.start();
    expect(take().map((e) => e.key)).toEqual(['ann@07:00:03', 'prog@07:00:03']);
  });

  it('keeps running when a callback throws', () => {
    const { time, runner, take } = setup('06:59:10', [cron('tick', '* * * * *')], { throwOnDue: true });
    runner.start();
    time.advanceTo(at('07:02:00'));
    expect(take().map((e) => e.key)).toEqual(['tick@07:00:00', 'tick@07:01:00', 'tick@07:02:00']);
  });

  it('stops: no more callbacks and no timer left', () => {
    const { time, runner, take } = setup('06:59:10', [cron('tick', '* * * * *')]);
    runner.start();
    runner.stop();
    time.advanceTo(at('07:10'));
    expect(take()).toEqual([]);
    expect(time.timerCount).toBe(0);
  });

  it('stops handing over when a callback stops the runner', () => {
    const time = new FakeTime(at('07:00'));
    const keys: string[] = [];
    const runner: ScheduleRunner = new ScheduleRunner({
      clock: time.clock,
      timers: time.timers,
      monotonic: time.monotonic,
      log: silentLogger(),
      onDue: (o) => {
        keys.push(o.key);
        runner.stop();
      },
    });
    runner.load(rulesOf([daily('a', '07:00:01'), daily('b', '07:00:02')]), settings());
    runner.start();
    time.advanceTo(at('07:10'));
    expect(keys).toEqual([`a@${at('07:00:01')}`]);
  });

  it('lists what comes next', () => {
    const { runner } = setup('06:50', [cron('q', '*/15 * * * *'), daily('anthem', '07:00')]);
    runner.start();
    expect(runner.upcoming(3).map(label)).toEqual(['anthem@07:00:00', 'q@07:00:00', 'q@07:15:00']);
  });
});

describe('ScheduleRunner: restart', () => {
  it('after a restart 30 s ago, hands over the item it missed, late', () => {
    const { runner, take } = setup('07:00:20', [daily('anthem', '07:00')]);
    runner.start(at('06:59:50'));
    expect(take()).toEqual([{ type: 'due', key: 'anthem@07:00:00', lateMs: 20_000, wall: '07:00:20' }]);
  });

  it('marks items older than the grace missed(restart) and plays no backlog', () => {
    const { time, runner, take } = setup('07:10:20', [
      daily('a', '07:00'), // before the checkpoint: the previous run settled it
      daily('b', '07:08'), // 2 min 20 s ago
      daily('c', '07:09:40'), // 40 s ago: within the grace
      daily('d', '07:10:23'), // inside the lead
      daily('e', '07:30'),
    ]);
    runner.start(at('07:05'));
    expect(take()).toEqual([
      { type: 'missed', key: 'b@07:08:00', reason: 'restart', wall: '07:10:20' },
      { type: 'due', key: 'c@07:09:40', lateMs: 40_000, wall: '07:10:20' },
      { type: 'due', key: 'd@07:10:23', lateMs: 0, wall: '07:10:20' },
    ]);
    time.advanceTo(at('07:31'));
    expect(take()).toEqual([{ type: 'due', key: 'e@07:30:00', lateMs: 0, wall: '07:29:55' }]);
  });

  it('resumes from checkpoint(): nothing twice, the gap reported', () => {
    const raw = [cron('q', '*/15 6-8 * * *')];
    const first = setup('06:00', raw);
    first.runner.start();
    first.time.advanceTo(at('07:02'));
    expect(first.take().map((e) => e.key)).toEqual([
      'q@06:00:00',
      'q@06:15:00',
      'q@06:30:00',
      'q@06:45:00',
      'q@07:00:00',
    ]);
    const saved = first.runner.checkpoint();
    expect(saved).toBe(at('07:02'));
    first.runner.stop();

    first.time.advanceTo(at('07:40'));
    const second = first.make();
    second.start(saved);
    expect(first.take()).toEqual([
      { type: 'missed', key: 'q@07:15:00', reason: 'restart', wall: '07:40:00' },
      { type: 'missed', key: 'q@07:30:00', reason: 'restart', wall: '07:40:00' },
    ]);
    first.time.advanceTo(at('07:46'));
    expect(first.take()).toEqual([{ type: 'due', key: 'q@07:45:00', lateMs: 0, wall: '07:44:55' }]);
  });

  it('hands an item over again after a crash inside its lead, since it never started', () => {
    const first = setup('07:14', [cron('q', '*/15 * * * *')]);
    first.runner.start();
    first.time.advanceTo(at('07:14:57'));
    expect(first.take().map((e) => e.key)).toEqual(['q@07:15:00']);
    const saved = first.runner.checkpoint();
    expect(saved).toBe(at('07:14:57'));
    first.runner.stop();
    first.time.advanceTo(at('07:15:10'));
    first.make().start(saved);
    expect(first.take()).toEqual([{ type: 'due', key: 'q@07:15:00', lateMs: 10_000, wall: '07:15:10' }]);
  });

  it('ignores a checkpoint in the future (the clock was wrong before)', () => {
    const { time, runner, take } = setup('07:00', [cron('q', '*/15 * * * *')]);
    runner.start(at('09:00'));
    time.advanceTo(at('07:16'));
    expect(take().map((e) => e.key)).toEqual(['q@07:00:00', 'q@07:15:00']);
  });
});

describe('ScheduleRunner: clock jumps', () => {
  it('after a forward jump of 1 h, reports skipped items missed(clock-jump) and plays no backlog', () => {
    const { time, runner, take } = setup('06:50', [cron('q', '*/15 * * * *'), daily('w', '07:59:30')]);
    runner.start();
    time.advanceTo(at('06:56'));
    time.jump(3_600_000); // 07:56
    time.advanceTo(at('08:01'));
    expect(take()).toEqual([
      { type: 'missed', key: 'q@07:00:00', reason: 'clock-jump', wall: '07:59:55' },
      { type: 'missed', key: 'q@07:15:00', reason: 'clock-jump', wall: '07:59:55' },
      { type: 'missed', key: 'q@07:30:00', reason: 'clock-jump', wall: '07:59:55' },
      { type: 'missed', key: 'q@07:45:00', reason: 'clock-jump', wall: '07:59:55' },
      { type: 'due', key: 'w@07:59:30', lateMs: 25_000, wall: '07:59:55' },
      { type: 'due', key: 'q@08:00:00', lateMs: 0, wall: '07:59:55' },
    ]);
  });

  it('after a backward jump of 1 h, plays nothing twice', () => {
    const { time, runner, take } = setup('05:50', [cron('q', '*/15 * * * *')]);
    runner.start();
    time.advanceTo(at('07:16'));
    expect(take().map((e) => e.key)).toEqual([
      'q@06:00:00',
      'q@06:15:00',
      'q@06:30:00',
      'q@06:45:00',
      'q@07:00:00',
      'q@07:15:00',
    ]);
    time.jump(-3_600_000); // 06:16 again
    time.advance(80 * 60_000); // to 07:36
    expect(take()).toEqual([{ type: 'due', key: 'q@07:30:00', lateMs: 0, wall: '07:29:55' }]);
  });

  it('reports items missed(late) when the process stalled past the grace', () => {
    const { time, runner, take } = setup('07:00:30', [cron('m', '* * * * *')]);
    runner.start();
    time.advanceTo(at('07:01:00'));
    expect(take().map((e) => e.key)).toEqual(['m@07:01:00']);
    time.stall(190_000); // 07:04:10, no timer ran
    // Until the timer runs, the checkpoint stays before the first unsettled item.
    expect(runner.checkpoint()).toBe(at('07:02') - 1);
    time.advance(0);
    expect(take()).toEqual([
      { type: 'missed', key: 'm@07:02:00', reason: 'late', wall: '07:04:10' },
      { type: 'missed', key: 'm@07:03:00', reason: 'late', wall: '07:04:10' },
      { type: 'due', key: 'm@07:04:00', lateMs: 10_000, wall: '07:04:10' },
    ]);
  });
});

describe('ScheduleRunner: untrusted clock', () => {
  it('holds due items while the clock is untrusted and hands them over within the grace', () => {
    const { time, runner, take } = setup('06:50', [cron('q', '*/15 * * * *')]);
    runner.start();
    time.advanceTo(at('06:58'));
    runner.setClockTrusted(false);
    const frozen = runner.checkpoint();
    time.advanceTo(at('07:00:40'));
    expect(take()).toEqual([{ type: 'held', key: 'q@07:00:00', wall: '06:59:55' }]);
    expect(runner.checkpoint()).toBe(frozen);
    runner.setClockTrusted(true);
    expect(take()).toEqual([{ type: 'due', key: 'q@07:00:00', lateMs: 40_000, wall: '07:00:40' }]);
    expect(runner.checkpoint()).toBe(at('07:00:40'));
  });

  it('reports held items older than the grace missed(clock-untrusted)', () => {
    const { time, runner, take } = setup('06:50', [cron('q', '*/15 * * * *')]);
    runner.start();
    time.advanceTo(at('06:58'));
    runner.setClockTrusted(false);
    time.advanceTo(at('07:15:30'));
    expect(take().map((e) => `${e.type} ${e.key}`)).toEqual(['held q@07:00:00', 'held q@07:15:00']);
    runner.setClockTrusted(true);
    expect(take()).toEqual([
      { type: 'missed', key: 'q@07:00:00', reason: 'clock-untrusted', wall: '07:15:30' },
      { type: 'due', key: 'q@07:15:00', lateMs: 30_000, wall: '07:15:30' },
    ]);
    time.advanceTo(at('07:31'));
    expect(take()).toEqual([{ type: 'due', key: 'q@07:30:00', lateMs: 0, wall: '07:29:55' }]);
  });

  it('boots with an old clock, stays quiet, and sorts out the gap once NTP sets the time', () => {
    // fake-hwclock restored 05:00; the previous run saved 06:55; the real time is 07:10.
    const { time, make, take } = setup('05:00', [cron('q', '*/15 * * * *')], { clockTrusted: false });
    const runner = make();
    runner.start(at('06:55'));
    time.advance(60_000);
    expect(take()).toEqual([]);
    expect(runner.checkpoint()).toBe(at('06:55'));
    time.jump(at('07:11') - time.now());
    runner.setClockTrusted(true);
    expect(take()).toEqual([{ type: 'missed', key: 'q@07:00:00', reason: 'restart', wall: '07:11:00' }]);
    time.advanceTo(at('07:16'));
    expect(take()).toEqual([{ type: 'due', key: 'q@07:15:00', lateMs: 0, wall: '07:14:55' }]);
  });
});

describe('ScheduleRunner: load() at run time', () => {
  it('replaces future occurrences without handing over again what was handed over', () => {
    const { time, runner, take } = setup('06:50', [cron('a', '*/15 * * * *'), daily('c', '07:20')]);
    runner.start();
    time.advanceTo(at('07:01'));
    expect(take().map((e) => e.key)).toEqual(['a@07:00:00']);
    runner.load(
      rulesOf([
        cron('a', '*/5 * * * *'),
        daily('b', '07:03'),
        rule({ id: 'news', priority: 'announcement', when: { at: at('07:00:40') } }),
      ]),
      settings(),
    );
    expect(take()).toEqual([{ type: 'due', key: 'news@07:00:40', lateMs: 20_000, wall: '07:01:00' }]);
    time.advanceTo(at('07:21'));
    expect(take().map((e) => `${e.key} ${e.wall}`)).toEqual([
      'b@07:03:00 07:02:55',
      'a@07:05:00 07:04:55',
      'a@07:10:00 07:09:55',
      'a@07:15:00 07:14:55',
      'a@07:20:00 07:19:55',
    ]);
  });

  it('applies new settings: holidays and quiet hours', () => {
    const { time, runner, take } = setup('06:50', [daily('anthem', '07:00'), cron('q', '0 8 * * *')]);
    runner.start();
    runner.load(
      rulesOf([rule({ id: 'anthem', skipHolidays: true }), cron('q', '0 8 * * *')]),
      settings({ holidays: [DAY], quietHours: [{ from: '07:30', to: '08:30', maxVolume: 20 }] }),
    );
    const volumes: number[] = [];
    const r2 = new ScheduleRunner({
      clock: time.clock,
      timers: time.timers,
      monotonic: time.monotonic,
      log: silentLogger(),
      onDue: (o) => volumes.push(o.volume),
    });
    runners.push(r2);
    r2.load(
      rulesOf([cron('q', '0 8 * * *')]),
      settings({ quietHours: [{ from: '07:30', to: '08:30', maxVolume: 20 }] }),
    );
    r2.start();
    time.advanceTo(at('08:01'));
    expect(take().map((e) => e.key)).toEqual(['q@08:00:00']);
    expect(volumes).toEqual([20]);
  });
});
