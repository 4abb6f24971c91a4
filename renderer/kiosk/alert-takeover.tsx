import { useEffect } from 'preact/hooks';
import { formatDateTime, type Locale, t, zoneLabel } from '../i18n/index.ts';
import type { AlertView } from '../ui/api-types.ts';
import { Icon } from './icons.tsx';
import { useSwatch } from './swatch.ts';

/** CAP severities, worst first; colours chosen to read at a glance and carry white or black text. */
const SEVERITY_COLOUR: Record<string, string> = {
  Extreme: '#b3001b',
  Severe: '#d84315',
  Moderate: '#f2b705',
  Minor: '#1565c0',
  Unknown: '#1565c0',
};
const SEVERITY_ORDER = Object.keys(SEVERITY_COLOUR);
const severityRank = (s: string) => {
  const i = SEVERITY_ORDER.indexOf(s);
  return i < 0 ? SEVERITY_ORDER.length : i;
};

/** The alerts still in force at `now`, worst first, then newest: the kiosk shows the first. */
export function alertsInForce(alerts: readonly AlertView[], now: number): AlertView[] {
  return alerts
    .filter((a) => a.expires > now)
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.sent - a.sent);
}

const both = (fn: (l: Locale) => string) => ({ id: fn('id'), en: fn('en') });

/**
 * An active alert fills the screen, over everything, in both languages at once (who reads
 * it cannot be asked to find a language button first). It has no button: touches land on
 * it and do nothing. It goes when the agent says the alert ended (cancel, update, expiry)
 * or when its expiry time passes here.
 */
export function AlertTakeover({
  alert,
  more,
  timeZone,
  onShown,
}: {
  alert: AlertView;
  more: number;
  timeZone: string;
  onShown: (on: boolean) => void;
}) {
  const ref = useSwatch<HTMLDivElement>(SEVERITY_COLOUR[alert.severity] ?? SEVERITY_COLOUR.Unknown);
  useEffect(() => {
    onShown(true);
    return () => onShown(false);
  }, [onShown]);
  const drill = alert.status === 'Exercise' ? 'kiosk.alert.exercise' : 'kiosk.alert.test';
  const severity = both((l) =>
    t(
      `kiosk.alert.severity.${(SEVERITY_COLOUR[alert.severity] ? alert.severity : 'Unknown') as 'Unknown'}`,
      undefined,
      l,
    ),
  );
  const time = (at: number) => `${formatDateTime(at, timeZone)} ${zoneLabel(timeZone, at)}`;
  return (
    <div
      ref={ref}
      class="alert-takeover"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="alert-headline"
      aria-describedby="alert-instruction"
      data-severity={alert.severity}
      data-identifier={alert.identifier}
      data-exercise={String(alert.exercise)}
    >
      {alert.exercise && (
        <div class="alert-exercise" data-testid="alert-exercise">
          <span lang="id">{t(drill, undefined, 'id')}</span>
          {' / '}
          <span lang="en">{t(drill, undefined, 'en')}</span>
          <span class="alert-exercise-note">
            {t('kiosk.alert.notReal', undefined, 'id')} {t('kiosk.alert.notReal', undefined, 'en')}
          </span>
        </div>
      )}
      <div class="alert-kind">
        <Icon name="warning" class="alert-icon" />
        <span lang="id">{severity.id}</span>
        <span class="alert-kind-en" lang="en">
          {severity.en}
        </span>
        {alert.event && <span class="alert-event">{alert.event}</span>}
      </div>
      <h1 id="alert-headline" class="alert-headline">
        <BothSides text={alert.headline} as="span" />
      </h1>
      <div id="alert-instruction" class="alert-instruction">
        <BothSides text={alert.instruction} as="p" />
      </div>
      <dl class="alert-facts">
        {alert.area && <AlertFact label="kiosk.alert.area" class="alert-area" value={alert.area} />}
        <AlertFact label="kiosk.alert.issued" class="alert-sent" value={time(alert.sent)} />
        <AlertFact label="kiosk.alert.expires" class="alert-expires" value={time(alert.expires)} />
      </dl>
      {more > 0 && <p class="alert-more">{t('kiosk.alert.more', { n: more })}</p>}
    </div>
  );
}

/** Indonesian, then English below when the alert has a different English text. */
function BothSides({ text, as: Tag }: { text: { id: string; en: string }; as: 'span' | 'p' }) {
  return (
    <>
      <Tag lang="id">{text.id}</Tag>
      {text.en && text.en !== text.id && (
        <Tag class="alert-en" lang="en">
          {text.en}
        </Tag>
      )}
    </>
  );
}

/** One fact under the alert, its label in both languages. */
function AlertFact({
  label,
  class: className,
  value,
}: {
  label: 'kiosk.alert.area' | 'kiosk.alert.issued' | 'kiosk.alert.expires';
  class: string;
  value: string;
}) {
  return (
    <div>
      <dt>{`${t(label, undefined, 'id')} / ${t(label, undefined, 'en')}`}</dt>
      <dd class={className}>{value}</dd>
    </div>
  );
}
