import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';
import { FakeBrowserWindow, fakeElectron } from './electron-mock.js';

const electron = fakeElectron();
vi.mock('electron', () => ({ default: electron, ...electron }));
const { startShell } = await import('../../../electron/main.js');

describe('the kiosk shell main process (mocked electron)', () => {
  const dir = tempDir('tiang-shell-');
  let shell: Awaited<ReturnType<typeof startShell>>;
  beforeAll(async () => {
    // Nothing listens on this port: the agent (a fake child) never becomes healthy.
    shell = await startShell(electron as never, ['electron', 'main.js', '--sim'], {
      ...process.env,
      TIANG_DATA_DIR: dir.path,
      TIANG_HTTP_PORT: '9',
    });
  });
  afterAll(() => {
    electron.app.emit('before-quit');
    dir.remove();
  });

  it('allows autoplay, removes the menu, and opens one hardened kiosk window on the offline page', () => {
    expect(electron.switches).toContainEqual(['autoplay-policy', 'no-user-gesture-required']);
    expect(electron.Menu.applicationMenu).toBeNull();
    expect(FakeBrowserWindow.all).toHaveLength(1);
    const win = FakeBrowserWindow.all[0]!;
    expect(win.options).toMatchObject({ kiosk: true });
    expect(win.loaded[0]).toMatch(/electron\/pages\/offline\.html$/);
    const s = electron.session.defaultSession;
    let granted: boolean | undefined;
    s.permissionRequest!(null, 'geolocation', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('starts the same agent entry that runs under Node, as a utility process', () => {
    expect(electron.forks).toHaveLength(1);
    const f = electron.forks[0]!;
    expect(f.entry).toMatch(/dist\/agent\/main\.js$/);
    expect(f.args.slice(0, 2)).toEqual(['start', '--sim']);
    expect(f.options).toMatchObject({ serviceName: 'tiang-agent' });
  });

  it('takes activity only from the kiosk page, and wakes a blanked screen on a touch', async () => {
    const win = FakeBrowserWindow.all[0]!;
    const frame = (url: string) => ({
      sender: { id: win.webContents.id },
      senderFrame: { url, parent: null },
    });
    // Opening hours that exclude the present minute, whatever time the test runs: blanked now.
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const now = Date.now();
    shell!.display.setHours({ on: hhmm(now + 2 * 3600_000), off: hhmm(now + 3 * 3600_000), timezone: 'UTC' });
    expect(shell!.display.blanked).toBe(true);
    electron.ipcMain.emit('tiang:activity', frame('https://evil.example/'), { kind: 'touch' });
    expect(shell!.display.blanked).toBe(true);
    electron.ipcMain.emit('tiang:activity', frame(`${shell!.cfg.origin}/kiosk/`), { kind: 'touch' });
    expect(shell!.display.blanked).toBe(false);
  });

  it('on a crash loop shows the service screen and leaves a fault event for the control room', async () => {
    shell!.onAgentState({ kind: 'crash-loop', exits: 5, windowMs: 120_000, lastExit: 1 });
    const win = FakeBrowserWindow.all[0]!;
    await until(() => win.loaded.at(-1)?.endsWith('service.html') === true);
    const file = path.join(dir.path, 'tiang.db');
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    const row = db.prepare("SELECT data FROM outbox WHERE type = 'fault'").get() as { data: string };
    db.close();
    expect(JSON.parse(row.data)).toMatchObject({ subsystem: 'agent', level: 'fault' });
  });
});
