import { formatDecimal, formatTime, pick, t } from '../i18n/index.ts';
import type { AirDoc } from '../ui/api-types.ts';
import { airShown } from './model.ts';
import { useSwatch } from './swatch.ts';

/** The ISPU category band, painted in BMKG's colour of the category. */
function AirBand({ air, large }: { air: NonNullable<AirDoc['ispu']>; large?: boolean }) {
  const ref = useSwatch<HTMLSpanElement>(air.colour);
  return (
    <span ref={ref} class={large ? 'air-band air-band-large' : 'air-band'} data-ispu={air.key}>
      {pick(air.name)}
    </span>
  );
}

/** The category band and PM2.5 line inside the air tile. */
export function AirTileReading({ air }: { air: AirDoc | null }) {
  if (!airShown(air)) return null;
  return (
    <span class="air-tile-reading">
      <AirBand air={air.ispu} />
      <span class="air-pm">{t('kiosk.air.pm25', { value: formatDecimal(air.reading.pm25) })}</span>
    </span>
  );
}

/** The "air now" block at the top of the air page: category, numbers, advice; or why there is none. */
export function AirNowPanel({ air, timeZone }: { air: AirDoc | null; timeZone: string }) {
  const shown = airShown(air);
  return (
    <article class="page-section air-now" data-available={String(shown)}>
      <h2>{t('kiosk.air.now')}</h2>
      {shown ? (
        <div class="air-now-live">
          <AirBand air={air.ispu} large />
          <div class="air-now-facts">
            <p class="air-pm">{t('kiosk.air.pm25', { value: formatDecimal(air.reading.pm25) })}</p>
            <p class="air-index">{t('kiosk.air.index', { n: air.ispu.index })}</p>
            <p class="air-at">{t('kiosk.air.measuredAt', { time: formatTime(air.reading.at, timeZone) })}</p>
          </div>
          <p class="air-advice">{pick(air.ispu.advice)}</p>
        </div>
      ) : (
        <p class="air-now-missing">{t('kiosk.air.unavailable')}</p>
      )}
    </article>
  );
}
