export { buildAsyncApi } from './asyncapi.js';
export * from './commands.js';
export * from './common.js';
export * from './desired.js';
export * from './kiosk.js';
export * from './limits.js';
export * from './names.js';
export * from './outbound.js';
export * from './signed.js';
