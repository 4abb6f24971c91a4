export * from './bilingual.js';
export * from './clock.js';
export * from './errors.js';
export * from './fastify-options.js';
export * from './health.js';
export * from './log.js';
export * from './paths.js';
export * from './timeout.js';
