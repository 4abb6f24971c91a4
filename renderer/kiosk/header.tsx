import { getLocale, otherLocale, setLocale, t } from '../i18n/index.ts';
import type { LiveStatus } from '../ui/live-channel.ts';
import { Clock, DateLine } from './clock.tsx';
import { Icon } from './icons.tsx';

export interface ViewOptions {
  largeText: boolean;
  highContrast: boolean;
}

/**
 * The bar on top of every screen: where this is, the date and time, and the switches a
 * visitor may need first (language, large text, high contrast). Each switch is a real
 * button with aria-pressed, at least 64 px.
 */
export function Header(props: {
  poleName: string;
  timeZone: string;
  status: LiveStatus;
  options: ViewOptions;
  setOptions: (options: ViewOptions) => void;
}) {
  const { options, setOptions } = props;
  return (
    <header class="kiosk-header">
      <div class="kiosk-brand">
        <div id="pole-name" class="pole-name">
          {props.poleName}
        </div>
        <DateLine timeZone={props.timeZone} />
      </div>
      <Clock timeZone={props.timeZone} />
      <div id="header-actions" class="header-actions">
        <span
          class="offline-mark"
          role="status"
          data-testid="offline"
          title={t('app.offline.long')}
          hidden={props.status !== 'offline'}
        >
          {t('app.offline')}
        </span>
        <button
          type="button"
          class="option-toggle"
          data-option="large-text"
          aria-pressed={options.largeText}
          aria-label={t('kiosk.largeText')}
          onClick={() => setOptions({ ...options, largeText: !options.largeText })}
        >
          <Icon name="text" />
        </button>
        <button
          type="button"
          class="option-toggle"
          data-option="high-contrast"
          aria-pressed={options.highContrast}
          aria-label={t('kiosk.highContrast')}
          onClick={() => setOptions({ ...options, highContrast: !options.highContrast })}
        >
          <Icon name="contrast" />
        </button>
        <LanguageToggle />
      </div>
    </header>
  );
}

/**
 * Labelled with the language it switches TO, written in that language, so a visitor who
 * reads only English finds "English" and one who reads only Indonesian finds "Bahasa Indonesia".
 */
function LanguageToggle() {
  const to = otherLocale(getLocale());
  return (
    <button
      type="button"
      class="lang-toggle"
      lang={to}
      aria-label={t('lang.switchTo.label')}
      onClick={() => setLocale(to)}
    >
      {t('lang.switchTo')}
    </button>
  );
}
