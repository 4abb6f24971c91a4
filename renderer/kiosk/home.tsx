import { useEffect } from 'preact/hooks';
import { pick, t } from '../i18n/index.ts';
import type { AirDoc, KioskDoc } from '../ui/api-types.ts';
import { AirTileReading } from './air.tsx';
import { Icon } from './icons.tsx';
import { isAirTile, visibleTiles } from './model.ts';

/**
 * The home screen: a greeting, the big tiles, and the numbers everyone may need. The
 * air-quality tile shows the live ISPU category; it is left out while the sensor has
 * nothing trustworthy to say.
 */
export function Home({
  doc,
  air,
  openPage,
}: {
  doc: KioskDoc;
  air: AirDoc | null;
  openPage: (pageId: string) => void;
}) {
  if (!doc.kiosk) {
    return (
      <section class="home">
        <MessageBlock text={t('kiosk.noContent')} />
        <WifiLine doc={doc} />
      </section>
    );
  }
  const tiles = visibleTiles(doc, air);
  useEffect(markInteractive, []);
  return (
    <section class="home">
      <div class="home-intro">
        <h1 class="home-title">{t('kiosk.welcome')}</h1>
        <p class="home-hint">{t('kiosk.touchHint')}</p>
      </div>
      <nav
        class={tiles.length <= 4 ? 'tiles tiles-few' : tiles.length > 6 ? 'tiles tiles-many' : 'tiles'}
        aria-label={t('kiosk.menu')}
      >
        {tiles.map((tile) => {
          const air_ = isAirTile(doc, tile);
          return (
            <button
              key={tile.id}
              type="button"
              class={air_ ? 'tile tile-air' : 'tile'}
              data-tile={tile.id}
              onClick={() => openPage(tile.page)}
            >
              <Icon name={tile.icon ?? 'info'} class="tile-icon" />
              <span class="tile-title">{pick(tile.title)}</span>
              {air_ && <AirTileReading air={air} />}
            </button>
          );
        })}
      </nav>
      <ContactsStrip doc={doc} />
    </section>
  );
}

function ContactsStrip({ doc }: { doc: KioskDoc }) {
  const contacts = doc.kiosk?.contacts ?? [];
  const ssid = doc.wifi?.ssid;
  if (contacts.length === 0 && !ssid) return null;
  return (
    <aside class="home-info">
      {contacts.length > 0 && (
        <div class="contacts">
          <h2 class="contacts-title">{t('kiosk.contacts')}</h2>
          <ul class="contacts-list">
            {contacts.slice(0, 3).map((c) => (
              <li key={c.phone} class="contact">
                <span class="contact-phone">{c.phone}</span>
                <span class="contact-name">{pick(c.name)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <WifiLine doc={doc} />
    </aside>
  );
}

function WifiLine({ doc }: { doc: KioskDoc }) {
  const ssid = doc.wifi?.ssid;
  return ssid ? <p class="wifi-line">{t('kiosk.wifi', { ssid })}</p> : null;
}

export function MessageBlock({ text }: { text: string }) {
  return (
    <div class="message-block">
      <p>{text}</p>
    </div>
  );
}

/**
 * The first time the tiles are on screen with their handlers: the kiosk benchmark measures
 * navigation → this mark (test/bench/kiosk.ts). One entry per page load.
 */
function markInteractive(): void {
  if (performance.getEntriesByName('tiang:home-interactive').length === 0)
    performance.mark('tiang:home-interactive');
}
