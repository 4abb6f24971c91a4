import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTiangError, silentLogger } from '../../../core/index.js';
import type { SerialLink } from '../../../hardware/index.js';
import { listDevSerialPorts, SerialportDriver } from '../../../hardware/serial/serialport-driver.js';

const hasPython = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

/**
 * A pseudo-terminal held by a small Python process: the real serialport driver opens
 * its slave side like a USB adapter. Lines "hex\n" on stdin are sent to the port; bytes
 * the port writes come back on stdout as "R:hex" lines.
 */
const PTY_RELAY = `
import os, pty, select, sys, tty
m, s = pty.openpty()
tty.setraw(s)
print(os.ttyname(s), flush=True)
while True:
    r, _, _ = select.select([m, 0], [], [])
    if m in r:
        sys.stdout.write('R:' + os.read(m, 1024).hex() + '\\n'); sys.stdout.flush()
    if 0 in r:
        line = sys.stdin.readline()
        if not line: break
        os.write(m, bytes.fromhex(line.strip()))
`;

interface Relay {
  proc: ChildProcessWithoutNullStreams;
  path: string;
  received: () => string;
}

function startRelay(): Promise<Relay> {
  const proc = spawn('python3', ['-u', '-c', PTY_RELAY]);
  let out = '';
  return new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.stdout.on('data', (d: Buffer) => {
      const first = out === '';
      out += d.toString();
      if (first) resolve({ proc, path: out.trim().split('\n')[0]!, received: () => out });
    });
  });
}

const links: SerialLink[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
  for (const clean of cleanups.splice(0)) clean();
});

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('SerialportDriver on a real pseudo-terminal', () => {
  it.skipIf(!hasPython)(
    'moves bytes both ways and reports the far end going away (skipped without python3)',
    async () => {
      const relay = await startRelay();
      cleanups.push(() => relay.proc.kill());
      const driver = new SerialportDriver({ log: silentLogger() });
      const link = await driver.open(relay.path, { baudRate: 115200 });
      links.push(link);
      const received: Buffer[] = [];
      link.onData((c) => received.push(c));
      const closed = new Promise<Error | undefined>((resolve) => link.onClose(resolve));

      await link.write(Buffer.from([0x01, 0x02, 0xff]));
      await until(() => relay.received().includes('R:0102ff'));
      relay.proc.stdin.write('424d1c\n');
      await until(() => Buffer.concat(received).length === 3);
      expect(Buffer.concat(received)).toEqual(Buffer.from([0x42, 0x4d, 0x1c]));

      // The relay exits and its side of the pty vanishes, like a USB adapter pulled out.
      relay.proc.stdin.end();
      const err = await closed;
      expect(isTiangError(err) && err.code).toBe('SERIAL_DISCONNECTED');
    },
  );
});

describe('SerialportDriver errors', () => {
  it('refuses a missing path with a TiangError naming the path and the fix', async () => {
    const driver = new SerialportDriver({ log: silentLogger() });
    const err = await driver.open('/dev/ttyUSB-tiang-missing', { baudRate: 9600 }).catch((e: unknown) => e);
    expect(isTiangError(err) && err.code).toBe('SERIAL_MISSING');
    expect((err as Error).message).toContain('/dev/ttyUSB-tiang-missing');
    expect(isTiangError(err) && err.fix.en).toContain('/dev/serial/by-id');
  });

  it('refuses a file that is not a serial port', async () => {
    const driver = new SerialportDriver({ log: silentLogger() });
    await expect(driver.open('/dev/null', { baudRate: 9600 })).rejects.toMatchObject({
      code: 'SERIAL_NOT_A_PORT',
    });
  });
});

describe('listDevSerialPorts (fallback when udevadm is missing)', () => {
  it('lists USB, ACM and UART ttys and names them by their /dev/serial/by-id link', () => {
    const dev = mkdtempSync(join(tmpdir(), 'tiang-dev-'));
    cleanups.push(() => rmSync(dev, { recursive: true, force: true }));
    for (const name of ['ttyUSB0', 'ttyUSB1', 'ttyACM0', 'ttyAMA0', 'tty1', 'ttyS0', 'null']) {
      writeFileSync(join(dev, name), '');
    }
    mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
    symlinkSync(
      '../../ttyUSB1',
      join(dev, 'serial', 'by-id', 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0'),
    );

    expect(listDevSerialPorts(dev)).toEqual([
      { path: join(dev, 'ttyACM0') },
      { path: join(dev, 'ttyAMA0') },
      { path: join(dev, 'ttyUSB0') },
      { path: join(dev, 'ttyUSB1'), id: 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0' },
    ]);
  });

  it('returns nothing (not an error) when /dev has no serial devices', () => {
    expect(listDevSerialPorts('/nonexistent-dev')).toEqual([]);
  });
});
