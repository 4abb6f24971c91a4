import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { ApiError, requestJson } from '../../ui/http.ts';
import { Bi } from './bi.tsx';
import type { OverviewDoc } from './overview.tsx';
import { useApi } from './use-api.ts';

type Said = { text: { id: string; en: string }; tone: 'ok' | 'error' | 'info' } | null;

const both = (key: Parameters<typeof t>[0], params?: Record<string, string | number>) => ({
  id: t(key, params, 'id'),
  en: t(key, params, 'en'),
});

/** What the agent said about a refused request, else the status. */
function refusal(err: unknown): { id: string; en: string } {
  if (err instanceof ApiError) {
    const body = err.body as { error?: string } | undefined;
    if (body?.error) return { id: body.error, en: body.error };
    if (err.status === 0) return both('admin.pin.unreachable');
    return both('admin.requestFailed', { code: String(err.status) });
  }
  return both('admin.pin.unreachable');
}

/**
 * The technician's controls: volume, play now (text or content, up to announcement:
 * emergencies come only signed from the control room), stop, restart the kiosk screen,
 * and the agent's recent log with a download.
 */
export function Controls() {
  const overview = useApi<OverviewDoc>('/api/admin/overview');
  const [volume, setVolume] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [priority, setPriority] = useState<'announcement' | 'program' | 'test'>('announcement');
  const [said, setSaid] = useState<Said>(null);
  const logs = useApi<{ lines: { time: number; level: string | number; msg: string; module?: string }[] }>(
    '/api/admin/logs?lines=100',
    15_000,
  );
  const shownVolume = volume ?? overview.data?.volume ?? 0;

  const post = async (url: string, body: unknown, ok: { id: string; en: string }) => {
    setSaid(null);
    try {
      await requestJson(url, { method: 'POST', body });
      setSaid({ text: ok, tone: 'ok' });
      return true;
    } catch (err) {
      setSaid({ text: refusal(err), tone: 'error' });
      return false;
    }
  };

  return (
    <div class="controls">
      <div aria-live="polite" class="controls-said">
        {said && <Bi text={said.text} tone={said.tone} />}
      </div>
      <section class="panel" aria-labelledby="volume-title">
        <h2 class="section-title" id="volume-title">
          {t('admin.controls.volume')}
        </h2>
        <div class="volume-row">
          <button type="button" class="big-button" onClick={() => setVolume(Math.max(0, shownVolume - 5))}>
            −5
          </button>
          <output class="volume-value" data-testid="volume">
            {shownVolume}
          </output>
          <button type="button" class="big-button" onClick={() => setVolume(Math.min(100, shownVolume + 5))}>
            +5
          </button>
          <button
            type="button"
            class="big-button primary"
            onClick={() =>
              void post(
                '/api/admin/speaker/volume',
                { volume: shownVolume },
                both('admin.controls.volumeSet', { n: shownVolume }),
              )
            }
          >
            {t('admin.controls.save')}
          </button>
        </div>
      </section>
      <section class="panel" aria-labelledby="play-title">
        <h2 class="section-title" id="play-title">
          {t('admin.controls.playNow')}
        </h2>
        <label class="field">
          <span>{t('admin.controls.text')}</span>
          <textarea maxLength={1000} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <fieldset class="filters">
          <legend class="visually-hidden">{t('admin.controls.priority')}</legend>
          {(['announcement', 'program', 'test'] as const).map((p) => (
            <button
              key={p}
              type="button"
              class="filter-button"
              aria-pressed={priority === p}
              onClick={() => setPriority(p)}
            >
              {t(`kiosk.speaker.priority.${p}`)}
            </button>
          ))}
        </fieldset>
        <div class="button-row">
          <button
            type="button"
            class="big-button primary"
            disabled={text.trim() === ''}
            onClick={() =>
              void post(
                '/api/admin/speaker/play',
                { text: text.trim(), lang: 'id', priority },
                both('admin.controls.playing'),
              )
            }
          >
            {t('admin.controls.play')}
          </button>
          <button
            type="button"
            class="big-button"
            onClick={() => void post('/api/admin/speaker/stop', {}, both('admin.controls.stopped'))}
          >
            {t('admin.controls.stop')}
          </button>
        </div>
      </section>
      <section class="panel" aria-labelledby="kiosk-title">
        <h2 class="section-title" id="kiosk-title">
          {t('admin.controls.kiosk')}
        </h2>
        <button
          type="button"
          class="big-button"
          onClick={() => void post('/api/admin/kiosk/restart', {}, both('admin.controls.kioskRestarted'))}
        >
          {t('admin.controls.kioskRestart')}
        </button>
      </section>
      <section class="panel" aria-labelledby="logs-title">
        <h2 class="section-title" id="logs-title">
          {t('admin.controls.logs')}
        </h2>
        <a class="big-link" href="/api/admin/logs.txt" download>
          {t('admin.controls.logsDownload')}
        </a>
        <ol class="log-lines">
          {(logs.data?.lines ?? []).slice(-100).map((l, i) => (
            <li key={i} data-level={String(l.level)}>
              <span class="log-time">{new Date(l.time).toISOString().slice(11, 19)}</span>
              {l.module && <span class="log-module">{l.module}</span>}
              <span class="log-msg">{l.msg}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
