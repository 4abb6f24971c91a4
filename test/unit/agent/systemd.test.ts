import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemdNotifier } from '../../../agent/systemd.js';
import { silentLogger } from '../../../core/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A stand-in for systemd: a unix datagram socket (python3) that prints each message it gets. */
async function fakeSystemd(): Promise<{ socket: string; messages: () => string[] }> {
  const dir = tempDir();
  const socket = path.join(dir.path, 'notify');
  const py = spawn('python3', [
    '-c',
    `import socket,sys
s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1])
while True:
  m=s.recv(4096).decode(); print(m.replace("\\n","|"), flush=True)`,
    socket,
  ]);
  let out = '';
  py.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  cleanup.push(() => {
    py.kill();
    dir.remove();
  });
  while (!existsSync(socket)) await new Promise((r) => setTimeout(r, 10));
  return { socket, messages: () => out.split('\n').filter(Boolean) };
}

const waitFor = async (cond: () => boolean) => {
  const end = Date.now() + 3000;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('systemd notify', () => {
  it('sends READY, watchdog pings at half WatchdogSec, and STOPPING', async () => {
    const sd = await fakeSystemd();
    const n = new SystemdNotifier(silentLogger(), { NOTIFY_SOCKET: sd.socket, WATCHDOG_USEC: '1000000' });
    expect(n.enabled).toBe(true);
    n.ready('serving');
    await waitFor(() => sd.messages().filter((m) => m === 'WATCHDOG=1').length >= 2);
    n.stopping();
    await waitFor(() => sd.messages().includes('STOPPING=1'));
    n.close();
    expect(sd.messages()[0]).toBe(`READY=1|STATUS=serving|MAINPID=${process.pid}`);
  });

  it('does nothing without NOTIFY_SOCKET', () => {
    const n = new SystemdNotifier(silentLogger(), {});
    expect(n.enabled).toBe(false);
    n.ready('x');
    n.stopping();
    n.close();
  });

  it('sends no watchdog pings meant for another process', async () => {
    const sd = await fakeSystemd();
    const n = new SystemdNotifier(silentLogger(), {
      NOTIFY_SOCKET: sd.socket,
      WATCHDOG_USEC: '1000000',
      WATCHDOG_PID: '1',
    });
    n.ready('serving');
    await waitFor(() => sd.messages().length >= 1);
    await new Promise((r) => setTimeout(r, 700));
    n.close();
    expect(sd.messages().filter((m) => m === 'WATCHDOG=1')).toHaveLength(0);
  });
});
