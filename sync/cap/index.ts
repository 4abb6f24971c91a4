export { MAX_CAP_BYTES, parseCap } from './parse.js';
export { audioResource, capExpiry, capPriority, pickInfo, spokenText } from './select.js';
export * from './types.js';
