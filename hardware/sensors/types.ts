import type { Bilingual } from '../../core/index.js';

/** One particulate measurement, as the pole stores and reports it. */
export interface AirQualityReading {
  /** When it arrived, UTC ms. */
  at: number;
  /** PM2.5 in µg/m³ (0.1 resolution). */
  pm25: number;
  /** PM10 in µg/m³ (0.1 resolution). */
  pm10: number;
  /** The sensor's own ID (4 hex digits for an SDS011), to tell a swapped sensor. */
  sensorId: string;
}

/** Counters of a framed byte protocol; the same four make sense for any such sensor. */
export interface FramerCounters {
  /** Whole frames with a good tail and checksum. */
  frames: number;
  /** Candidates whose tail was right but whose checksum was not. */
  checksumErrors: number;
  /** Bytes dropped while looking for a frame (line noise, half frames, bad candidates' heads). */
  garbageBytes: number;
  /** Candidates (head and command byte) without the tail byte where it belongs. */
  badTail: number;
}

/** A command that the device answers; `matches` picks its reply (of type Q) out of the stream. */
export interface SensorRequest<P, Q extends P = P> {
  /** For causes and logs: "set sleep", "query firmware version". */
  readonly name: string;
  readonly bytes: Buffer;
  matches(reply: P): reply is Q;
}

/** What a driver's setup may do on a freshly opened port. */
export interface SensorIo<P> {
  /** Writes the request and resolves with its reply; retried, then rejects with a cause. */
  request<Q extends P>(req: SensorRequest<P, Q>): Promise<Q>;
}

/** A decoded frame: a measurement, or a reply to a command. */
export type SensorMessage<R, P> = { reading: R } | { reply: P };

/**
 * Everything particular to one kind of serial sensor. SerialSensor does the rest (the
 * port, reopening, duty cycle, plausibility bookkeeping, stuck detection, state), so a
 * second sensor type is one file implementing this.
 *
 * The sensor must report on its own once set up (active mode): the steady data stream
 * is also how SerialSensor knows the sensor is alive.
 */
export interface SerialSensorDriver<R, P = unknown> {
  /** Short name for logs and health ("sds011"). */
  readonly kind: string;
  readonly baudRate: number;
  /** Decodes bytes from the port; a partial frame waits for the next chunk. `at` stamps readings. */
  feed(chunk: Buffer, at: number): SensorMessage<R, P>[];
  /** Drops a partial frame: after a reopen it belongs to nothing. */
  reset(): void;
  /** Framing counters since the driver was made (across reopens). */
  framing(): Readonly<FramerCounters>;
  /**
   * Brings a freshly opened device into the state SerialSensor expects (reporting on its
   * own, no duty cycle of its own). Resolves with facts to show (firmware, device ID).
   */
  setup(io: SensorIo<P>): Promise<Record<string, string>>;
  /** Duty cycle commands; a sensor without them runs continuously. */
  sleep?(): SensorRequest<P>;
  wake?(): SensorRequest<P>;
  /** Why the reading cannot be a measurement (outside the sensor's range), or undefined. */
  implausible(reading: R): string | undefined;
  /** The exact same value (not the same time): a run of these means the sensor is stuck. */
  sameValue(a: R, b: R): boolean;
  /** The value in words, for causes ("PM2.5 12.3 µg/m³, PM10 20.1 µg/m³"). */
  describe(reading: R): string;
}

/**
 * - connecting: opening the port and setting the device up, the first time
 * - reading: working, readings arriving
 * - sleeping: fan and laser off between reading windows, as intended
 * - unplugged: the port is gone (missing, vanished, closed); reopening with backoff
 * - stuck: the same exact value over and over while working; those readings are dropped
 * - error: the port is there but the device misbehaves (no reply, no data, impossible values)
 * - stopped: stop() was called
 *
 * A fault (unplugged, stuck, error) stays through sleep and reopen attempts until a good
 * reading clears it, so a health check during the long sleep still sees it.
 */
export type SensorStatus =
  | 'connecting'
  | 'reading'
  | 'sleeping'
  | 'unplugged'
  | 'stuck'
  | 'error'
  | 'stopped';

export interface SensorCounters extends FramerCounters {
  /** Readings handed to onReading. */
  readings: number;
  /** Readings outside the sensor's range, dropped. */
  impossible: number;
  /** Readings dropped because they repeated the value of a stuck sensor. */
  stuckDropped: number;
  /** Readings that came while the sensor should have slept (dropped; it is sent to sleep again). */
  whileAsleep: number;
  /** Times the data stopped for `silenceS` while working. */
  silences: number;
  /** Requests sent again after no reply in time. */
  commandRetries: number;
  /** Requests that got no reply at all. */
  commandFailures: number;
  opens: number;
  openFailures: number;
  /** Links that closed without stop(): unplugged, vanished, or closed under us. */
  disconnects: number;
}

export interface SensorState<R> {
  kind: string;
  path: string;
  status: SensorStatus;
  /** When this status began, UTC ms. */
  since: number;
  /** Why the status is a fault, in plain words. */
  cause?: string;
  /** Machine-readable kind of fault (SERIAL_MISSING, SENSOR_STUCK, ...). */
  code?: string;
  /** What a technician should do, Indonesian and English. */
  fix?: Bilingual;
  counters: SensorCounters;
  lastReading?: R;
  /** What setup learned about the device (firmware, ID). */
  device?: Record<string, string>;
}

/** The timer functions SerialSensor uses; injectable so tests can drive time. */
export interface SensorTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
