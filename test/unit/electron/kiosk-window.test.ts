import { describe, expect, it } from 'vitest';
import { KioskWindow } from '../../../electron/kiosk-window.js';
import { until } from '../../helpers/until.js';
import { FakeBrowserWindow } from './electron-mock.js';

const pages = {
  offline: 'file:///p/offline.html',
  service: 'file:///p/service.html',
  blank: 'file:///p/blank.html',
};
function rig() {
  const logged: string[] = [];
  const k = new KioskWindow({
    create: (o) => new FakeBrowserWindow(o as Record<string, unknown>) as never,
    kioskUrl: 'http://127.0.0.1:8080/kiosk/',
    pages,
    preload: '/p/preload.cjs',
    policy: {
      origin: 'http://127.0.0.1:8080',
      shellPagesPrefix: 'file:///p/',
      production: true,
      log: (e) => logged.push(e),
    },
    unresponsiveGraceMs: 30,
  });
  const win = k.window as unknown as FakeBrowserWindow;
  return { k, win, logged };
}

describe('kiosk window', () => {
  it('is a full-screen kiosk with no menu and the hardened preferences', () => {
    const { win } = rig();
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(win.menu).toBeNull();
  });

  it('reloads the screen it was on when the renderer crashes or is killed for memory', async () => {
    const { k, win, logged } = rig();
    await k.show('kiosk');
    win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 9 });
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    expect(win.loaded).toEqual([
      'http://127.0.0.1:8080/kiosk/',
      'http://127.0.0.1:8080/kiosk/',
      'http://127.0.0.1:8080/kiosk/',
    ]);
    expect(logged.filter((e) => e === 'renderer-gone')).toHaveLength(2);
  });

  it('reloads a hung renderer that does not recover, and leaves one that does', async () => {
    const { k, win } = rig();
    await k.show('kiosk');
    win.webContents.emit('unresponsive');
    win.webContents.emit('responsive');
    await new Promise((r) => setTimeout(r, 60));
    expect(win.webContents.crashed).toBe(0);
    win.webContents.emit('unresponsive');
    await until(() => win.webContents.crashed === 1);
    expect(win.loaded.at(-1)).toBe('http://127.0.0.1:8080/kiosk/');
  });

  it('never stays on a browser error page: a failed load shows the offline page', async () => {
    const { k, win } = rig();
    win.failLoads.add('http://127.0.0.1:8080/kiosk/');
    await k.show('kiosk');
    expect(k.screen).toBe('offline');
    expect(win.loaded.at(-1)).toBe(pages.offline);
    win.failLoads.clear();
    await k.show('kiosk');
    win.webContents.emit(
      'did-fail-load',
      {},
      -105,
      'ERR_NAME_NOT_RESOLVED',
      'http://127.0.0.1:8080/kiosk/',
      true,
    );
    await until(() => win.loaded.at(-1) === pages.offline);
    // A failed sub-frame or an aborted navigation is not a reason to leave the kiosk.
    await k.show('kiosk');
    win.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'http://127.0.0.1:8080/kiosk/', true);
    win.webContents.emit('did-fail-load', {}, -105, 'x', 'http://127.0.0.1:8080/img.png', false);
    expect(k.screen).toBe('kiosk');
  });
});
