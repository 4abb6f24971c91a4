import { DEFAULT_LOCALE, DEFAULT_TIMEZONE, onLocaleChange, setLocale, t } from '../i18n/index.ts';
import { byId, replaceChildren } from '../ui/dom.ts';
import { IdleTimer, secondsFromQuery } from '../ui/idle-timer.ts';
import { languageToggle } from '../ui/lang-toggle.ts';
import { LiveChannel } from '../ui/live-channel.ts';
import { offlineMark } from '../ui/offline-mark.ts';
import { guardTouchScreen } from '../ui/touch-guard.ts';
import { startClock } from './clock.ts';
import { KioskContentSource } from './content.ts';
import { homeView, messageBlock } from './home-view.ts';
import { pageView } from './page-view.ts';
import { Ticker } from './ticker.ts';

/** What the screen shows: the tile grid, or one page. */
type View = { kind: 'home' } | { kind: 'page'; pageId: string };

// The control room's default; `?idle=2` lets a test see the reset without waiting a minute.
const IDLE_RESET_S = secondsFromQuery('idle', 60);

const main = byId('main');
const poleName = byId('pole-name');
const ticker = new Ticker(byId('ticker'));
const live = new LiveChannel();
let view: View = { kind: 'home' };

const content = new KioskContentSource((doc) => {
  poleName.textContent = doc.device.name;
  ticker.setItems(doc.kiosk?.ticker ?? []);
  render();
});

function render(keepScroll = false): void {
  const scroll = main.scrollTop;
  const doc = content.current;
  if (!doc) {
    // Never a blank screen: the clock runs and the page says it is on its way.
    replaceChildren(main, messageBlock(t('kiosk.loading')));
  } else if (view.kind === 'page') {
    const pageId = view.pageId;
    replaceChildren(
      main,
      pageView(
        doc.kiosk?.pages.find((p) => p.id === pageId),
        () => show({ kind: 'home' }),
      ),
    );
  } else {
    replaceChildren(
      main,
      homeView(doc, (pageId) => show({ kind: 'page', pageId })),
    );
  }
  main.scrollTop = keepScroll ? scroll : 0;
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
startClock(byId('date'), byId('clock'), () => content.current?.device.timezone ?? DEFAULT_TIMEZONE);
onLocaleChange(() => render(true));
new IdleTimer(IDLE_RESET_S * 1000, resetForNextVisitor).start();

// Content may have changed while the agent was away: fetch it again on every (re)connect.
live.onStatus((status) => {
  if (status === 'online') void content.refresh();
});
// One line per live event the kiosk cares about. `kiosk` (new content applied) is not sent yet;
// re-reading /api/kiosk keeps the kiosk independent of that event's payload.
live.on('kiosk', () => void content.refresh());
live.start();

render();
void content.refresh();
