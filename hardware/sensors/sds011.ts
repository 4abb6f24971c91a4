import { Sds011Framer } from './sds011-framer.js';
import {
  firmwareCommand,
  formatSensorId,
  parseSensorFrame,
  type ReportingMode,
  reportingModeCommand,
  SDS011_BAUD_RATE,
  SDS011_MAX_UG_M3,
  type Sds011Message,
  sleepWorkCommand,
  workingPeriodCommand,
} from './sds011-protocol.js';
import type {
  AirQualityReading,
  SensorIo,
  SensorMessage,
  SensorRequest,
  SerialSensorDriver,
} from './types.js';

type Reply<T extends Sds011Message['type']> = Extract<Sds011Message, { type: T }>;

const reportingMode = (mode?: ReportingMode): SensorRequest<Sds011Message, Reply<'reportingMode'>> => ({
  name: mode ? `set ${mode} reporting mode` : 'query reporting mode',
  bytes: reportingModeCommand(mode),
  matches: (r): r is Reply<'reportingMode'> => r.type === 'reportingMode' && (!mode || r.mode === mode),
});

const workingPeriod = (minutes?: number): SensorRequest<Sds011Message, Reply<'workingPeriod'>> => ({
  name: minutes === undefined ? 'query working period' : `set working period ${minutes}`,
  bytes: workingPeriodCommand(minutes),
  matches: (r): r is Reply<'workingPeriod'> =>
    r.type === 'workingPeriod' && (minutes === undefined || r.minutes === minutes),
});

const sleepWork = (working: boolean): SensorRequest<Sds011Message, Reply<'sleepWork'>> => ({
  name: working ? 'set work' : 'set sleep',
  bytes: sleepWorkCommand(working),
  matches: (r): r is Reply<'sleepWork'> => r.type === 'sleepWork' && r.working === working,
});

const firmware: SensorRequest<Sds011Message, Reply<'firmware'>> = {
  name: 'query firmware version',
  bytes: firmwareCommand(),
  matches: (r): r is Reply<'firmware'> => r.type === 'firmware',
};

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * The Nova Fitness SDS011 laser PM2.5/PM10 sensor (usually on its CH340 USB adapter).
 *
 * Setup puts it in active reporting mode with a continuous working period; SerialSensor
 * then sends it to sleep and wakes it itself. Why active rather than query mode: the
 * 1 Hz data stream needs no write per reading, it is the liveness signal (silence while
 * working is a fault we can see), and a sensor that lost power comes back working and
 * reporting, so nothing is missed while the host notices. Why the duty cycle stays with
 * the host and not the sensor's own working period: the host then knows when the laser
 * is on, and the period can be any length, not whole minutes.
 *
 * Reporting mode and working period are kept in the sensor's flash, so setup asks first
 * and writes only what differs.
 */
export class Sds011Driver implements SerialSensorDriver<AirQualityReading, Sds011Message> {
  readonly kind = 'sds011';
  readonly baudRate = SDS011_BAUD_RATE;
  private readonly framer = new Sds011Framer('sensor');

  feed(chunk: Buffer, at: number): SensorMessage<AirQualityReading, Sds011Message>[] {
    const out: SensorMessage<AirQualityReading, Sds011Message>[] = [];
    this.framer.scan(chunk, (buf, offset) => {
      const msg = parseSensorFrame(buf, offset);
      if (msg.type === 'data') {
        out.push({ reading: { at, pm25: msg.pm25, pm10: msg.pm10, sensorId: formatSensorId(msg.id) } });
      } else {
        out.push({ reply: msg });
      }
    });
    return out;
  }

  reset(): void {
    this.framer.reset();
  }

  framing() {
    return this.framer.counters;
  }

  async setup(io: SensorIo<Sds011Message>): Promise<Record<string, string>> {
    // Firmware first: its reply also carries the device ID.
    const fw = await io.request(firmware);
    const mode = await io.request(reportingMode());
    if (mode.mode !== 'active') await io.request(reportingMode('active'));
    const period = await io.request(workingPeriod());
    if (period.minutes !== 0) await io.request(workingPeriod(0));
    return { firmware: `20${two(fw.year)}-${two(fw.month)}-${two(fw.day)}`, id: formatSensorId(fw.id) };
  }

  sleep(): SensorRequest<Sds011Message> {
    return sleepWork(false);
  }

  wake(): SensorRequest<Sds011Message> {
    return sleepWork(true);
  }

  implausible(r: AirQualityReading): string | undefined {
    const ok = (v: number) => Number.isFinite(v) && v >= 0 && v <= SDS011_MAX_UG_M3;
    if (ok(r.pm25) && ok(r.pm10)) return undefined;
    return `${this.describe(r)} is outside the SDS011 range 0–${SDS011_MAX_UG_M3} µg/m³`;
  }

  sameValue(a: AirQualityReading, b: AirQualityReading): boolean {
    return a.pm25 === b.pm25 && a.pm10 === b.pm10;
  }

  describe(r: AirQualityReading): string {
    return `PM2.5 ${r.pm25.toFixed(1)} µg/m³, PM10 ${r.pm10.toFixed(1)} µg/m³`;
  }
}
