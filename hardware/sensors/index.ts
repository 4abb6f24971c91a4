export { type BackoffOptions, backoffDelay } from './backoff.js';
export { hourOfDayWib, typicalPm10Ratio, typicalPm25 } from './pm-daily-curve.js';
export { Sds011Driver } from './sds011.js';
export { type FramerSide, Sds011Framer } from './sds011-framer.js';
export {
  BROADCAST_ID,
  buildCommand,
  buildDataFrame,
  buildReply,
  checksum as sds011Checksum,
  firmwareCommand,
  formatSensorId,
  parseHostFrame,
  parseSensorFrame,
  queryDataCommand,
  type ReportingMode,
  reportingModeCommand,
  SDS011_BAUD_RATE,
  SDS011_MAX_UG_M3,
  type Sds011Command,
  type Sds011Message,
  Sub as Sds011Sub,
  sleepWorkCommand,
  workingPeriodCommand,
} from './sds011-protocol.js';
export { randomBytes, seededRandom } from './seeded-random.js';
export { SerialSensor, type SerialSensorOptions } from './serial-sensor.js';
export { type ReceivedCommand, type SimReading, SimSds011, type SimSds011Options } from './sim-sds011.js';
export type {
  AirQualityReading,
  FramerCounters,
  SensorCounters,
  SensorIo,
  SensorMessage,
  SensorRequest,
  SensorState,
  SensorStatus,
  SensorTimers,
  SerialSensorDriver,
} from './types.js';
