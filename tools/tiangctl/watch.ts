import { envelopeSchema, reportedDataSchema, statusSchema } from '../../sync/index.js';
import { type CommonOptions, connect } from './context.js';

interface PoleRow {
  device: string;
  state: string;
  since?: number;
  version?: number;
  failed: string[];
  worst: string;
  problems: string[];
}

const rank: Record<string, number> = { ok: 0, degraded: 1, fault: 2 };

/** One row per pole from retained `status` and `reported`. */
export class PoleTable {
  readonly rows = new Map<string, PoleRow>();

  constructor(private readonly root: string) {}

  take(topic: string, payload: Buffer): boolean {
    const parts = topic.slice(this.root.length + 1).split('/');
    if (parts.length !== 2) return false;
    const [device, kind] = parts as [string, string];
    const row = this.rows.get(device) ?? { device, state: '?', failed: [], worst: '?', problems: [] };
    try {
      const json: unknown = JSON.parse(payload.toString('utf8'));
      if (kind === 'status') {
        const s = statusSchema.parse(json);
        row.state = s.state;
        row.since = s.ts;
      } else if (kind === 'reported') {
        const data = reportedDataSchema.parse(envelopeSchema.parse(json).data);
        row.version = data.version;
        row.failed = Object.entries(data.sections)
          .filter(([, s]) => s.state !== 'applied')
          .map(([name, s]) => `${name}:${s.state}`);
        const levels = Object.entries(data.health);
        row.worst = levels.reduce((w, [, h]) => (rank[h.level]! > rank[w]! ? h.level : w), 'ok');
        row.problems = levels.filter(([, h]) => h.level !== 'ok').map(([n]) => n);
      } else {
        return false;
      }
    } catch {
      return false;
    }
    this.rows.set(device, row);
    return true;
  }

  render(now = Date.now()): string {
    const head = ['POLE', 'STATE', 'SINCE', 'DESIRED', 'NOT APPLIED', 'HEALTH'];
    const ago = (t?: number) => {
      if (t === undefined) return '-';
      const s = Math.max(0, Math.round((now - t) / 1000));
      return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
    };
    const lines = [...this.rows.values()]
      .sort((a, b) => a.device.localeCompare(b.device))
      .map((r) => [
        r.device,
        r.state,
        ago(r.since),
        r.version === undefined ? '-' : String(r.version),
        r.failed.join(' ') || '-',
        r.problems.length > 0 ? `${r.worst} (${r.problems.join(', ')})` : r.worst,
      ]);
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const fmt = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    return [fmt(head), ...lines.map(fmt)].join('\n');
  }
}

export async function status(
  opts: CommonOptions,
  watch: boolean,
  waitMs: number,
  out: (text: string) => void,
  signal?: AbortSignal,
): Promise<PoleTable> {
  const table = new PoleTable(opts.root);
  const client = await connect(opts, watch);
  client.on('message', (topic, payload) => {
    if (table.take(topic, payload) && watch) out(`\x1b[2J\x1b[H${table.render()}`);
  });
  await client.subscribeAsync([`${opts.root}/+/status`, `${opts.root}/+/reported`], { qos: 1 });
  await new Promise<void>((resolve) => {
    if (watch) signal?.addEventListener('abort', () => resolve());
    else setTimeout(resolve, waitMs);
  });
  await client.endAsync();
  if (!watch) out(table.rows.size > 0 ? table.render() : 'no poles have reported yet');
  return table;
}

export async function events(
  opts: CommonOptions,
  device: string | undefined,
  follow: boolean,
  waitMs: number,
  json: boolean,
  out: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const client = await connect(opts, follow);
  const seen = new Set<string>();
  client.on('message', (_topic, payload) => {
    let raw: unknown;
    try {
      raw = JSON.parse(payload.toString('utf8'));
    } catch {
      return; // Not ours, or broken: a follow must not die on one bad message.
    }
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) return;
    const e = parsed.data;
    // At-least-once delivery: a redelivered event has the same id. Remember the last 10,000.
    if (seen.has(e.id)) return;
    seen.add(e.id);
    if (seen.size > 10_000) seen.delete(seen.values().next().value!);
    if (json) out(JSON.stringify(e));
    else out(`${new Date(e.ts).toISOString()}  ${e.device}  ${e.type}  ${JSON.stringify(e.data)}`);
  });
  const who = device ?? '+';
  await client.subscribeAsync([`${opts.root}/${who}/events`, `${opts.root}/${who}/ack`], { qos: 1 });
  await new Promise<void>((resolve) => {
    signal?.addEventListener('abort', () => resolve());
    if (!follow) setTimeout(resolve, waitMs);
  });
  await client.endAsync();
}
