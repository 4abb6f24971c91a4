import { useState } from 'preact/hooks';
import { DEFAULT_TIMEZONE, formatDateTime, pick, t } from '../../i18n/index.ts';
import { useApi } from './use-api.ts';

/** GET /api/admin/schedule (docs/http.md). */
interface ScheduleDoc {
  timezone: string;
  days: {
    date: string;
    weekday: { id: string; en: string };
    holiday: boolean;
    items: {
      at: number;
      time: string;
      ruleId: string;
      title: { id: string; en: string };
      priority: string;
      volume: number;
      skipped?: { id: string; en: string };
    }[];
  }[];
  truncated?: boolean;
}

interface PlayLogEntry {
  scheduledAt?: number;
  startedAt?: number;
  endedAt?: number;
  result: string;
  priority: string;
  source: string;
  title: string;
  cause?: string;
}

const FILTERS = [
  { key: 'all', results: '' },
  { key: 'missed', results: 'missed' },
  { key: 'failed', results: 'failed' },
  { key: 'cut', results: 'cut,stopped,expired' },
] as const;
/** Results a technician must look at: marked in the list. */
const BAD = new Set(['missed', 'failed', 'cut', 'stopped', 'expired']);

/** Today and the next 7 days as the pole will play them (WIB), then the proof of play. */
export function ScheduleView() {
  const { data } = useApi<ScheduleDoc>('/api/admin/schedule?days=8', 60_000);
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>(FILTERS[0]);
  const query = `limit=200${filter.results ? `&result=${filter.results}` : ''}`;
  const log = useApi<{ entries: PlayLogEntry[] }>(`/api/admin/playlog?${query}`, 10_000);
  const tz = data?.timezone ?? DEFAULT_TIMEZONE;
  return (
    <div class="schedule-view">
      <section class="panel" aria-labelledby="schedule-title">
        <h2 class="section-title" id="schedule-title">
          {t('admin.schedule.title')}
        </h2>
        {!data && <p>{t('admin.health.loading')}</p>}
        {data?.days.map((day) => (
          <details key={day.date} class="day" open={day === data.days[0]} data-date={day.date}>
            <summary class="day-title">
              {`${pick(day.weekday)} ${day.date}`}
              {day.holiday && <span class="tag">{t('admin.schedule.holiday')}</span>}
              <span class="day-count">{t('admin.schedule.count', { n: day.items.length })}</span>
            </summary>
            <ul class="day-items">
              {day.items.map((item) => (
                <li
                  key={`${item.at}${item.ruleId}`}
                  class="day-item"
                  data-skipped={item.skipped ? 'true' : undefined}
                >
                  <span class="day-time">{item.time}</span>
                  <span class="day-what">{pick(item.title)}</span>
                  <span class="tag">{item.priority}</span>
                  <span class="day-volume">{t('admin.card.volume', { n: item.volume })}</span>
                  {item.skipped && <span class="day-skipped">{pick(item.skipped)}</span>}
                </li>
              ))}
            </ul>
          </details>
        ))}
      </section>
      <section class="panel" aria-labelledby="playlog-title">
        <h2 class="section-title" id="playlog-title">
          {t('admin.playlog.title')}
        </h2>
        <fieldset class="filters">
          <legend class="visually-hidden">{t('admin.playlog.filter')}</legend>
          {FILTERS.map((f) => (
            <button
              key={f.key}
              type="button"
              class="filter-button"
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
            >
              {t(`admin.playlog.${f.key}`)}
            </button>
          ))}
          <a
            class="big-link"
            href={`/api/admin/playlog?format=csv&limit=5000${filter.results ? `&result=${filter.results}` : ''}`}
            download
          >
            {t('admin.playlog.csv')}
          </a>
        </fieldset>
        <table class="playlog">
          <thead>
            <tr>
              <th>{t('admin.playlog.when')}</th>
              <th>{t('admin.playlog.what')}</th>
              <th>{t('admin.playlog.result')}</th>
            </tr>
          </thead>
          <tbody>
            {(log.data?.entries ?? []).map((e, i) => (
              <tr key={i} class={BAD.has(e.result) ? 'bad' : undefined} data-result={e.result}>
                <td>{formatDateTime(e.startedAt ?? e.scheduledAt ?? 0, tz)}</td>
                <td>{e.title}</td>
                <td>
                  {t(`admin.playlog.result.${e.result}` as 'admin.playlog.result.played')}
                  {e.cause && <span class="cause"> — {e.cause}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.data?.entries.length === 0 && <p>{t('admin.playlog.empty')}</p>}
      </section>
    </div>
  );
}
