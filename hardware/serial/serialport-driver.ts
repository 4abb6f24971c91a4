import { readdirSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SerialPort } from 'serialport';
import type { Logger } from '../../core/index.js';
import { openStream, StreamSerialLink } from './stream-link.js';
import type { SerialDriver, SerialLink, SerialPortInfo } from './types.js';

export interface SerialportDriverOptions {
  log: Logger;
  /** Only for tests of the fallback listing. */
  devRoot?: string;
}

/** Device names serial hardware on a Pi shows up under (USB adapters, CDC-ACM boards, the UARTs). */
const TTY_PATTERN = /^tty(USB|ACM|AMA)\d+$/;

/**
 * Serial ports straight from /dev, for when SerialPort.list() fails: it asks udevadm,
 * which a minimal image may not have. /dev/serial/by-id names are stable across reboots.
 */
export function listDevSerialPorts(devRoot = '/dev'): SerialPortInfo[] {
  const byPath = new Map<string, SerialPortInfo>();
  for (const name of readdirOrEmpty(devRoot)) {
    if (TTY_PATTERN.test(name)) byPath.set(join(devRoot, name), { path: join(devRoot, name) });
  }
  const byIdDir = join(devRoot, 'serial', 'by-id');
  for (const id of readdirOrEmpty(byIdDir)) {
    try {
      const target = resolve(byIdDir, readlinkSync(join(byIdDir, id)));
      byPath.set(target, { path: target, id });
    } catch {
      // Not a symlink (or it vanished meanwhile): nothing to list.
    }
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Real serial ports through the `serialport` package. */
export class SerialportDriver implements SerialDriver {
  readonly simulated = false;
  private readonly log: Logger;
  private readonly devRoot: string;

  constructor(opts: SerialportDriverOptions) {
    this.log = opts.log;
    this.devRoot = opts.devRoot ?? '/dev';
  }

  async open(path: string, opts: { baudRate: number }): Promise<SerialLink> {
    const stream = new SerialPort({ path, baudRate: opts.baudRate, autoOpen: false });
    await openStream(path, stream);
    this.log.debug({ path, baudRate: opts.baudRate }, 'serial port opened');
    return new StreamSerialLink(path, stream, this.log);
  }

  async list(): Promise<SerialPortInfo[]> {
    try {
      const ports = await SerialPort.list();
      return ports.map((p) => (p.pnpId ? { path: p.path, id: p.pnpId } : { path: p.path }));
    } catch (err) {
      this.log.debug({ err }, 'SerialPort.list() failed (no udevadm?); listing /dev instead');
      return listDevSerialPorts(this.devRoot);
    }
  }
}
