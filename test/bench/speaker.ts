// Speaker benchmark (issue 3):
//  1. Start accuracy: >= 1000 one-off items 50–200 ms apart through the real ScheduleRunner,
//     Player (arbiter) and AmpSequencer, with the simulated output. Figure: when the first
//     sample was handed to the output (stream start + pre-roll) minus the scheduled instant.
//     Baseline in the same run: no pre-warm — the amplifier is started at the scheduled
//     instant, as cron-style schedulers do.
//  2. Preemption: an emergency requested while a program plays; request → new stream started.
//  3. Amplifier safety: random kill points of aplay (a real process, SIGKILL) and of the
//     sequencer (its state lost); count of ends with the amplifier enabled or unmuted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AmpSequencer,
  type AmpTimings,
  AplayOutput,
  type AudioOutput,
  CANONICAL_FORMAT,
  type PcmPart,
  Player,
  type PlayItem,
  type PlayRecord,
  parseScheduleSettings,
  type ScheduleRule,
  ScheduleRunner,
  SimAudioOutput,
  SimMixer,
  wavPart,
  writeToneWav,
} from '../../audio/index.js';
import { silentLogger, systemClock } from '../../core/index.js';
import { fakeAmp } from '../helpers/fake-amp.js';
import { writeRealtimeAplay } from '../helpers/realtime-aplay.js';
import { percentile, report } from './lib/report.js';

