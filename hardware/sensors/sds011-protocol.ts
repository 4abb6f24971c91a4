// The Nova Fitness SDS011 serial protocol ("Laser Dust Sensor Control Protocol V1.3"),
// 9600 baud 8N1. Both directions, so the simulated sensor speaks the same bytes.
//
// Sensor → host, 10 bytes:  AA <C0|C5> D1..D6 CHK AB, CHK = low byte of sum(D1..D6)
//   C0 data:   PM2.5 lo, PM2.5 hi, PM10 lo, PM10 hi, ID1, ID2   (PM in tenths of µg/m³)
//   C5 reply:  sub-command, 3 data bytes, ID1, ID2
// Host → sensor, 19 bytes:  AA B4 <sub> D2..D13 <ID1 ID2> CHK AB, CHK = low byte of
//   sum(bytes 2..16); ID FF FF addresses every sensor on the line.

export const SDS011_BAUD_RATE = 9600;

export const HEAD = 0xaa;
export const TAIL = 0xab;
export const CMD_DATA = 0xc0;
export const CMD_REPLY = 0xc5;
export const CMD_REQUEST = 0xb4;

/** Frames from the sensor (C0, C5) and from the host (B4). */
export const SENSOR_FRAME_LENGTH = 10;
export const HOST_FRAME_LENGTH = 19;

/** The sub-commands of V1.3 (the byte after B4, echoed after C5). */
export const Sub = {
  reportingMode: 2,
  queryData: 4,
  setDeviceId: 5,
  sleepWork: 6,
  firmware: 7,
  workingPeriod: 8,
} as const;

/** Highest value the SDS011 measures (its datasheet range is 0.0–999.9 µg/m³). */
export const SDS011_MAX_UG_M3 = 999.9;

/** Every sensor on the line: the ID a command carries when it addresses whichever one is there. */
export const BROADCAST_ID = 0xffff;

export type ReportingMode = 'active' | 'query';

/** A frame the sensor sends, decoded. `id` is the 16-bit device ID (ID1 is the low byte). */
export type Sds011Message =
  | { type: 'data'; pm25: number; pm10: number; id: number }
  | { type: 'reportingMode'; set: boolean; mode: ReportingMode; id: number }
  | { type: 'sleepWork'; set: boolean; working: boolean; id: number }
  | { type: 'workingPeriod'; set: boolean; minutes: number; id: number }
  | { type: 'firmware'; year: number; month: number; day: number; id: number }
  | { type: 'deviceId'; id: number }
  | { type: 'unknown'; sub: number; id: number };

/** A command the host sends, decoded (what the simulated sensor needs to answer it). */
export type Sds011Command =
  | { type: 'reportingMode'; set: boolean; mode: ReportingMode; target: number }
  | { type: 'queryData'; target: number }
  | { type: 'setDeviceId'; newId: number; target: number }
  | { type: 'sleepWork'; set: boolean; working: boolean; target: number }
  | { type: 'workingPeriod'; set: boolean; minutes: number; target: number }
  | { type: 'firmware'; target: number }
  | { type: 'unknown'; sub: number; target: number };

/** Low byte of the sum of buf[from..to). */
export function checksum(buf: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += buf[i]!;
  return sum & 0xff;
}

/** The checksum is over the payload: after head and command, before checksum and tail. */
export function frameIsValid(buf: Uint8Array, at: number, length: number): boolean {
  return (
    buf[at] === HEAD &&
    buf[at + length - 1] === TAIL &&
    checksum(buf, at + 2, at + length - 2) === buf[at + length - 2]
  );
}

/** Formats a device ID the way it is printed in logs and readings: 4 hex digits, ID1 first. */
export const formatSensorId = (id: number): string =>
  (
    (id & 0xff).toString(16).padStart(2, '0') + ((id >> 8) & 0xff).toString(16).padStart(2, '0')
  ).toUpperCase();

// ---- host → sensor -------------------------------------------------------------------

/** A 19-byte command frame: `data` fills D1 (the sub-command) onwards; the rest stay 0. */
export function buildCommand(sub: number, data: readonly number[] = [], target = BROADCAST_ID): Buffer {
  if (data.length > 12) throw new Error(`SDS011 command takes at most 12 data bytes after the sub-command`);
  const frame = Buffer.alloc(HOST_FRAME_LENGTH);
  frame[0] = HEAD;
  frame[1] = CMD_REQUEST;
  frame[2] = sub;
  for (let i = 0; i < data.length; i++) frame[3 + i] = data[i]! & 0xff;
  frame[15] = target & 0xff;
  frame[16] = (target >> 8) & 0xff;
  frame[17] = checksum(frame, 2, 17);
  frame[18] = TAIL;
  return frame;
}

/** Set (or, with `mode` undefined, ask for) the reporting mode: active sends data by itself each second. */
export const reportingModeCommand = (mode?: ReportingMode, target?: number): Buffer =>
  buildCommand(Sub.reportingMode, mode === undefined ? [0, 0] : [1, mode === 'query' ? 1 : 0], target);

/** Ask for one data frame (query mode); the sensor answers with a C0 frame. */
export const queryDataCommand = (target?: number): Buffer => buildCommand(Sub.queryData, [], target);

