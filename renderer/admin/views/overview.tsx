import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  DEFAULT_TIMEZONE,
  formatDateTime,
  formatDecimal,
  formatNumber,
  formatTime,
  pick,
  t,
} from '../../i18n/index.ts';
import type { AirDoc, SpeakerDoc } from '../../ui/api-types.ts';
import type { LiveChannel } from '../../ui/live-channel.ts';
import { useApi } from './use-api.ts';

interface DownloadProgress {
  items: { id: string; done: number; total: number; state: string; error?: string }[];
  done: number;
  total: number;
}

/** GET /api/admin/overview (docs/http.md). */
export interface OverviewDoc {
  amplifier: { state: string; level: 'ok' | 'degraded' | 'fault' };
  volume: number;
  speaker: SpeakerDoc;
  link: {
    connected: boolean;
    broker: string;
    since: number | null;
    lastInboundAt: number | null;
    desiredVersion: number | null;
    outboxQueued: number;
  };
  content: { items: number; bytes: number; freeBytes: number; downloads: DownloadProgress | null };
  hotspot: { clients: number | null };
  air: AirDoc;
}

const mb = (bytes: number) => formatDecimal(bytes / 1e6, 1);

/**
 * The dashboard's cards: amplifier, what plays, the control-room link, the content store
 * (with a live progress bar while downloads run), hotspot clients and the sensor now.
 * Read every 5 s; downloads follow the live `downloads` event at once.
 */
export function OverviewCards({ live }: { live: LiveChannel }) {
  const { data, failed } = useApi<OverviewDoc>('/api/admin/overview', 5000);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  useEffect(() => live.on<DownloadProgress>('downloads', setProgress), [live]);
  if (!data)
    return <p class="cards-loading">{failed ? t('admin.overview.failed') : t('admin.health.loading')}</p>;
  const downloads = progress ?? data.content.downloads;
  const running = downloads && downloads.total > 0 && downloads.done < downloads.total ? downloads : null;
  const tz = DEFAULT_TIMEZONE;
  return (
    <section class="cards" aria-label={t('admin.overview.title')}>
      <Card title={t('admin.card.amplifier')} level={data.amplifier.level}>
        <p class="card-big" data-testid="amplifier-state">
          {t(`admin.amp.${data.amplifier.state}` as 'admin.amp.off')}
        </p>
        <p>{t('admin.card.volume', { n: data.volume })}</p>
      </Card>
      <Card title={t('admin.card.playing')}>
        <p class="card-big">{data.speaker.nowPlaying?.title ?? t('admin.card.nothing')}</p>
        {data.speaker.next[0] && (
          <p>
            {t('admin.card.next', {
              title: data.speaker.next[0].title,
              time: data.speaker.next[0].at ? formatTime(data.speaker.next[0].at, tz) : '—',
            })}
          </p>
        )}
      </Card>
      <Card title={t('admin.card.link')} level={data.link.connected ? 'ok' : 'degraded'}>
        <p class="card-big" data-testid="link-state">
          {data.link.connected ? t('admin.card.linkUp') : t('admin.card.linkDown')}
        </p>
        <p>
          {t('admin.card.lastSync', {
            time: data.link.lastInboundAt ? formatDateTime(data.link.lastInboundAt, tz) : '—',
          })}
        </p>
        <p>{t('admin.card.desired', { v: data.link.desiredVersion ?? '—' })}</p>
        {data.link.outboxQueued > 0 && <p>{t('admin.card.queued', { n: data.link.outboxQueued })}</p>}
      </Card>
      <Card title={t('admin.card.content')}>
        <p class="card-big">{t('admin.card.items', { n: data.content.items, mb: mb(data.content.bytes) })}</p>
        <p>{t('admin.card.free', { mb: formatNumber(Math.round(data.content.freeBytes / 1e6)) })}</p>
        {running && (
          <div class="download">
            <p>{t('admin.card.downloading', { done: mb(running.done), total: mb(running.total) })}</p>
            <progress
              class="download-bar"
              max={running.total}
              value={running.done}
              aria-label={t('admin.card.downloadBar')}
            />
          </div>
        )}
      </Card>
      <Card title={t('admin.card.hotspot')}>
        <p class="card-big">
          {data.hotspot.clients === null ? '—' : t('admin.card.clients', { n: data.hotspot.clients })}
        </p>
        {data.hotspot.clients === null && <p>{t('admin.card.clientsUnknown')}</p>}
      </Card>
      <Card title={t('admin.card.air')} level={data.air.available ? 'ok' : 'degraded'}>
        {data.air.available && data.air.reading && data.air.ispu ? (
          <>
            <p class="card-big">{pick(data.air.ispu.name)}</p>
            <p>
              PM2.5 {formatDecimal(data.air.reading.pm25)} · PM10 {formatDecimal(data.air.reading.pm10)} µg/m³
            </p>
          </>
        ) : (
          <p class="card-big">{t('admin.card.noReading')}</p>
        )}
      </Card>
    </section>
  );
}

function Card({
  title,
  level,
  children,
}: {
  title: string;
  level?: 'ok' | 'degraded' | 'fault';
  children: ComponentChildren;
}) {
  return (
    <article class="card" data-level={level}>
      <h3 class="card-title">{title}</h3>
      {children}
    </article>
  );
}
