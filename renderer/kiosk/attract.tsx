import { useEffect, useState } from 'preact/hooks';
import { formatTime, pick, t, zoneLabel } from '../i18n/index.ts';
import type { AirDoc, KioskContent } from '../ui/api-types.ts';
import { useNow } from '../ui/hooks.ts';
import { AirTileReading } from './air.tsx';
import { Icon } from './icons.tsx';

const ROTATE_MS = 6000;

/**
 * What a passer-by sees after the idle reset: a big "touch to start" in both languages,
 * the time, the air now, and the control room's attract lines. Any touch dismisses it —
 * that touch only wakes the kiosk, it does not open whatever lay beneath. The only motion
 * is an opacity pulse, which the GPU composites without repainting.
 */
export function Attract({
  content,
  air,
  timeZone,
  onWake,
}: {
  content: KioskContent | null;
  air: AirDoc | null;
  timeZone: string;
  onWake: () => void;
}) {
  const now = useNow(1000);
  const lines = [...(content?.attract?.lines ?? []), ...(content?.ticker ?? [])];
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (lines.length < 2) return;
    const timer = setInterval(() => setIndex((i) => i + 1), ROTATE_MS);
    return () => clearInterval(timer);
  }, [lines.length]);
  const line = lines.length > 0 ? lines[index % lines.length] : undefined;
  return (
    // A touch anywhere wakes the kiosk (the whole screen listens); the prompt is also a real
    // button, for screen readers and keyboards. Click, not pointerdown: the overlay must still be
    // there when the click lands, or the same touch would open the tile beneath it.
    // biome-ignore lint/a11y/useKeyWithClickEvents: the button inside takes the keyboard.
    // biome-ignore lint/a11y/noStaticElementInteractions: see above; the whole screen is the target.
    <div class="attract" data-testid="attract" onClick={onWake}>
      <div class="attract-time">{`${formatTime(now, timeZone)} ${zoneLabel(timeZone, now)}`}</div>
      <h1 class="attract-headline">
        {content?.attract?.headline ? pick(content.attract.headline) : t('kiosk.welcome')}
      </h1>
      <button type="button" class="attract-touch">
        <Icon name="touch" class="attract-icon" />
        <span lang="id">{t('kiosk.attract.touch', undefined, 'id')}</span>
        <span lang="en" class="attract-en">
          {t('kiosk.attract.touch', undefined, 'en')}
        </span>
      </button>
      <div class="attract-air">
        <AirTileReading air={air} />
      </div>
      {line && (
        <p key={index} class="attract-line">
          {pick(line)}
        </p>
      )}
    </div>
  );
}