/** Sleep (fan and laser off) or work; with `working` undefined, ask which it is. */
export const sleepWorkCommand = (working?: boolean, target?: number): Buffer =>
  buildCommand(Sub.sleepWork, working === undefined ? [0, 0] : [1, working ? 1 : 0], target);

/** Working period: 0 = continuous, n = work 30 s every n minutes (1–30); undefined asks. */
export function workingPeriodCommand(minutes?: number, target?: number): Buffer {
  if (minutes === undefined) return buildCommand(Sub.workingPeriod, [0, 0], target);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 30) {
    throw new Error(`SDS011 working period must be 0–30 minutes, not ${minutes}`);
  }
  return buildCommand(Sub.workingPeriod, [1, minutes], target);
}

/** Ask for the firmware version (a date) and, in the reply, the device ID. */
export const firmwareCommand = (target?: number): Buffer => buildCommand(Sub.firmware, [], target);

// ---- sensor → host -------------------------------------------------------------------

function sensorFrame(command: number, payload: readonly number[]): Buffer {
  const frame = Buffer.alloc(SENSOR_FRAME_LENGTH);
  frame[0] = HEAD;
  frame[1] = command;
  for (let i = 0; i < 6; i++) frame[2 + i] = (payload[i] ?? 0) & 0xff;
  frame[8] = checksum(frame, 2, 8);
  frame[9] = TAIL;
  return frame;
}

/** Tenths of µg/m³ as the 16-bit field carries them (clamped, since the wire cannot say more). */
const tenths = (ugM3: number): number => Math.min(0xffff, Math.max(0, Math.round(ugM3 * 10)));

/** A C0 data frame, as the sensor sends it. */
export function buildDataFrame(pm25: number, pm10: number, id: number): Buffer {
  const a = tenths(pm25);
  const b = tenths(pm10);
  return sensorFrame(CMD_DATA, [a & 0xff, a >> 8, b & 0xff, b >> 8, id & 0xff, (id >> 8) & 0xff]);
}

/** A C5 reply: the sub-command, three data bytes, the device ID. */
export const buildReply = (sub: number, data: readonly [number, number, number], id: number): Buffer =>
  sensorFrame(CMD_REPLY, [sub, ...data, id & 0xff, (id >> 8) & 0xff]);

/** Decodes a 10-byte frame from the sensor (C0 data or C5 reply); throws on a malformed one. */
export function parseSensorFrame(frame: Uint8Array, at = 0): Sds011Message {
  if (frame.length - at < SENSOR_FRAME_LENGTH) throw new Error('SDS011 frame too short');
  if (!frameIsValid(frame, at, SENSOR_FRAME_LENGTH)) {
    throw new Error('SDS011 frame has a bad head, tail or checksum');
  }
  const b = (i: number): number => frame[at + i]!;
  const id = b(6) | (b(7) << 8);
  if (b(1) === CMD_DATA) {
    return { type: 'data', pm25: (b(2) | (b(3) << 8)) / 10, pm10: (b(4) | (b(5) << 8)) / 10, id };
  }
  if (b(1) !== CMD_REPLY) throw new Error(`SDS011 frame with command 0x${b(1).toString(16)} is no reply`);
  const sub = b(2);
  switch (sub) {
    case Sub.reportingMode:
      return { type: 'reportingMode', set: b(3) === 1, mode: b(4) === 1 ? 'query' : 'active', id };
    case Sub.sleepWork:
      return { type: 'sleepWork', set: b(3) === 1, working: b(4) === 1, id };
    case Sub.workingPeriod:
      return { type: 'workingPeriod', set: b(3) === 1, minutes: b(4), id };
    case Sub.firmware:
      return { type: 'firmware', year: b(3), month: b(4), day: b(5), id };
    case Sub.setDeviceId:
      return { type: 'deviceId', id };
    default:
      return { type: 'unknown', sub, id };
  }
}

/** Decodes a 19-byte command from the host; throws on a malformed one. */
export function parseHostFrame(frame: Uint8Array, at = 0): Sds011Command {
  if (frame.length - at < HOST_FRAME_LENGTH) throw new Error('SDS011 command too short');
  if (!frameIsValid(frame, at, HOST_FRAME_LENGTH) || frame[at + 1] !== CMD_REQUEST) {
    throw new Error('SDS011 command has a bad head, tail or checksum');
  }
  const b = (i: number): number => frame[at + i]!;
  const target = b(15) | (b(16) << 8);
  const set = b(3) === 1;
  switch (b(2)) {
    case Sub.reportingMode:
      return { type: 'reportingMode', set, mode: b(4) === 1 ? 'query' : 'active', target };
    case Sub.queryData:
      return { type: 'queryData', target };
    case Sub.setDeviceId:
      return { type: 'setDeviceId', newId: b(13) | (b(14) << 8), target };
    case Sub.sleepWork:
      return { type: 'sleepWork', set, working: b(4) === 1, target };
    case Sub.workingPeriod:
      return { type: 'workingPeriod', set, minutes: b(4), target };
    case Sub.firmware:
      return { type: 'firmware', target };
    default:
      return { type: 'unknown', sub: b(2), target };
  }
}
