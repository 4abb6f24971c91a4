import { describe, expect, it } from 'vitest';
import {
  hardenContents,
  hardenSession,
  isBlockedShortcut,
  kioskWebPreferences,
} from '../../../electron/hardening.js';
import { FakeSession, FakeWebContents } from './electron-mock.js';

const logged: string[] = [];
const policy = {
  origin: 'http://127.0.0.1:8080',
  shellPagesPrefix: 'file:///opt/tiang/electron/pages/',
  production: true,
  log: (event: string) => logged.push(event),
};
const key = (
  k: string,
  mods: Partial<{ control: boolean; alt: boolean; meta: boolean; shift: boolean }> = {},
) => ({
  type: 'keyDown',
  key: k,
  control: false,
  alt: false,
  meta: false,
  shift: false,
  ...mods,
});

describe('kiosk hardening', () => {
  it('denies every permission request and check (camera, geolocation, ...), and downloads', () => {
    const s = new FakeSession();
    hardenSession(s as never, policy);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'midi']) {
      let granted: boolean | undefined;
      s.permissionRequest!(null, p, (ok) => (granted = ok));
      expect(granted).toBe(false);
    }
    expect(s.permissionCheck!()).toBe(false);
    expect(s.devicePermission!()).toBe(false);
    let prevented = false;
    s.emit('will-download', { preventDefault: () => (prevented = true) }, { getURL: () => 'http://x/y.exe' });
    expect(prevented).toBe(true);
    expect(logged).toContain('permission-denied');
  });

  it('keeps navigation on the agent origin and the shell pages; denies new windows and webviews', () => {
    const c = new FakeWebContents();
    hardenContents(c as never, policy);
    expect(c.fire('will-navigate', 'http://127.0.0.1:8080/kiosk/#wisata')).toBe(false);
    expect(c.fire('will-navigate', 'file:///opt/tiang/electron/pages/offline.html')).toBe(false);
    expect(c.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(c.fire('will-navigate', 'http://127.0.0.1:8081/')).toBe(true); // the portal listener is another origin
    expect(c.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(c.fire('will-redirect', 'http://evil.example/')).toBe(true);
    expect(c.fire('will-navigate', 'not a url')).toBe(true);
    expect(c.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(c.fire('will-attach-webview')).toBe(true);
    expect(c.zoomLimits).toEqual([1, 1]);
    c.emit('devtools-opened');
    expect(c.devToolsClosed).toBe(1);
  });

  it('swallows shortcuts that leave, reload, zoom or open tools, and lets typing through', () => {
    const c = new FakeWebContents();
    hardenContents(c as never, policy);
    for (const k of [
      key('F5'),
      key('F11'),
      key('F12'),
      key('r', { control: true }),
      key('w', { control: true }),
      key('I', { control: true, shift: true }),
      key('F4', { alt: true }),
      key('ArrowLeft', { alt: true }),
      key('=', { control: true }),
      key('Meta', { meta: true }),
    ]) {
      expect(c.fire('before-input-event', k)).toBe(true);
    }
    for (const k of [key('a'), key('A', { shift: true }), key('Enter'), key('Backspace'), key('1')]) {
      expect(c.fire('before-input-event', k)).toBe(false);
    }
    expect(isBlockedShortcut(key('q', { control: true }))).toBe(true);
  });

  it('sandboxes the page: no Node, isolated context, no devtools in production, autoplay allowed', () => {
    const prod = kioskWebPreferences('/p/preload.cjs', true);
    expect(prod).toMatchObject({
      preload: '/p/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      devTools: false,
      autoplayPolicy: 'no-user-gesture-required',
    });
    expect(kioskWebPreferences('/p', false).devTools).toBe(true);
  });
});
