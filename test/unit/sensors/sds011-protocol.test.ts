import { describe, expect, it } from 'vitest';
import {
  buildDataFrame,
  buildReply,
  firmwareCommand,
  formatSensorId,
  parseHostFrame,
  parseSensorFrame,
  queryDataCommand,
  reportingModeCommand,
  Sds011Sub,
  sleepWorkCommand,
  workingPeriodCommand,
} from '../../../hardware/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** The datasheet's checksum, computed here independently of the code under test. */
function sum(frame: Buffer, from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += frame[i]!;
  return s % 256;
}

/** A 19-byte command as laid out in the datasheet: D1..D13, then FF FF, checksum, tail. */
function datasheetCommand(d: number[]): Buffer {
  const frame = Buffer.alloc(19);
  frame[0] = 0xaa;
  frame[1] = 0xb4;
  d.forEach((b, i) => {
    frame[2 + i] = b;
  });
  frame[15] = 0xff;
  frame[16] = 0xff;
  frame[17] = sum(frame, 2, 16);
  frame[18] = 0xab;
  return frame;
}

describe('SDS011 command frames (Laser Dust Sensor Control Protocol V1.3)', () => {
  it('query data: AA B4 04 00…00 FF FF 02 AB', () => {
    const expected = hex('AA B4 04 000000000000000000000000 FFFF 02 AB');
    expect(queryDataCommand()).toEqual(expected);
    expect(expected[17]).toBe(sum(expected, 2, 16));
  });

  it('set sleep (06 01 00 … 05) and set work (06 01 01 … 06)', () => {
    const sleep = hex('AA B4 06 01 00 00000000000000000000 FFFF 05 AB');
    const work = hex('AA B4 06 01 01 00000000000000000000 FFFF 06 AB');
    expect(sleepWorkCommand(false)).toEqual(sleep);
    expect(sleepWorkCommand(true)).toEqual(work);
    expect(sleep[17]).toBe(sum(sleep, 2, 16));
    expect(work[17]).toBe(sum(work, 2, 16));
    // Asking (not setting) the state: 06 00 00.
    expect(sleepWorkCommand()).toEqual(datasheetCommand([6, 0, 0]));
  });

  it('reporting mode: query, set active (… 01 AB), set query (… 02 AB)', () => {
    expect(reportingModeCommand()).toEqual(hex('AA B4 02 00 00 00000000000000000000 FFFF 00 AB'));
    expect(reportingModeCommand('active')).toEqual(hex('AA B4 02 01 00 00000000000000000000 FFFF 01 AB'));
    expect(reportingModeCommand('query')).toEqual(hex('AA B4 02 01 01 00000000000000000000 FFFF 02 AB'));
  });

  it('working period: continuous, 1 minute (… 08 AB), 30 minutes; refuses 31', () => {
    expect(workingPeriodCommand(0)).toEqual(datasheetCommand([8, 1, 0]));
    expect(workingPeriodCommand(1)).toEqual(hex('AA B4 08 01 01 00000000000000000000 FFFF 08 AB'));
    expect(workingPeriodCommand(30)).toEqual(datasheetCommand([8, 1, 30]));
    expect(workingPeriodCommand()).toEqual(datasheetCommand([8, 0, 0]));
    expect(() => workingPeriodCommand(31)).toThrow(/0–30/);
    expect(() => workingPeriodCommand(1.5)).toThrow(/0–30/);
  });

  it('firmware version: AA B4 07 00…00 FF FF 05 AB', () => {
    expect(firmwareCommand()).toEqual(hex('AA B4 07 000000000000000000000000 FFFF 05 AB'));
  });

  it('addresses one sensor by ID (ID1 low byte first) instead of FF FF', () => {
    const frame = sleepWorkCommand(true, 0x60a1);
    expect(frame.subarray(15, 17)).toEqual(hex('A1 60'));
    expect(frame[17]).toBe(sum(frame, 2, 16));
  });

  it('decodes the commands back, as the simulated sensor does', () => {
    expect(parseHostFrame(sleepWorkCommand(false))).toEqual({
      type: 'sleepWork',
      set: true,
      working: false,
      target: 0xffff,
    });
    expect(parseHostFrame(reportingModeCommand('query'))).toMatchObject({
      type: 'reportingMode',
      mode: 'query',
    });
    expect(parseHostFrame(workingPeriodCommand(7))).toMatchObject({
      type: 'workingPeriod',
      set: true,
      minutes: 7,
    });
    expect(parseHostFrame(queryDataCommand())).toEqual({ type: 'queryData', target: 0xffff });
    expect(parseHostFrame(firmwareCommand(0x1234))).toEqual({ type: 'firmware', target: 0x1234 });
    const bad = Buffer.from(queryDataCommand());
    bad[17] = 0x03;
    expect(() => parseHostFrame(bad)).toThrow(/checksum/);
  });
});

