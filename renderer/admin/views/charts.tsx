import type { ComponentChildren } from 'preact';
import { DEFAULT_TIMEZONE, formatDecimal, formatTime, pick, t } from '../../i18n/index.ts';
import { useApi } from './use-api.ts';

interface AirSeries {
  resolutionS: number;
  buckets: { bucket: number; samples: number; pm25Avg: number; pm25Max: number }[];
}
interface PlaysPerHour {
  hours: {
    at: number;
    played: number;
    failed: number;
    cut: number;
    stopped: number;
    expired: number;
    missed: number;
  }[];
}
interface HotspotClients {
  points: { at: number; clients: number }[];
  note?: { id: string; en: string };
}

const W = 720;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/**
 * Three light charts drawn as SVG here (no chart library: a Pi draws a few hundred points
 * of SVG without effort): PM2.5 over 24 hours, plays per hour, hotspot clients.
 */
export function Charts() {
  const air = useApi<AirSeries>('/api/admin/air/series?hours=24&resolution=900', 60_000);
  const plays = useApi<PlaysPerHour>('/api/admin/stats/plays-per-hour?hours=24', 60_000);
  const clients = useApi<HotspotClients>('/api/admin/stats/hotspot-clients?hours=24', 60_000);
  return (
    <div class="charts">
      <ChartPanel id="chart-pm25" title={t('admin.chart.pm25')}>
        <LineChart
          points={(air.data?.buckets ?? []).map((b) => ({ at: b.bucket, value: b.pm25Avg }))}
          unit="µg/m³"
          label={t('admin.chart.pm25')}
        />
      </ChartPanel>
      <ChartPanel id="chart-plays" title={t('admin.chart.plays')}>
        <BarChart
          bars={(plays.data?.hours ?? []).map((h) => ({
            at: h.at,
            ok: h.played,
            bad: h.failed + h.cut + h.stopped + h.expired + h.missed,
          }))}
          label={t('admin.chart.plays')}
        />
      </ChartPanel>
      <ChartPanel id="chart-clients" title={t('admin.chart.clients')}>
        {clients.data && clients.data.points.length > 0 ? (
          <LineChart
            points={clients.data.points.map((p) => ({ at: p.at, value: p.clients }))}
            unit=""
            label={t('admin.chart.clients')}
          />
        ) : (
          <p class="chart-empty">{clients.data?.note ? pick(clients.data.note) : t('admin.chart.empty')}</p>
        )}
      </ChartPanel>
    </div>
  );
}

function ChartPanel({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="panel chart" aria-labelledby={id}>
      <h2 class="section-title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function scaleX(at: number, from: number, to: number): number {
  return PAD.left + ((at - from) / Math.max(1, to - from)) * (W - PAD.left - PAD.right);
}
function scaleY(v: number, max: number): number {
  return H - PAD.bottom - (v / Math.max(1e-9, max)) * (H - PAD.top - PAD.bottom);
}

function Axes({ from, to, max }: { from: number; to: number; max: number }) {
  const ticks = [0, 0.5, 1].map((f) => f * max);
  const times = [0, 0.25, 0.5, 0.75, 1].map((f) => from + f * (to - from));
  return (
    <g class="axes">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={scaleY(v, max)} y2={scaleY(v, max)} class="grid" />
          <text x={PAD.left - 6} y={scaleY(v, max) + 4} text-anchor="end">
            {formatDecimal(v, v < 10 ? 1 : 0)}
          </text>
        </g>
      ))}
      {times.map((at) => (
        <text key={at} x={scaleX(at, from, to)} y={H - 8} text-anchor="middle">
          {formatTime(at, DEFAULT_TIMEZONE)}
        </text>
      ))}
    </g>
  );
}

function LineChart({
  points,
  unit,
  label,
}: {
  points: { at: number; value: number }[];
  unit: string;
  label: string;
}) {
  if (points.length === 0) return <p class="chart-empty">{t('admin.chart.empty')}</p>;
  const from = points[0]!.at;
  const to = Math.max(points.at(-1)!.at, from + 1);
  const max = Math.max(...points.map((p) => p.value), 1) * 1.1;
  const d = points
    .map((p, i) => `${i ? 'L' : 'M'}${scaleX(p.at, from, to).toFixed(1)},${scaleY(p.value, max).toFixed(1)}`)
    .join('');
  const last = points.at(-1)!;
  return (
    <figure class="chart-figure">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}: ${formatDecimal(last.value)} ${unit}`}>
        <Axes from={from} to={to} max={max} />
        <path d={d} class="line" />
      </svg>
      <figcaption>{`${formatDecimal(last.value)} ${unit}`}</figcaption>
    </figure>
  );
}

function BarChart({ bars, label }: { bars: { at: number; ok: number; bad: number }[]; label: string }) {
  if (bars.length === 0) return <p class="chart-empty">{t('admin.chart.empty')}</p>;
  const from = bars[0]!.at;
  const to = bars.at(-1)!.at + 3_600_000;
  const max = Math.max(...bars.map((b) => b.ok + b.bad), 1) * 1.1;
  const width = ((W - PAD.left - PAD.right) / bars.length) * 0.8;
  const total = bars.reduce((n, b) => n + b.ok, 0);
  return (
    <figure class="chart-figure">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}: ${total}`}>
        <Axes from={from} to={to} max={max} />
        {bars.map((b) => (
          <g key={b.at}>
            <rect
              class="bar-ok"
              x={scaleX(b.at, from, to)}
              width={width}
              y={scaleY(b.ok, max)}
              height={scaleY(0, max) - scaleY(b.ok, max)}
            />
            <rect
              class="bar-bad"
              x={scaleX(b.at, from, to)}
              width={width}
              y={scaleY(b.ok + b.bad, max)}
              height={scaleY(b.ok, max) - scaleY(b.ok + b.bad, max)}
            />
          </g>
        ))}
      </svg>
      <figcaption>{t('admin.chart.playsTotal', { n: total })}</figcaption>
    </figure>
  );
}
