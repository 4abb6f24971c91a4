import { type Clock, systemClock } from '../../core/index.js';
import type { SimSerialDriver } from '../serial/index.js';
import { hourOfDayWib, typicalPm10Ratio, typicalPm25 } from './pm-daily-curve.js';
import { Sds011Framer } from './sds011-framer.js';
import {
  BROADCAST_ID,
  buildDataFrame,
  buildReply,
  parseHostFrame,
  type ReportingMode,
  type Sds011Command,
  Sub,
} from './sds011-protocol.js';
import { randomBytes, seededRandom } from './seeded-random.js';

export interface SimSds011Options {
  serial: SimSerialDriver;
  path: string;
  /** What list() shows as the stable name. Default: the CH340 adapter the SDS011 ships with. */
  portId?: string;
  /** Same seed, same readings and noise. Default 1. */
  seed?: number;
  /** The 16-bit device ID (ID1 is the low byte). Default: from the seed. */
  deviceId?: number;
  /** Drives the daily curve; a test clock can make it noon or rush hour. */
  clock?: Clock;
  /** How often it reports while working in active mode. Default 1000 ms, as the real one. */
  reportEveryMs?: number;
  /** How often it looks at what the host wrote. Default 20 ms. */
  pollMs?: number;
  /** Firmware date [yy, mm, dd]. Default 18-11-16. */
  firmware?: [number, number, number];
  /** What its flash holds at first: reporting mode and working period. Default active, 0. */
  reportingMode?: ReportingMode;
  workingPeriod?: number;
}

export interface SimReading {
  pm25: number;
  pm10: number;
}

/** A command the simulated sensor received, with when (ms since it was made). */
export interface ReceivedCommand {
  command: Sds011Command;
  atMs: number;
}

/** Commands kept for inspection; a long simulator run must not grow without end. */
const KEEP_COMMANDS = 200;

/**
 * A simulated SDS011 on a SimSerialDriver port: it answers the V1.3 commands as the real
 * sensor does (C5 replies; a sleeping sensor still answers but sends no data), reports a
 * C0 frame each second while working in active mode or when queried, and has faults to
 * script: unplug/replug, line noise, a stuck value, bad checksums, silence, forced values.
 *
 * What the host writes is picked up by polling SimSerialDriver.written(), the only way
 * the driver shows it; replies are therefore up to `pollMs` late, which a real sensor
 * also is (a few ms).
 */
export class SimSds011 {
  readonly path: string;
  private readonly serial: SimSerialDriver;
  private readonly portId: string;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly firmware: [number, number, number];
  private readonly framer = new Sds011Framer('host');
  private readonly born = performance.now();
  private readonly pollTimer: NodeJS.Timeout;
  private readonly reportTimer: NodeJS.Timeout;

  private id: number;
  private mode: ReportingMode;
  private period: number;
  private sleeping = false;
  private plugged = false;
  private seen = 0;
  private ticks = 0;
  private drift = 0;
  private last: SimReading | undefined;

  private stuckOn = false;
  private badChecksumsOn = false;
  private mutedOn = false;
  private forced: SimReading | undefined;

  /** What it sent: data frames, replies, noise bytes (only what reached an open port). */
  readonly sent = { dataFrames: 0, replies: 0, garbageBytes: 0 };
  /** The latest commands it received, oldest first. */
  readonly received: ReceivedCommand[] = [];

  constructor(opts: SimSds011Options) {
    this.serial = opts.serial;
    this.path = opts.path;
    this.portId = opts.portId ?? 'usb-1a86_USB_Serial-if00-port0';
    const seed = opts.seed ?? 1;
    this.random = seededRandom(seed);
    this.id = opts.deviceId ?? (seed * 0x9e37) & 0xffff;
    this.clock = opts.clock ?? systemClock;
    this.firmware = opts.firmware ?? [18, 11, 16];
    this.mode = opts.reportingMode ?? 'active';
    this.period = opts.workingPeriod ?? 0;
    this.replug();
    // unref: a simulated sensor somebody forgot to dispose must not keep the process alive.
    this.pollTimer = setInterval(() => this.poll(), opts.pollMs ?? 20).unref();
    this.reportTimer = setInterval(() => this.report(), opts.reportEveryMs ?? 1000).unref();
  }

  /** True while fan and laser run (it was not sent to sleep). */
  get working(): boolean {
    return this.plugged && !this.sleeping;
  }

  get reportingMode(): ReportingMode {
    return this.mode;
  }

  get workingPeriod(): number {
    return this.period;
  }

  get deviceId(): number {
    return this.id;
  }

