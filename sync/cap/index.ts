export { MAX_CAP_TEXT, parseCap } from './parse.js';
export { type CapPriority, capPriority } from './priority.js';
export { audioResource, capExpiry, pickInfo, spokenText } from './select.js';
export {
  CAP_NAMESPACE,
  type CapAlert,
  type CapArea,
  type CapCategory,
  type CapCertainty,
  CapError,
  type CapInfo,
  type CapMsgType,
  type CapReference,
  type CapResource,
  type CapScope,
  type CapSeverity,
  type CapStatus,
  type CapUrgency,
} from './types.js';
export { MAX_CAP_BYTES } from './xml.js';
