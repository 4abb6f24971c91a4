import { MockBinding } from '@serialport/binding-mock';
import { SerialPortStream } from '@serialport/stream';
import { type Logger, silentLogger } from '../../core/index.js';
import { serialOpenError } from './open-error.js';
import { openStream, StreamSerialLink } from './stream-link.js';
import type { SerialDriver, SerialLink, SerialPortInfo } from './types.js';

/** The parts of @serialport/binding-mock's MockPortBinding used here (its ESM build ships no types). */
interface MockPortBinding {
  recording: Buffer;
  emitData(data: Buffer): void;
}

/**
 * A serial stream over the mock binding. Built from @serialport/stream and the mock binding
 * directly (not serialport's SerialPortMock): the simulator then never loads the native
 * serialport bindings, and the binding it creates ports on is the one the stream opens.
 */
type MockStream = SerialPortStream;
const mockStream = (path: string, baudRate: number): MockStream =>
  new SerialPortStream({ binding: MockBinding, path, baudRate, autoOpen: false });

interface SimPort {
  id: string | undefined;
  /** False after unplug(): the path no longer exists. */
  present: boolean;
  stream: MockStream | undefined;
  /** Bytes written through links that are closed now. */
  writtenBefore: Buffer;
}

/**
 * Serial devices for tests and the simulator, on @serialport/binding-mock. The links are
 * the same StreamSerialLink the real driver returns.
 *
 * The mock binding keeps its ports in one process-wide table; use distinct paths when
 * several drivers live in one process.
 */
export class SimSerialDriver implements SerialDriver {
  readonly simulated = true;
  private readonly ports = new Map<string, SimPort>();
  private readonly log: Logger;

  constructor(opts: { log?: Logger } = {}) {
    this.log = opts.log ?? silentLogger();
  }

  /** Plugs in a device at `path` (again, after unplug()). */
  addPort(path: string, opts: { id?: string } = {}): void {
    // The same MockBinding instance the streams open: the package's ESM and CJS builds are
    // separate module instances with separate port tables.
    MockBinding.createPort(path, { echo: false, record: true });
    const previous = this.ports.get(path);
    if (previous) this.keepRecording(previous);
    this.ports.set(path, {
      id: opts.id,
      present: true,
      stream: undefined,
      writtenBefore: previous?.writtenBefore ?? Buffer.alloc(0),
    });
  }

  /**
   * Bytes the device at `path` sends. Returns false when no link has the port open: the
   * bytes are lost, as on a real line.
   */
  emit(path: string, bytes: Buffer | string): boolean {
    const port = this.port(path);
    const binding = port.stream?.isOpen ? (port.stream.port as MockPortBinding | undefined) : undefined;
    if (!binding) return false;
    binding.emitData(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
    return true;
  }

  /** Everything written to `path` since addPort(), across reopens. */
  written(path: string): Buffer {
    const port = this.port(path);
    const binding = port.stream?.port as MockPortBinding | undefined;
    return Buffer.concat([port.writtenBefore, binding?.recording ?? Buffer.alloc(0)]);
  }

  /** Pulls the device out: an open link closes with an error, and the path stops existing. */
  unplug(path: string): void {
    const port = this.port(path);
    port.present = false;
    const stream = port.stream;
    if (stream?.isOpen) {
      // serialport closes with a DisconnectedError when a read fails on a vanished USB
      // device; this takes the same close path with the error the kernel gives (EIO).
      const err = Object.assign(new Error(`EIO: i/o error, read (${path} unplugged)`), {
        disconnected: true,
      });
      stream.close(undefined, err);
    }
  }

  async open(path: string, opts: { baudRate: number }): Promise<SerialLink> {
    const port = this.ports.get(path);
    if (!port?.present)
      throw serialOpenError(path, new Error(`No such file or directory, cannot open ${path}`));
    const stream = mockStream(path, opts.baudRate);
    await openStream(path, stream);
    this.keepRecording(port);
    port.stream = stream;
    return new StreamSerialLink(path, stream, this.log);
  }

  async list(): Promise<SerialPortInfo[]> {
    return [...this.ports]
      .filter(([, p]) => p.present)
      .map(([path, p]) => (p.id ? { path, id: p.id } : { path }));
  }

  /** A new binding starts with an empty recording, so keep what the old one saw. */
  private keepRecording(port: SimPort): void {
    const binding = port.stream?.port as MockPortBinding | undefined;
    if (binding) port.writtenBefore = Buffer.concat([port.writtenBefore, binding.recording]);
    port.stream = undefined;
  }

  private port(path: string): SimPort {
    const port = this.ports.get(path);
    if (!port) throw new Error(`simulated serial port ${path} does not exist (addPort() it first)`);
    return port;
  }
}
