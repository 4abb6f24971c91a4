import type { Session, WebContents } from 'electron';

/**
 * Electron's security checklist, applied to the kiosk's session and page. Each handler
 * logs what it refused: a passer-by who finds a way to poke at the kiosk leaves a trace.
 */

export interface HardeningPolicy {
  /** The agent's loopback origin, e.g. http://127.0.0.1:8080: the only place pages may come from. */
  origin: string;
  /** Pages the shell itself shows (offline, service needed, blank): file:// URLs under this prefix. */
  shellPagesPrefix: string;
  production: boolean;
  log: (event: string, detail: Record<string, unknown>) => void;
}

/** The kiosk needs no camera, microphone, location, notifications, USB, clipboard or anything else. */
export function hardenSession(session: Session, policy: HardeningPolicy): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    policy.log('permission-denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  // Downloads have no business on a street kiosk.
  session.on('will-download', (event, item) => {
    policy.log('download-refused', { url: item.getURL() });
    event.preventDefault();
  });
}

const allowedUrl = (url: string, policy: HardeningPolicy): boolean => {
  try {
    const u = new URL(url);
    if (u.origin === policy.origin) return true;
    return url.startsWith(policy.shellPagesPrefix);
  } catch {
    return false;
  }
};

/** Keys that would leave, reload, zoom, print or open tools. Typing in a form still works. */
export function isBlockedShortcut(input: {
  key: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
  shift: boolean;
}): boolean {
  const key = input.key.toLowerCase();
  if (/^f\d{1,2}$/.test(key)) return true; // F5 reload, F11 full screen, F12 tools, ...
  if (input.alt && ['f4', 'arrowleft', 'arrowright', 'home', 'tab'].includes(key)) return true;
  if (input.meta) return true;
  if (input.control) {
    // Ctrl with letters: reload, close, quit, print, new window, find, save, zoom, tools...
    if (['r', 'w', 'q', 'p', 'n', 't', 'o', 's', 'f', 'g', 'h', 'j', 'u', 'i', 'l', 'd', 'tab'].includes(key))
      return true;
    if (['+', '-', '=', '0', 'add', 'subtract'].includes(key)) return true;
  }
  return key === 'browserback' || key === 'browserforward' || key === 'browserrefresh';
}

export function hardenContents(contents: WebContents, policy: HardeningPolicy): void {
  contents.setWindowOpenHandler(({ url }) => {
    policy.log('window-open-denied', { url });
    return { action: 'deny' };
  });
  const guardNavigation = (event: { preventDefault(): void }, url: string) => {
    if (allowedUrl(url, policy)) return;
    policy.log('navigation-refused', { url });
    event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guardNavigation(event, url));
  contents.on('will-redirect', (event, url) => guardNavigation(event, url));
  contents.on('will-attach-webview', (event) => {
    policy.log('webview-refused', {});
    event.preventDefault();
  });
  contents.on('before-input-event', (event, input) => {
    if (input.type !== 'keyDown') return;
    if (isBlockedShortcut(input)) {
      policy.log('shortcut-swallowed', { key: input.key, control: input.control, alt: input.alt });
      event.preventDefault();
    }
  });
  // No pinch or keyboard zoom: the layout is made for the screen it is on.
  contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  if (policy.production) {
    contents.on('devtools-opened', () => {
      policy.log('devtools-closed', {});
      contents.closeDevTools();
    });
  }
}

/** BrowserWindow webPreferences: sandboxed, isolated, no Node, autoplay allowed, no devtools in production. */
export function kioskWebPreferences(preload: string, production: boolean) {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !production,
    // Alerts and the "listen" button must sound without a prior tap.
    autoplayPolicy: 'no-user-gesture-required' as const,
    backgroundThrottling: false,
  };
}
