import { DEFAULT_LOCALE, DEFAULT_TIMEZONE, onLocaleChange, setLocale, t } from '../i18n/index.ts';
import type { AirDoc, SpeakerDoc } from '../ui/api-types.ts';
import { byId, replaceChildren } from '../ui/dom.ts';
import { IdleTimer, secondsFromQuery } from '../ui/idle-timer.ts';
import { languageToggle } from '../ui/lang-toggle.ts';
import { LiveChannel } from '../ui/live-channel.ts';
import { LiveDoc } from '../ui/live-doc.ts';
import { offlineMark } from '../ui/offline-mark.ts';
import { guardTouchScreen } from '../ui/touch-guard.ts';
import { type AirPart, airNowPanel, airShown, isAirTile } from './air.ts';
import { startClock } from './clock.ts';
import { KioskContentSource } from './content.ts';
import { homeView, messageBlock } from './home-view.ts';
import { followNowPlaying } from './now-playing.ts';
import { pageView } from './page-view.ts';
import { Ticker } from './ticker.ts';

/** What the screen shows: the tile grid, or one page. */
type View = { kind: 'home' } | { kind: 'page'; pageId: string };

// The control room's default; `?idle=2` lets a test see the reset without waiting a minute.
const IDLE_RESET_S = secondsFromQuery('idle', 60);

const main = byId('main');
const poleName = byId('pole-name');
const ticker = new Ticker(byId('ticker'));
// The screen tag tells the agent's health model that the kiosk is on screen.
const live = new LiveChannel({ url: '/api/live?screen=kiosk' });
const air = new LiveDoc<AirDoc>(live, 'air', '/api/air');
const speaker = new LiveDoc<SpeakerDoc>(live, 'speaker', '/api/speaker');
let view: View = { kind: 'home' };
/** Parts of the current view that follow the air reading in place. */
let airParts: AirPart[] = [];
/** Whether the last render of home included the air tile. */
let airTileShown = false;

const content = new KioskContentSource((doc) => {
  poleName.textContent = doc.device.name;
  ticker.setItems(doc.kiosk?.ticker ?? []);
  render();
});

const timeZone = () => content.current?.device.timezone ?? DEFAULT_TIMEZONE;

function render(keepScroll = false): void {
  const scroll = main.scrollTop;
  const doc = content.current;
  const follow = (part: AirPart) => airParts.push(part);
  airParts = [];
  airTileShown = airShown(air.current);
  if (!doc) {
    // Never a blank screen: the clock runs and the page says it is on its way.
    replaceChildren(main, messageBlock(t('kiosk.loading')));
  } else if (view.kind === 'page') {
    const pageId = view.pageId;
    // The page the air tile opens also shows the air now, even while the tile is hidden.
    const isAirPage = doc.kiosk?.tiles.some((tile) => isAirTile(tile) && tile.page === pageId) ?? false;
    const panel = isAirPage ? airNowPanel(timeZone) : undefined;
    if (panel) {
      panel.update(air.current);
      follow(panel);
    }
    replaceChildren(
      main,
      pageView(
        doc.kiosk?.pages.find((p) => p.id === pageId),
        () => show({ kind: 'home' }),
        panel?.el,
      ),
    );
  } else {
    replaceChildren(
      main,
      homeView(doc, (pageId) => show({ kind: 'page', pageId }), air.current, follow),
    );
  }
  main.scrollTop = keepScroll ? scroll : 0;
}

/** A new air document: the tile comes or goes with a new home grid; a new reading only updates text. */
function onAir(doc: AirDoc): void {
  if (view.kind === 'home' && airShown(doc) !== airTileShown) {
    render(true);
    return;
  }
  for (const part of airParts) part.update(doc);
}

function show(next: View): void {
  view = next;
  render();
}

/** Back to how a new passer-by should find the screen: home, in Indonesian. */
function resetForNextVisitor(): void {
  setLocale(DEFAULT_LOCALE);
  if (view.kind !== 'home' || main.scrollTop !== 0) show({ kind: 'home' });
}

guardTouchScreen();
byId('header-actions').append(offlineMark(live), languageToggle());
startClock(byId('date'), byId('clock'), timeZone);
followNowPlaying(byId('now-playing'), speaker);
air.onChange(onAir);
onLocaleChange(() => render(true));
new IdleTimer(IDLE_RESET_S * 1000, resetForNextVisitor).start();

// Content may have changed while the agent was away: fetch it again on every (re)connect.
live.onStatus((status) => {
  if (status === 'online') void content.refresh();
});
// One line per live event the kiosk cares about (`air` and `speaker` are followed by their LiveDoc above).
// `kiosk` (new content applied) is not sent yet; re-reading /api/kiosk keeps the kiosk
// independent of that event's payload.
live.on('kiosk', () => void content.refresh());
live.start();

render();
void content.refresh();
