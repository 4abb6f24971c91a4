import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { freeDiskBytes } from '../../core/index.js';
import type { TelemetryData } from '../../sync/index.js';
import type { AirStatus } from '../subsystems/sensors.js';

/** The SoC temperature on a Pi (millidegrees in sysfs); null where there is no thermal zone. */
async function cpuTempC(): Promise<number | null> {
  try {
    const milli = Number((await readFile('/sys/class/thermal/thermal_zone0/temp', 'utf8')).trim());
    return Number.isFinite(milli) ? Math.round(milli / 100) / 10 : null;
  } catch {
    return null;
  }
}

function diskFreeMb(dir: string): number {
  try {
    return Math.floor(freeDiskBytes(dir) / (1024 * 1024));
  } catch {
    return -1;
  }
}

/** One telemetry sample: system figures and the latest air reading. */
export async function telemetrySample(dataDir: string, air: AirStatus | undefined): Promise<TelemetryData> {
  const total = os.totalmem();
  return {
    cpuTempC: await cpuTempC(),
    load1: Math.round(os.loadavg()[0]! * 100) / 100,
    memUsedPct: Math.round(((total - os.freemem()) / total) * 1000) / 10,
    diskFreeMb: diskFreeMb(dataDir),
    uptimeS: Math.round(os.uptime()),
    air:
      air?.available && air.reading && air.ispu
        ? { pm25: air.reading.pm25, pm10: air.reading.pm10, ispu: air.ispu.index, at: air.reading.at }
        : null,
  };
}
