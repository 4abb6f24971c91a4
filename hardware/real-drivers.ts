import type { Logger } from '../core/index.js';
import type { GpioDriver } from './gpio/types.js';
import type { SerialDriver } from './serial/types.js';

/*
 * The real drivers load native addons (onoff's epoll, serialport's bindings) that a simulated
 * pole never uses: about 15 MB of memory. They are loaded only when a real pole asks for them.
 */

export async function loadRealGpio(opts: { log: Logger }): Promise<GpioDriver> {
  const { OnoffGpioDriver } = await import('./gpio/onoff-gpio.js');
  return new OnoffGpioDriver(opts);
}

export async function loadRealSerial(opts: { log: Logger }): Promise<SerialDriver> {
  const { SerialportDriver } = await import('./serial/serialport-driver.js');
  return new SerialportDriver(opts);
}