const log = silentLogger();
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const BASELINE_ITEMS = Number(process.env.BENCH_BASELINE_ITEMS ?? 300);
const PREEMPT_TRIALS = Number(process.env.BENCH_PREEMPT ?? 200);
const SAFETY_TRIALS = Number(process.env.BENCH_SAFETY ?? 200);
const dir = mkdtempSync(path.join(tmpdir(), 'tiang-bench-speaker-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

async function tonePart(name: string, ms: number): Promise<PcmPart> {
  const file = path.join(dir, `${name}.wav`);
  await writeToneWav(file, ms, 660);
  return (await wavPart(file, CANONICAL_FORMAT, name)).part;
}

function rig(output: AudioOutput, timings: AmpTimings, hasRelay = false) {
  const amp = fakeAmp(hasRelay);
  const sequencer = new AmpSequencer(amp, timings, systemClock, log);
  sequencer.start();
  const records: PlayRecord[] = [];
  const player = new Player({
    clock: systemClock,
    output,
    mixer: new SimMixer(),
    sequencer,
    timings,
    log,
    record: (r) => records.push(r),
  });
  return { amp, sequencer, player, records };
}

/** Items through the real schedule runner; prewarm=false hands them over at their instant without a time. */
async function startAccuracy(count: number, prewarm: boolean): Promise<number[]> {
  // Short items so that 50 ms spacing is possible: 15 pre-roll + 10 content + 15 tail.
  // The amplifier is off between items (hold 0): every item needs its warm-up, as on a pole
  // where items are minutes apart.
  const timings: AmpTimings = {
    supplyMs: 0,
    warmMs: 20,
    prerollMs: 15,
    switchPrerollMs: 10,
    tailMs: 15,
    holdMs: 0,
  };
  const { player, records, sequencer } = rig(new SimAudioOutput({ clock: systemClock }), timings);
  const part = await tonePart('beep', 10);
  let t = Date.now() + 2000;
  // One-off rules built directly: a desired schedule holds at most 500 rules, and validating
  // them is not what this measures.
  const parsed: ScheduleRule[] = [];
  for (let i = 0; i < count; i++) {
    t += Math.round(rand(50, 200));
    parsed.push({
      id: `r${i}`,
      title: { id: `r${i}`, en: `r${i}` },
      when: { at: t },
      priority: 'announcement',
      play: ['0'.repeat(64)],
      onCut: 'restart',
    });
  }
  const settings = parseScheduleSettings({ timezone: 'Asia/Jakarta' });
  const runner = new ScheduleRunner({
    clock: systemClock,
    log,
    leadMs: prewarm ? 1000 : 0,
    missedGraceMs: 60_000,
    onDue: (occ) => {
      const item: PlayItem = {
        id: occ.key,
        title: occ.key,
        priority: 'announcement',
        source: 'schedule',
        format: CANONICAL_FORMAT,
        parts: [part],
        ...(prewarm ? { at: occ.at } : {}),
        occurrenceKey: occ.key,
      };
      player.submit(item);
    },
  });
  const scheduledAt = new Map(parsed.map((r) => [`${r.id}`, (r.when as { at: number }).at]));
  runner.load(parsed, settings);
  runner.start();
  while (records.length < count) await sleep(50);
  runner.stop();
  await player.shutdown();
  sequencer.stop();
  return records
    .filter((r) => r.result === 'played')
    .map((r) => r.startedAt! - scheduledAt.get(r.occurrenceKey!.split('@')[0]!)!);
}

async function preemption(trials: number): Promise<number[]> {
  const output = new SimAudioOutput({ clock: systemClock });
  const startedAt = new Map<string, number>();
  const measured: AudioOutput = {
    simulated: true,
    play: (program, opts) =>
      output.play(program, {
        ...opts,
        onStart: (at) => {
          if (typeof program !== 'string') startedAt.set(program.parts[1]?.label ?? '', at);
          opts?.onStart?.(at);
        },
      }),
  };
  const timings: AmpTimings = {
    supplyMs: 0,
    warmMs: 20,
    prerollMs: 30,
    switchPrerollMs: 20,
    tailMs: 30,
    holdMs: 5000,
  };
  const { player, records } = rig(measured, timings);
  const song = await tonePart('song', 2000);
  const alarm = await tonePart('alarm', 20);
  const figures: number[] = [];
  for (let i = 0; i < trials; i++) {
    player.submit({
      id: `p${i}`,
      title: 'program',
      priority: 'program',
      source: 'test',
      format: CANONICAL_FORMAT,
      parts: [song],
      onCut: 'drop',
    });
    while (player.nowPlaying()?.startedAt === undefined) await sleep(2);
    await sleep(rand(20, 200));
    startedAt.delete('alarm');
    const t0 = Date.now();
    player.submit({
      id: `e${i}`,
      title: 'alarm',
      priority: 'emergency',
      source: 'alert',
      format: CANONICAL_FORMAT,
      parts: [alarm],
    });
    while (!records.some((r) => r.itemId === `e${i}`)) await sleep(2);
    figures.push(startedAt.get('alarm')! - t0);
  }
  await player.shutdown();
  return figures;
}

async function safety(trials: number): Promise<{ leftOn: number; trials: number }> {
  const aplayPath = writeRealtimeAplay(dir);
  const output = new AplayOutput({ device: 'null', aplayPath, clock: systemClock, log, stopGraceMs: 200 });
  const timings: AmpTimings = {
    supplyMs: 30,
    warmMs: 30,
    prerollMs: 40,
    switchPrerollMs: 20,
    tailMs: 40,
    holdMs: 50,
  };
  const { player, records, sequencer, amp } = rig(output, timings, true);
  const part = await tonePart('item', 300);
  let leftOn = 0;
  for (let i = 0; i < trials; i++) {
    const before = records.length;
    player.submit({
      id: `s${i}`,
      title: 'item',
      priority: 'announcement',
      source: 'test',
      format: CANONICAL_FORMAT,
      parts: [part],
    });
    // Anywhere from the warm-up to the tail.
    await sleep(rand(0, 450));
    if (i % 2 === 0) {
      const pid = spawnSync('pgrep', ['-n', '-f', aplayPath], { encoding: 'utf8' }).stdout.trim();
      try {
        if (pid) process.kill(Number(pid), 'SIGKILL');
      } catch {
        // It ended by itself between pgrep and kill: this kill point fell after the item.
      }
    } else {
      sequencer.loseState();
    }
    while (records.length === before) await sleep(5);
    // The end: nothing playing or waiting (retries included) for longer than a retry takes,
    // then the hold time and a watchdog period.
    let quietSince = Date.now();
    while (Date.now() - quietSince < 800) {
      if (player.nowPlaying() || player.upcoming().length > 0) quietSince = Date.now();
      await sleep(20);
    }
    await sleep(timings.holdMs + 300);
    const lines = amp.read();
    if (lines.enabled || !lines.muted || lines.supply) {
      leftOn += 1;
      if (process.env.BENCH_DEBUG)
        console.error(
          `left on after ${i % 2 === 0 ? 'aplay kill' : 'lost state'}`,
          lines,
          sequencer.state,
          records.at(-1),
        );
    }
  }
  await player.shutdown();
  return { leftOn, trials };
}

try {
  console.error(`start accuracy: ${ITEMS} items with pre-warm…`);
  const ours = await startAccuracy(ITEMS, true);
  console.error(`baseline: ${BASELINE_ITEMS} items started at their instant…`);
  const base = await startAccuracy(BASELINE_ITEMS, false);
  console.error(`preemption: ${PREEMPT_TRIALS} trials…`);
  const pre = await preemption(PREEMPT_TRIALS);
  console.error(`amplifier safety: ${SAFETY_TRIALS} kill points…`);
  const safe = await safety(SAFETY_TRIALS);
  const abs = ours.map(Math.abs);
  report('speaker', [
    { metric: 'start_p50_ms', value: percentile(abs, 50), unit: 'ms', samples: ours.length },
    {
      metric: 'start_p99_ms',
      value: percentile(abs, 99),
      unit: 'ms',
      samples: ours.length,
      baseline: percentile(base.map(Math.abs), 99),
    },
    { metric: 'start_max_ms', value: Math.max(...abs), unit: 'ms', samples: ours.length },
    {
      metric: 'start_baseline_p50_ms',
      value: percentile(base.map(Math.abs), 50),
      unit: 'ms',
      samples: base.length,
    },
    { metric: 'preempt_p99_ms', value: percentile(pre, 99), unit: 'ms', samples: pre.length },
    { metric: 'preempt_max_ms', value: Math.max(...pre), unit: 'ms', samples: pre.length },
    { metric: 'amp_left_on_count', value: safe.leftOn, unit: 'count', samples: safe.trials },
  ]);
  if (ours.length < ITEMS) console.error(`note: ${ITEMS - ours.length} items did not play`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
