export { serialOpenError } from './open-error.js';
export type { SerialportDriver, SerialportDriverOptions } from './serialport-driver.js';
export { SimSerialDriver } from './sim-serial.js';
export type { SerialDriver, SerialLink, SerialPortInfo } from './types.js';
