import { describe, expect, it } from 'vitest';
import { bi, TiangError } from '../../../core/index.js';
import {
  backoffDelay,
  Sds011Driver,
  type SensorTimers,
  type SerialDriver,
  SerialSensor,
} from '../../../hardware/index.js';

/** Timers the test fires by hand, recording each delay asked for. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const timers: SensorTimers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (h) => {
      pending.delete(h as number);
    },
  };
  return {
    timers,
    pending,
    /** Fires the one pending timer and returns the delay it had. */
    fire(): number {
      const [id, t] = [...pending][0]!;
      pending.delete(id);
      t.fn();
      return t.ms;
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

/** A port that is never there. */
const missingPort: SerialDriver = {
  simulated: true,
  open: async (path) => {
    throw new TiangError(
      'SERIAL_MISSING',
      `serial port ${path} does not exist`,
      bi('Periksa kabel.', 'Check the cable.'),
    );
  },
  list: async () => [],
};

describe('backoffDelay', () => {
  it('doubles from 1 s to 60 s; jitter only shortens, by at most a quarter', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50, 5000].map((a) => backoffDelay(a, {}, none))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000,
    ]);
    expect(backoffDelay(0, {}, () => 0.999999)).toBe(750);
    expect(backoffDelay(10, {}, () => 0.5)).toBe(52500);
    expect(backoffDelay(2, { initialMs: 10, maxMs: 25, jitter: 0 }, Math.random)).toBe(25);
  });
});

describe('SerialSensor reopening', () => {
  it('retries a missing port with growing delays, and stops retrying on stop()', async () => {
    const t = manualTimers();
    const states: string[] = [];
    const sensor = new SerialSensor({
      driver: new Sds011Driver(),
      serial: missingPort,
      path: '/dev/serial/by-id/usb-1a86_USB_Serial-missing-if00-port0',
      timers: t.timers,
      random: () => 0,
      onState: (s) => states.push(`${s.status}${s.code ? `:${s.code}` : ''}`),
    });
    sensor.start();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      expect(t.pending.size).toBe(1);
      delays.push(t.fire());
      await flush();
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    // One change of status, not one per attempt.
    expect(states).toEqual(['connecting', 'unplugged:SERIAL_MISSING']);
    expect(sensor.state().counters.openFailures).toBe(10);
    expect(sensor.state().cause).toMatch(/does not exist/);

    await sensor.stop();
    expect(t.pending.size).toBe(0);
    expect(sensor.state().status).toBe('stopped');
  });

  it('calls a port it may not open an error, not unplugged', async () => {
    const t = manualTimers();
    const sensor = new SerialSensor({
      driver: new Sds011Driver(),
      serial: {
        ...missingPort,
        open: async () => {
          throw new TiangError('SERIAL_PERMISSION', 'no permission', bi('dialout', 'dialout'));
        },
      },
      path: '/dev/ttyUSB0',
      timers: t.timers,
    });
    sensor.start();
    await flush();
    expect(sensor.state()).toMatchObject({ status: 'error', code: 'SERIAL_PERMISSION' });
    await sensor.stop();
  });
});
