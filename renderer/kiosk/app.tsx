import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_LOCALE, DEFAULT_TIMEZONE, setLocale, t } from '../i18n/index.ts';
import type { AirDoc, AlertsDoc, HealthDoc, SpeakerDoc } from '../ui/api-types.ts';
import { useLiveStatus, useLocale, useWatch } from '../ui/hooks.ts';
import { IdleTimer } from '../ui/idle-timer.ts';
import type { LiveChannel } from '../ui/live-channel.ts';
import type { LiveDoc } from '../ui/live-doc.ts';
import { AlertTakeover, alertsInForce } from './alert-takeover.tsx';
import { Attract } from './attract.tsx';
import type { KioskContentSource } from './content.ts';
import { Header, type ViewOptions } from './header.tsx';
import { Home, MessageBlock } from './home.tsx';
import { NightScreen, useNightScreen } from './night.tsx';
import { NowPlaying } from './now-playing.tsx';
import { PageView } from './page-view.tsx';
import { ServiceCorner } from './service-corner.tsx';
import { shell } from './shell.ts';
import type { ReadAloud } from './sounds.ts';
import { Ticker } from './ticker.tsx';

/** Everything the kiosk follows, made once in main.tsx. */
export interface KioskSources {
  live: LiveChannel;
  content: KioskContentSource;
  air: LiveDoc<AirDoc>;
  speaker: LiveDoc<SpeakerDoc>;
  health: LiveDoc<HealthDoc>;
  alerts: LiveDoc<AlertsDoc>;
  readAloud: ReadAloud;
  /** `?idle=2` lets a test see the reset without waiting a minute. */
  idleOverrideS: number | undefined;
}

/** What the screen shows: the tile grid, or one page. */
type View = { kind: 'home' } | { kind: 'page'; pageId: string };

const DEFAULT_IDLE_S = 60;
const PLAIN: ViewOptions = { largeText: false, highContrast: false };

export function App({ sources }: { sources: KioskSources }) {
  const locale = useLocale();
  const doc = useWatch(sources.content);
  const air = useWatch(sources.air);
  const speaker = useWatch(sources.speaker);
  const health = useWatch(sources.health);
  const alertsDoc = useWatch(sources.alerts);
  const status = useLiveStatus(sources.live);
  const [view, setView] = useState<View>({ kind: 'home' });
  const [attract, setAttract] = useState(false);
  const [options, setOptions] = useState<ViewOptions>(PLAIN);
  const main = useRef<HTMLElement>(null);
  const timeZone = doc?.device.timezone ?? DEFAULT_TIMEZONE;

  const alerts = alertsInForce(alertsDoc?.active ?? [], Date.now());
  useExpiryRerender(alertsDoc);
  const alert = alerts[0];
  const night = useNightScreen(
    { on: doc?.screen?.screenOn, off: doc?.screen?.screenOff, timezone: timeZone },
    !!alert,
  );

  // Back to how the next passer-by should find the screen: home, Indonesian, plain view, quiet.
  const resetForNextVisitor = useCallback(() => {
    setLocale(DEFAULT_LOCALE);
    setView({ kind: 'home' });
    setOptions(PLAIN);
    setAttract(true);
    sources.readAloud.stop();
  }, [sources]);
  const idleS = sources.idleOverrideS ?? doc?.screen?.idleResetS ?? DEFAULT_IDLE_S;
  useEffect(() => {
    const timer = new IdleTimer(idleS * 1000, resetForNextVisitor);
    timer.start();
    return () => timer.stop();
  }, [idleS, resetForNextVisitor]);

  useEffect(() => {
    document.documentElement.classList.toggle('large-text', options.largeText);
    document.documentElement.classList.toggle('high-contrast', options.highContrast);
  }, [options]);

  // A new page starts at its top, and what was being read aloud stops.
  useEffect(() => {
    if (main.current) main.current.scrollTop = 0;
    sources.readAloud.stop();
  }, [view, locale, sources]);
  useEffect(() => {
    if (alert) sources.readAloud.stop();
  }, [alert, sources]);

  const onAlertShown = useCallback((on: boolean) => shell?.alert(on), []);
  // The speaker or its amplifier at fault: the speaker page says so instead of a list.
  const speakerOut =
    health?.subsystems.some((s) => (s.name === 'speaker' || s.name === 'amplifier') && s.level === 'fault') ??
    false;
  const openPage = (pageId: string) => setView({ kind: 'page', pageId });

  return (
    <>
      {/* Under an overlay, nothing of the kiosk can be reached, by touch or keyboard. */}
      <div class="kiosk" inert={attract || alert || (night.asleep && !shell) ? true : undefined}>
        <Header
          poleName={doc?.device.name ?? ''}
          timeZone={timeZone}
          status={status}
          options={options}
          setOptions={setOptions}
        />
        <main id="main" class="kiosk-main" ref={main}>
          {!doc ? (
            // Never a blank screen: the clock runs and the page says it is on its way.
            <MessageBlock text={t('kiosk.loading')} />
          ) : view.kind === 'page' ? (
            <PageView
              pageId={view.pageId}
              data={{ doc, air, speaker, speakerOut, timeZone }}
              goHome={() => setView({ kind: 'home' })}
              readAloud={sources.readAloud}
            />
          ) : (
            <Home doc={doc} air={air} openPage={openPage} />
          )}
        </main>
        <NowPlaying speaker={speaker} />
        <Ticker items={doc?.kiosk?.ticker ?? NO_ITEMS} />
        <ServiceCorner onHeld={() => location.assign('/admin/?from=kiosk')} />
      </div>
      {attract && !alert && (
        <Attract
          content={doc?.kiosk ?? null}
          air={air}
          timeZone={timeZone}
          onWake={() => setAttract(false)}
        />
      )}
      {night.asleep && !shell && <NightScreen onWake={night.wake} />}
      {alert && (
        <AlertTakeover alert={alert} more={alerts.length - 1} timeZone={timeZone} onShown={onAlertShown} />
      )}
    </>
  );
}

const NO_ITEMS: never[] = [];

/** Re-render when the soonest alert expires, even if no event says so (the agent may be away). */
function useExpiryRerender(doc: AlertsDoc | null): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const now = Date.now();
    const next = Math.min(...(doc?.active ?? []).map((a) => a.expires).filter((at) => at > now));
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.min(next - now + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [doc]);
}