describe('SDS011 frames from the sensor', () => {
  it('decodes the datasheet data frame AA C0 D4 04 3A 0A A1 60 1D AB', () => {
    const frame = hex('AA C0 D4 04 3A 0A A1 60 1D AB');
    expect(frame[8]).toBe(sum(frame, 2, 7));
    // PM2.5 = (0x04 × 256 + 0xD4) / 10, PM10 = (0x0A × 256 + 0x3A) / 10.
    expect(parseSensorFrame(frame)).toEqual({ type: 'data', pm25: 123.6, pm10: 261.8, id: 0x60a1 });
    expect(formatSensorId(0x60a1)).toBe('A160');
  });

  it('builds data frames in the datasheet layout, low byte first', () => {
    const frame = buildDataFrame(123.6, 261.8, 0x60a1);
    expect(frame).toEqual(hex('AA C0 D4 04 3A 0A A1 60 1D AB'));
    // The field ends at 6553.5: more cannot be sent, so it is clamped, not wrapped.
    expect(parseSensorFrame(buildDataFrame(7000, 0, 1))).toMatchObject({ pm25: 6553.5, pm10: 0 });
    expect(parseSensorFrame(buildDataFrame(999.9, 0.1, 1))).toMatchObject({ pm25: 999.9, pm10: 0.1 });
  });

  it('decodes the datasheet replies (C5 with the sub-command)', () => {
    expect(parseSensorFrame(hex('AA C5 06 01 00 00 A1 60 08 AB'))).toEqual({
      type: 'sleepWork',
      set: true,
      working: false,
      id: 0x60a1,
    });
    expect(parseSensorFrame(hex('AA C5 06 01 01 00 A1 60 09 AB'))).toMatchObject({ working: true });
    expect(parseSensorFrame(hex('AA C5 02 01 01 00 A1 60 05 AB'))).toEqual({
      type: 'reportingMode',
      set: true,
      mode: 'query',
      id: 0x60a1,
    });
    expect(parseSensorFrame(hex('AA C5 07 0F 07 0A A1 60 28 AB'))).toEqual({
      type: 'firmware',
      year: 15,
      month: 7,
      day: 10,
      id: 0x60a1,
    });
    expect(parseSensorFrame(hex('AA C5 08 00 05 00 A1 60 0E AB'))).toEqual({
      type: 'workingPeriod',
      set: false,
      minutes: 5,
      id: 0x60a1,
    });
    expect(parseSensorFrame(buildReply(Sds011Sub.setDeviceId, [0, 0, 0], 0x0102))).toEqual({
      type: 'deviceId',
      id: 0x0102,
    });
    expect(parseSensorFrame(buildReply(0x33, [0, 0, 0], 1))).toEqual({ type: 'unknown', sub: 0x33, id: 1 });
  });

  it('refuses a frame with a bad checksum, tail or length', () => {
    expect(() => parseSensorFrame(hex('AA C0 D4 04 3A 0A A1 60 1E AB'))).toThrow(/checksum/);
    expect(() => parseSensorFrame(hex('AA C0 D4 04 3A 0A A1 60 1D AC'))).toThrow(/tail/);
    expect(() => parseSensorFrame(hex('AA C0 D4 04'))).toThrow(/short/);
    expect(() => parseSensorFrame(hex('AA B4 D4 04 3A 0A A1 60 1D AB'))).toThrow(/no reply/);
  });
});