  /** Pulls the USB plug: the host's link closes with an error and the path disappears. */
  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    this.serial.unplug(this.path);
  }

  /** Plugs it back in: it powers up working, in the mode its flash holds. Plugged already: nothing happens. */
  replug(): void {
    if (this.plugged) return;
    this.serial.addPort(this.path, { id: this.portId });
    this.plugged = true;
    this.sleeping = false;
    this.framer.reset();
    this.seen = this.serial.written(this.path).length;
  }

  /** A brownout of the sensor alone (the USB adapter keeps the port open): it restarts working. */
  reset(): void {
    this.sleeping = false;
  }

  /** Sends `bytes` random bytes now, between two frames. Returns false if no port was open to hear them. */
  garbage(bytes: number): boolean {
    const noise = randomBytes(bytes, this.random);
    const ok = this.send(noise);
    if (ok) this.sent.garbageBytes += bytes;
    return ok;
  }

  /** While on, every report repeats the last value exactly. */
  stuck(on: boolean): void {
    this.stuckOn = on;
  }

  /** While on, data frames carry a wrong checksum (replies stay good). */
  badChecksums(on: boolean): void {
    this.badChecksumsOn = on;
  }

  /** While on, it says nothing at all: no data, no replies (a dead sensor on a live USB adapter). */
  mute(on: boolean): void {
    this.mutedOn = on;
  }

  /** Reports exactly these values from now on (out of range too); undefined goes back to the daily curve. */
  force(values: SimReading | undefined): void {
    this.forced = values;
  }

  /** Stops its timers. The port stays as it is. */
  dispose(): void {
    clearInterval(this.pollTimer);
    clearInterval(this.reportTimer);
  }

  /** Reads what the host wrote since last time and answers it. */
  private poll(): void {
    const written = this.serial.written(this.path);
    if (written.length < this.seen) this.seen = 0;
    if (written.length === this.seen) return;
    const fresh = written.subarray(this.seen);
    this.seen = written.length;
    if (!this.plugged) return;
    for (const frame of this.framer.push(fresh)) this.answer(parseHostFrame(frame));
  }

  private answer(command: Sds011Command): void {
    this.received.push({ command, atMs: performance.now() - this.born });
    if (this.received.length > KEEP_COMMANDS) this.received.shift();
    if (this.mutedOn) return;
    if (command.target !== BROADCAST_ID && command.target !== this.id) return;
    switch (command.type) {
      case 'reportingMode':
        if (command.set) this.mode = command.mode;
        this.reply(Sub.reportingMode, [command.set ? 1 : 0, this.mode === 'query' ? 1 : 0, 0]);
        return;
      case 'sleepWork':
        if (command.set) this.sleeping = !command.working;
        this.reply(Sub.sleepWork, [command.set ? 1 : 0, this.sleeping ? 0 : 1, 0]);
        return;
      case 'workingPeriod':
        if (command.set && command.minutes <= 30) this.period = command.minutes;
        this.reply(Sub.workingPeriod, [command.set ? 1 : 0, this.period, 0]);
        return;
      case 'firmware':
        this.reply(Sub.firmware, this.firmware);
        return;
      case 'setDeviceId':
        this.id = command.newId;
        this.reply(Sub.setDeviceId, [0, 0, 0]);
        return;
      case 'queryData':
        if (!this.sleeping) this.sendData();
        return;
      case 'unknown':
        return;
    }
  }

  private reply(sub: number, data: [number, number, number]): void {
    if (this.send(buildReply(sub, data, this.id))) this.sent.replies++;
  }

  /** Once a tick: a frame while working in active mode (once per period with a working period set). */
  private report(): void {
    if (!this.working || this.mutedOn || this.mode !== 'active') return;
    this.ticks++;
    // A working period of n minutes: one report every n × 60 ticks (a simplification of
    // its 30 s of work per period, enough for a host that checks it is switched off).
    if (this.period > 0 && this.ticks % (this.period * 60) !== 0) return;
    this.sendData();
  }

  private sendData(): void {
    const v = this.forced ?? (this.stuckOn && this.last ? this.last : this.nextValue());
    this.last = v;
    const frame = buildDataFrame(v.pm25, v.pm10, this.id);
    if (this.badChecksumsOn) frame[8] = frame[8]! ^ 0x5a;
    if (this.send(frame)) this.sent.dataFrames++;
  }

  /** The daily curve with a slow drift (weather, a passing truck) and a little jitter. */
  private nextValue(): SimReading {
    const hour = hourOfDayWib(this.clock.now());
    this.drift = this.drift * 0.98 + (this.random() - 0.5) * 0.05;
    const pm25 = Math.max(1, typicalPm25(hour) * (1 + this.drift) + (this.random() - 0.5));
    const ratio = Math.min(1.8, Math.max(1.3, typicalPm10Ratio(hour) + (this.random() - 0.5) * 0.1));
    const tenth = (v: number) => Math.round(v * 10) / 10;
    return { pm25: tenth(pm25), pm10: tenth(pm25 * ratio) };
  }

  private send(bytes: Buffer): boolean {
    if (!this.plugged) return false;
    return this.serial.emit(this.path, bytes);
  }
}
