import { onLocaleChange, t } from '../i18n/index.ts';
import { byId, h, replaceChildren } from '../ui/dom.ts';
import { IdleTimer, secondsFromQuery } from '../ui/idle-timer.ts';
import { languageToggle } from '../ui/lang-toggle.ts';
import { LiveChannel } from '../ui/live-channel.ts';
import { offlineMark } from '../ui/offline-mark.ts';
import { loginScreen } from './login-screen.ts';
import { hasSession, logout } from './session.ts';
import { adminTabs } from './views/tabs.tsx';

// An unattended technician screen logs itself out; `?idle=` shortens it for tests.
const IDLE_LOGOUT_S = secondsFromQuery('idle', 300);

const main = byId('main');
const title = byId('admin-title');
const live = new LiveChannel();
let screen: { el: HTMLElement; destroy: () => void } | undefined;

const logoutButton = h('button', {
  class: 'logout-button',
  attrs: { type: 'button', hidden: true },
  on: { click: () => void endSession() },
});
const idle = new IdleTimer(IDLE_LOGOUT_S * 1000, () => void endSession(true));
// Opened from the kiosk's service corner: a way back, and the kiosk again when the technician leaves.
const fromKiosk = new URLSearchParams(location.search).get('from') === 'kiosk';
const kioskButton = h('button', {
  class: 'kiosk-button',
  attrs: { type: 'button', hidden: !fromKiosk },
  on: { click: () => void backToKiosk() },
});

// The PIN pad on the kiosk must not stay on the street's screen: back to the kiosk after a minute.
const loginIdle = new IdleTimer(60_000, () => location.assign('/kiosk/'));

async function backToKiosk(): Promise<void> {
  await logout();
  location.assign('/kiosk/');
}

function mount(next: { el: HTMLElement; destroy: () => void }): void {
  screen?.destroy();
  screen = next;
  replaceChildren(main, next.el);
}

function showLogin(idleLogout = false): void {
  logoutButton.hidden = true;
  live.stop();
  idle.stop();
  if (fromKiosk) loginIdle.start();
  mount(loginScreen(showDashboard, idleLogout ? { key: 'admin.loggedOutIdle', tone: 'info' } : undefined));
}

function showDashboard(): void {
  loginIdle.stop();
  logoutButton.hidden = false;
  mount(adminTabs(live));
  live.start();
  idle.start();
}

async function endSession(idleLogout = false): Promise<void> {
  if (fromKiosk) return backToKiosk();
  await logout();
  showLogin(idleLogout);
}

const label = () => {
  title.textContent = t('admin.title');
  logoutButton.textContent = t('admin.logout');
  kioskButton.textContent = t('admin.backToKiosk');
};
label();
onLocaleChange(label);
byId('header-actions').append(offlineMark(live), languageToggle(), kioskButton, logoutButton);

if (await hasSession()) showDashboard();
else showLogin();
