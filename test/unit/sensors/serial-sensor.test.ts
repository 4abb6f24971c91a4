import { afterEach, describe, expect, it } from 'vitest';
import {
  type AirQualityReading,
  Sds011Driver,
  type Sds011Message,
  type SensorState,
  SerialSensor,
  type SerialSensorOptions,
  SimSds011,
  type SimSds011Options,
  SimSerialDriver,
} from '../../../hardware/index.js';

// The SerialSensor on a simulated SDS011 over the SimSerialDriver (the mock serialport
// binding), on real timers with everything sped up: a report each 10 ms, windows of
// a few hundred ms.

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitFor(cond: () => boolean, what: string, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Rig {
  serial: SimSerialDriver;
  sim: SimSds011;
  sensor: SerialSensor<AirQualityReading, Sds011Message>;
  readings: AirQualityReading[];
  states: SensorState<AirQualityReading>[];
  statuses: () => string[];
}

function rig(
  name: string,
  opts: Partial<SerialSensorOptions<AirQualityReading, Sds011Message>> = {},
  simOpts: Partial<SimSds011Options> = {},
): Rig {
  const path = `/dev/serial/by-id/usb-1a86_USB_Serial-${name}-if00-port0`;
  const serial = new SimSerialDriver();
  const sim = new SimSds011({ serial, path, reportEveryMs: 10, pollMs: 2, seed: 3, ...simOpts });
  const readings: AirQualityReading[] = [];
  const states: SensorState<AirQualityReading>[] = [];
  const sensor = new SerialSensor({
    driver: new Sds011Driver(),
    serial,
    path,
    onReading: (r) => readings.push(r),
    onState: (s) => states.push(s),
    // Long windows unless a test is about the duty cycle.
    workS: 60,
    periodS: 120,
    silenceS: 0.5,
    replyTimeoutMs: 200,
    retries: 1,
    backoff: { initialMs: 20, maxMs: 100 },
    ...opts,
  });
  cleanups.push(
    () => sim.dispose(),
    () => sensor.stop(),
  );
  sensor.start();
  return { serial, sim, sensor, readings, states, statuses: () => states.map((s) => s.status) };
}

describe('SerialSensor with a simulated SDS011', () => {
  it('sets the sensor up and hands over readings', async () => {
    const { sensor, readings, sim, states } = rig('readings', {}, { deviceId: 0x60a1 });
    await waitFor(() => readings.length >= 5, 'readings');
    const state = sensor.state();
    expect(state.status).toBe('reading');
    expect(state.device).toEqual({ firmware: '2018-11-16', id: 'A160' });
    expect(states[0]?.status).toBe('connecting');
    expect(readings[0]).toMatchObject({ sensorId: 'A160' });
    expect(readings[0]!.pm25).toBeGreaterThan(0);
    expect(readings[0]!.pm10).toBeGreaterThan(readings[0]!.pm25);
    expect(state.lastReading).toEqual(readings.at(-1));
    expect(state.counters.opens).toBe(1);
    // Asked first, wrote nothing to flash: the sensor already was in active, continuous mode.
    expect(sim.received.slice(0, 4).map((r) => r.command)).toEqual([
      { type: 'firmware', target: 0xffff },
      { type: 'reportingMode', set: false, mode: 'active', target: 0xffff },
      { type: 'workingPeriod', set: false, minutes: 0, target: 0xffff },
      { type: 'sleepWork', set: true, working: true, target: 0xffff },
    ]);
  });

  it('switches a sensor left in query mode with its own working period to active, continuous', async () => {
    const { readings, sim } = rig('setup', {}, { reportingMode: 'query', workingPeriod: 5 });
    await waitFor(() => readings.length >= 2, 'readings');
    expect(sim.reportingMode).toBe('active');
    expect(sim.workingPeriod).toBe(0);
  });

  it('runs the duty cycle: work, sleep, work again, with the sensor really asleep between', async () => {
    const { sim, readings, statuses, sensor } = rig('duty', { workS: 0.2, periodS: 0.45 });
    await waitFor(() => statuses().filter((s) => s === 'sleeping').length >= 2, 'two sleeps');
    const sleepWork = sim.received.filter((r) => r.command.type === 'sleepWork').map((r) => r.command);
    expect(sleepWork.slice(0, 4)).toMatchObject([
      { working: true },
      { working: false },
      { working: true },
      { working: false },
    ]);
    // Asleep: no data.
    await waitFor(() => sensor.state().status === 'sleeping', 'sleeping');
    expect(sim.working).toBe(false);
    const n = readings.length;
    await sleep(100);
    expect(readings.length).toBe(n);
    await waitFor(() => sensor.state().status === 'reading' && readings.length > n, 'the next window');
    expect(sim.working).toBe(true);
    expect(sensor.state().counters.whileAsleep).toBe(0);
  });

  it('reports an unplug with its cause, then reopens by itself when the sensor is back', async () => {
    const { sim, sensor, readings } = rig('unplug');
    await waitFor(() => readings.length >= 3, 'readings');
    sim.unplug();
    await waitFor(() => sensor.state().status === 'unplugged', 'unplugged');
    const state = sensor.state();
    expect(state.code).toBe('SERIAL_DISCONNECTED');
    expect(state.cause).toMatch(/disconnected/);
    expect(state.fix?.id).toMatch(/kabel/i);
    // While it is away the reopen attempts fail: still unplugged, now because the path is gone.
    await waitFor(() => sensor.state().counters.openFailures >= 2, 'failed reopens');
    expect(sensor.state()).toMatchObject({ status: 'unplugged', code: 'SERIAL_MISSING' });

    const n = readings.length;
    sim.replug();
    await waitFor(() => readings.length >= n + 3, 'readings after replug');
    expect(sensor.state()).toMatchObject({ status: 'reading' });
    expect(sensor.state().cause).toBeUndefined();
    expect(sensor.state().counters).toMatchObject({ disconnects: 1, opens: 2 });
  });

  it('survives line noise and counts it', async () => {
    const { sim, sensor, readings } = rig('noise');
    await waitFor(() => readings.length >= 2, 'readings');
    for (let i = 0; i < 5; i++) {
      expect(sim.garbage(2000)).toBe(true);
      await sleep(15);
    }
    const n = readings.length;
    await waitFor(() => readings.length >= n + 5, 'readings after noise');
    expect(sensor.state().counters.garbageBytes).toBeGreaterThanOrEqual(10_000);
    expect(sensor.state().status).toBe('reading');
  });

  it('counts bad checksums and takes no reading from those frames', async () => {
    const { sim, sensor, readings } = rig('checksum');
    await waitFor(() => readings.length >= 2, 'readings');
    sim.badChecksums(true);
    await sleep(20);
    const n = readings.length;
    await waitFor(() => sensor.state().counters.checksumErrors >= 5, 'checksum errors');
    expect(readings.length).toBe(n);
    sim.badChecksums(false);
    await waitFor(() => readings.length > n, 'readings again');
  });

  it('reports a stuck sensor and drops its repeats; a new value clears it', async () => {
    const { sim, sensor, readings } = rig('stuck', { stuckAfter: 8 });
    await waitFor(() => readings.length >= 2, 'readings');
    sim.stuck(true);
    await waitFor(() => sensor.state().status === 'stuck', 'stuck');
    const state = sensor.state();
    expect(state.code).toBe('SENSOR_STUCK');
    expect(state.cause).toMatch(/same value 8 times/);
    const n = readings.length;
    await waitFor(() => sensor.state().counters.stuckDropped >= 5, 'dropped repeats');
    expect(readings.length).toBe(n);
    // At most 7 of the repeats got through before it counted as stuck.
    const last = readings.at(-1)!;
    expect(readings.filter((r) => r.pm25 === last.pm25 && r.pm10 === last.pm10).length).toBeLessThanOrEqual(
      7,
    );
    sim.stuck(false);
    await waitFor(() => sensor.state().status === 'reading', 'reading again');
    expect(sensor.state().code).toBeUndefined();
  });

  it('drops impossible values (beyond 999.9 µg/m³), counts them, and calls a run of them an error', async () => {
    const { sim, sensor, readings } = rig('impossible', { impossibleAfter: 5 });
    await waitFor(() => readings.length >= 2, 'readings');
    sim.force({ pm25: 1000, pm10: 1200.5 });
    await waitFor(() => sensor.state().status === 'error', 'error');
    expect(sensor.state().code).toBe('SENSOR_IMPOSSIBLE');
    expect(sensor.state().cause).toMatch(/PM2\.5 1000\.0/);
    expect(sensor.state().counters.impossible).toBeGreaterThanOrEqual(5);
    expect(readings.every((r) => r.pm25 <= 999.9 && r.pm10 <= 999.9)).toBe(true);
    // One bad value among good ones is only counted.
    sim.force({ pm25: 999.9, pm10: 999.9 });
    await waitFor(() => sensor.state().status === 'reading', 'reading');
    sim.force({ pm25: 12, pm10: 6553.5 });
    await sleep(15);
    sim.force(undefined);
    const n = sensor.state().counters.impossible;
    await sleep(50);
    expect(sensor.state().counters.impossible).toBe(n);
    expect(sensor.state().status).toBe('reading');
  });

  it('tells a sensor that went silent, then one that does not answer, and recovers when it talks again', async () => {
    const { sim, sensor, readings } = rig('mute');
    await waitFor(() => readings.length >= 2, 'readings');
    sim.mute(true);
    await waitFor(() => sensor.state().code === 'SENSOR_SILENT', 'silence');
    expect(sensor.state().status).toBe('error');
    await waitFor(() => sensor.state().code === 'SENSOR_NO_REPLY', 'no reply');
    expect(sensor.state().cause).toMatch(/did not answer "set work" \(2 tries\)/);
    expect(sensor.state().counters.commandFailures).toBeGreaterThanOrEqual(1);
    sim.mute(false);
    const n = readings.length;
    await waitFor(() => readings.length > n, 'readings again');
    expect(sensor.state().status).toBe('reading');
  });

  it('puts a sensor that woke by itself back to sleep', async () => {
    const { sim, sensor, readings } = rig('woke', { workS: 0.1, periodS: 30 });
    await waitFor(() => sensor.state().status === 'sleeping' && !sim.working, 'sleeping');
    const n = readings.length;
    // A brownout of the sensor: it restarts working while the host has it asleep.
    sim.reset();
    expect(sim.working).toBe(true);
    await waitFor(() => sensor.state().counters.whileAsleep >= 1, 'data while asleep');
    await waitFor(() => !sim.working, 'asleep again');
    expect(sensor.state().status).toBe('sleeping');
    expect(readings.length).toBe(n);
  });

  it('starts a reading window at once after a replug, then sleeps again', async () => {
    const { sim, sensor, readings } = rig('replug-sleep', { workS: 0.1, periodS: 30 });
    await waitFor(() => sensor.state().status === 'sleeping', 'sleeping');
    sim.unplug();
    await waitFor(() => sensor.state().status === 'unplugged', 'unplugged');
    const n = readings.length;
    sim.replug();
    await waitFor(() => readings.length > n, 'readings after replug');
    await waitFor(() => sensor.state().status === 'sleeping' && !sim.working, 'asleep again');
  });

  it('wakeNow() starts a window at once while asleep, and reopens an unplugged port without its backoff', async () => {
    const { sim, sensor, readings } = rig('wake-now', {
      workS: 0.1,
      periodS: 30,
      backoff: { initialMs: 30_000, maxMs: 30_000 },
    });
    await waitFor(() => sensor.state().status === 'sleeping' && !sim.working, 'sleeping');
    const n = readings.length;
    sensor.wakeNow();
    await waitFor(() => readings.length > n, 'a reading after wakeNow', 1000);
    await waitFor(() => sensor.state().status === 'sleeping' && !sim.working, 'asleep again');
    sim.unplug();
    await waitFor(() => sensor.state().status === 'unplugged', 'unplugged');
    sim.replug();
    const m = readings.length;
    // The backoff alone would wait 30 s.
    sensor.wakeNow();
    await waitFor(() => readings.length > m, 'a reading after the replug', 2000);
    expect(sensor.state().status).toBe('reading');
  });

  it('stop() sends the sensor to sleep and closes the port', async () => {
    const { sim, sensor, readings, serial } = rig('stop');
    await waitFor(() => readings.length >= 2, 'readings');
    await sensor.stop();
    expect(sensor.state().status).toBe('stopped');
    await waitFor(() => !sim.working, 'asleep');
    // The port is free again.
    const link = await serial.open(sim.path, { baudRate: 9600 });
    await link.close();
    const n = readings.length;
    await sleep(40);
    expect(readings.length).toBe(n);
    await sensor.stop();
  });

  it('keeps going when the reading and state handlers throw', async () => {
    const path = '/dev/ttySIM-sds-throw';
    const serial = new SimSerialDriver();
    const sim = new SimSds011({ serial, path, reportEveryMs: 10, pollMs: 2 });
    let calls = 0;
    const sensor = new SerialSensor({
      driver: new Sds011Driver(),
      serial,
      path,
      replyTimeoutMs: 200,
      onReading: () => {
        calls++;
        throw new Error('consumer bug');
      },
      onState: () => {
        throw new Error('screen bug');
      },
    });
    cleanups.push(
      () => sim.dispose(),
      () => sensor.stop(),
    );
    sensor.start();
    await waitFor(() => calls >= 5, 'readings');
    expect(sensor.state().status).toBe('reading');
  });
});
