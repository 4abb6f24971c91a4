import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  samples?: number;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const median = (values: number[]): number => percentile(values, 50);

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Prints one BENCH line a figure and writes bench-results/NAME.json. */
export function report(bench: string, figures: Omit<Figure, 'bench'>[]): void {
  const out: Figure[] = figures.map((f) => {
    const fig: Figure = { bench, ...f, value: round(f.value) };
    if (f.baseline !== undefined) {
      fig.baseline = round(f.baseline);
      fig.ratio = round(f.value / f.baseline);
    }
    return fig;
  });
  for (const f of out) console.log(`BENCH ${JSON.stringify(f)}`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(path.join('bench-results', `${bench}.json`), `${JSON.stringify(out, null, 2)}\n`);
}
