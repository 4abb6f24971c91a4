import { createRequire } from 'node:module';
import type { Logger } from '../core/index.js';

interface DgramSocket {
  send(buf: Buffer, offset: number, length: number, path: string, cb: (err?: Error) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): void;
}
interface UnixDgram {
  createSocket(type: 'unix_dgram'): DgramSocket;
}

/**
 * systemd's sd_notify protocol for a `Type=notify` unit: READY=1 once the pole serves
 * /healthz, WATCHDOG=1 pings at half the unit's WatchdogSec, STOPPING=1 on the way out.
 * Node has no unix datagram sockets, hence the small native `unix-dgram` addon
 * (an optional dependency: without NOTIFY_SOCKET none of this runs).
 */
export class SystemdNotifier {
  private socket: DgramSocket | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get enabled(): boolean {
    return Boolean(this.env.NOTIFY_SOCKET);
  }

  private send(message: string): void {
    const path = this.env.NOTIFY_SOCKET;
    if (!path) return;
    if (path.startsWith('@')) {
      this.log.warn({ path }, 'abstract NOTIFY_SOCKET is not supported; use the default /run/systemd/notify');
      return;
    }
    if (!this.socket) {
      try {
        const require = createRequire(import.meta.url);
        const dgram = require('unix-dgram') as UnixDgram;
        this.socket = dgram.createSocket('unix_dgram');
        this.socket.on('error', (err) => this.log.warn({ err }, 'systemd notify socket error'));
      } catch (err) {
        this.log.warn({ err }, 'unix-dgram is not installed: cannot notify systemd');
        return;
      }
    }
    const buf = Buffer.from(message);
    this.socket.send(buf, 0, buf.length, path, (err) => {
      if (err) this.log.warn({ err, message }, 'systemd notify failed');
    });
  }

  ready(status: string): void {
    this.send(`READY=1\nSTATUS=${status}\nMAINPID=${process.pid}`);
    const usec = Number(this.env.WATCHDOG_USEC);
    const forPid = this.env.WATCHDOG_PID;
    if (usec > 0 && (!forPid || Number(forPid) === process.pid)) {
      const everyMs = Math.max(500, Math.floor(usec / 1000 / 2));
      this.watchdog = setInterval(() => this.send('WATCHDOG=1'), everyMs);
      this.watchdog.unref();
      this.log.info({ everyMs }, 'systemd watchdog pings enabled');
    }
  }

  status(status: string): void {
    this.send(`STATUS=${status}`);
  }

  stopping(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.send('STOPPING=1');
  }

  close(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.socket?.close();
    this.socket = undefined;
  }
}
