export * from './air/index.js';
export * from './amplifier-lines.js';
export * from './gpio/index.js';
export * from './real-drivers.js';
export * from './sensors/index.js';
export * from './serial/index.js';
