export { macForIp } from './neighbours.js';
export { CAPTIVE_API_PATH, createPortalServer, type PortalServerOptions } from './server.js';
