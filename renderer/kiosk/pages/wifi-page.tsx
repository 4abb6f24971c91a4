import { t } from '../../i18n/index.ts';
import type { KioskDoc } from '../../ui/api-types.ts';
import { MessageBlock } from '../home.tsx';

/**
 * The free Wi-Fi: the network's name, and a QR code (drawn by the agent) that a phone
 * camera turns into "join this network". Then the control room's own steps.
 */
export function WifiView({ doc }: { doc: KioskDoc }) {
  const ssid = doc.wifi?.ssid;
  if (!ssid) return <MessageBlock text={t('kiosk.wifi.off')} />;
  return (
    <article class="page-section wifi-join">
      <div class="wifi-ssid">
        <div class="fact-label">{t('kiosk.wifi.network')}</div>
        <div class="wifi-ssid-name">{ssid}</div>
        <p>{t('kiosk.wifi.scan')}</p>
      </div>
      <img
        class="wifi-qr"
        src={`/api/kiosk/wifi-qr.svg?ssid=${encodeURIComponent(ssid)}`}
        alt={t('kiosk.wifi.qrAlt', { ssid })}
        width={240}
        height={240}
        draggable={false}
      />
    </article>
  );
}
