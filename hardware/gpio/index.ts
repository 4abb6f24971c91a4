export { MAX_BCM } from './line-registry.js';
export type { OnoffGpioDriver, OnoffGpioOptions } from './onoff-gpio.js';
export { type GpioTransition, SimGpioDriver, type SimGpioOptions } from './sim-gpio.js';
export { type GpioChip, HEADER_CHIP_LABELS, readGpioChips, sysfsNumberForBcm } from './sysfs-chips.js';
export type { Bit, GpioDriver, GpioEdge, GpioInputOptions, GpioLine, GpioOutputOptions } from './types.js';
