export * from './bilingual.js';
export * from './clock.js';
export * from './errors.js';
export * from './health.js';
export * from './log.js';
