// SDS011 parser throughput: how fast line noise with frames in it is cut into frames and decoded.
// The input is random bytes with a valid frame (or, one in ten, a broken one) after
// every 0–300 noise bytes, fed in 4 KiB chunks like a busy serial read.
// BENCH_SENSORS_MB sets the input size (default 8); BENCH_RUNS the repeats (default 5).
import { parseSensorFrame, Sds011Framer } from '../../hardware/index.js';
import { chunked, fuzzInput } from '../unit/sensors/fuzz-input.js';
import { median, report } from './lib/report.js';

const MB = Number(process.env.BENCH_SENSORS_MB ?? 8);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHUNK = 4096;

const input = fuzzInput(Math.round(MB * 1024 * 1024), 2025);
const chunks = chunked(input.bytes, () => CHUNK);
const mb = input.bytes.length / (1024 * 1024);

function run(): { seconds: number; frames: number } {
  const framer = new Sds011Framer();
  let frames = 0;
  const t0 = performance.now();
  // scan() hands frames over without copying; each is decoded where it is, as the driver does.
  for (const chunk of chunks) {
    framer.scan(chunk, (buf, at) => {
      if (parseSensorFrame(buf, at).type !== 'unknown') frames++;
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  if (frames < input.frames.length)
    throw new Error(`framer lost frames: ${frames} of ${input.frames.length}`);
  return { seconds, frames };
}

run(); // warm-up: let the JIT settle before measuring
const speeds: number[] = [];
const rates: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const { seconds, frames } = run();
  speeds.push(mb / seconds);
  rates.push(frames / seconds);
  console.error(
    `run ${i + 1}/${RUNS}: ${(mb / seconds).toFixed(1)} MB/s, ${Math.round(frames / seconds)} frames/s`,
  );
}

report('sensors', [
  { metric: 'parse_mb_per_s', value: median(speeds), unit: 'MB/s', samples: RUNS },
  { metric: 'frames_per_s', value: median(rates), unit: 'frames/s', samples: RUNS },
]);
