import { bi, TiangError } from '../../core/index.js';

// Faults of a sensor that talks but misbehaves. Port faults (missing, permission, busy,
// unplugged) come from the serial driver already as TiangErrors.

export const noReplyFault = (path: string, kind: string, request: string, tries: number): TiangError =>
  new TiangError(
    'SENSOR_NO_REPLY',
    `${kind} on ${path} did not answer "${request}" (${tries} tries)`,
    bi(
      `Periksa kabel dan daya sensor di ${path}; pastikan perangkat di jalur itu memang sensor ${kind}.`,
      `Check the cable and power of the sensor on ${path}, and that the device on that path is a ${kind}.`,
    ),
  );

export const silentFault = (path: string, kind: string, seconds: number): TiangError =>
  new TiangError(
    'SENSOR_SILENT',
    `${kind} on ${path} sent no data for ${seconds} s while working`,
    bi(
      `Sensor ${kind} tidak mengirim data: periksa kabel TX/RX, daya 5 V, dan apakah kipas sensor berputar.`,
      `The ${kind} sends no data: check the TX/RX wires, the 5 V supply, and whether its fan turns.`,
    ),
  );

export const stuckFault = (path: string, kind: string, value: string, count: number): TiangError =>
  new TiangError(
    'SENSOR_STUCK',
    `${kind} on ${path} reported the same value ${count} times in a row (${value})`,
    bi(
      `Sensor ${kind} macet: bersihkan saluran udaranya atau ganti sensornya.`,
      `The ${kind} is stuck: clean its air inlet or replace the sensor.`,
    ),
  );

export const impossibleFault = (path: string, kind: string, reason: string, count: number): TiangError =>
  new TiangError(
    'SENSOR_IMPOSSIBLE',
    `${kind} on ${path} sent ${count} impossible readings in a row (${reason})`,
    bi(
      `Sensor ${kind} mengirim nilai mustahil: periksa kabel (gangguan) atau ganti sensornya.`,
      `The ${kind} sends impossible values: check the cable for interference or replace the sensor.`,
    ),
  );

export const sensorFault = (path: string, kind: string, err: unknown): TiangError =>
  new TiangError(
    'SENSOR_FAILED',
    `${kind} on ${path} failed: ${err instanceof Error ? err.message : String(err)}`,
    bi(
      `Periksa sensor ${kind} di ${path} dan log layanan.`,
      `Check the ${kind} on ${path} and the service log.`,
    ),
    { cause: err },
  );

export const closedFault = (path: string, kind: string): TiangError =>
  new TiangError(
    'SERIAL_CLOSED',
    `serial port ${path} of the ${kind} closed unexpectedly`,
    bi(
      `Periksa kabel USB sensor ${kind} dan apakah program lain memakai ${path}.`,
      `Check the USB cable of the ${kind} and whether another program uses ${path}.`,
    ),
  );
