import type { SerialPortStream } from '@serialport/stream';
import type { SerialPort } from 'serialport';
import { bi, type Logger, TiangError } from '../../core/index.js';
import { serialOpenError } from './open-error.js';
import type { SerialLink } from './types.js';

/** Both the real port and the mock are serialport streams; one link wraps either. */
export type SerialStream = SerialPort | SerialPortStream;

/** Opens a stream created with autoOpen: false; open errors become TiangErrors. */
export function openStream(path: string, stream: SerialStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.open((err) => (err ? reject(serialOpenError(path, err)) : resolve()));
  });
}

/**
 * A SerialLink over an open serialport stream. The same code serves the real port and
 * the simulator, so what the simulator shows (buffering, unplug, writes after close) is
 * what the pole does.
 */
export class StreamSerialLink implements SerialLink {
  private readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  private readonly closeListeners: ((err?: Error) => void)[] = [];
  /** Bytes that arrived before anyone listened: a device may talk as soon as it is opened. */
  private early: Buffer[] = [];
  private closed = false;
  private closeError: Error | undefined;
  private readonly pendingWrites = new Set<(err: Error) => void>();

  constructor(
    readonly path: string,
    private readonly stream: SerialStream,
    private readonly log: Logger,
  ) {
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('close', (err: Error | null) => this.closedBy(err ?? undefined));
    // Without an 'error' listener a stray stream error would crash the process.
    stream.on('error', (err: Error) => this.log.warn({ err, path }, 'serial port error'));
  }

  onData(cb: (chunk: Buffer) => void): void {
    this.dataListeners.push(cb);
    const early = this.early;
    this.early = [];
    for (const chunk of early) this.deliver(cb, chunk);
  }

  onClose(cb: (err?: Error) => void): void {
    if (this.closed) {
      // Closing happened before anyone asked: still tell the late subscriber.
      const err = this.closeError;
      queueMicrotask(() => cb(err));
      return;
    }
    this.closeListeners.push(cb);
  }

  write(bytes: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => {
        this.pendingWrites.delete(fail);
        reject(err);
      };
      this.pendingWrites.add(fail);
      this.stream.write(bytes, (err) => {
        if (!this.pendingWrites.delete(fail)) return;
        if (err) reject(err);
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this.closed || !this.stream.isOpen) return Promise.resolve();
    return new Promise((resolve) => {
      this.stream.close((err) => {
        if (err) this.log.warn({ err, path: this.path }, 'serial port close failed');
        resolve();
      });
    });
  }

  private receive(chunk: Buffer): void {
    if (this.dataListeners.length === 0) {
      this.early.push(chunk);
      return;
    }
    for (const cb of this.dataListeners) this.deliver(cb, chunk);
  }

  /** A throwing subscriber must not break the read loop of the port (or crash the process). */
  private deliver(cb: (chunk: Buffer) => void, chunk: Buffer): void {
    try {
      cb(chunk);
    } catch (err) {
      this.log.error({ err, path: this.path }, 'serial data handler threw');
    }
  }

  private closedBy(cause: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = cause ? disconnectedError(this.path, cause) : undefined;
    if (this.closeError) this.log.warn({ err: cause, path: this.path }, 'serial device disconnected');
    // A write waiting on a port that went away would otherwise never settle.
    for (const fail of [...this.pendingWrites]) fail(this.closedError());
    for (const cb of this.closeListeners.splice(0)) cb(this.closeError);
  }

  private closedError(): Error {
    return new Error(`serial port ${this.path} is closed`, { cause: this.closeError });
  }
}

function disconnectedError(path: string, cause: Error): TiangError {
  return new TiangError(
    'SERIAL_DISCONNECTED',
    `serial device ${path} disconnected (${cause.message})`,
    bi(
      `Periksa kabel USB dan daya perangkat di ${path}.`,
      `Check the USB cable and the power of the device on ${path}.`,
    ),
    { cause },
  );
}
