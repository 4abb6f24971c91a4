export { macForIp } from './neighbours.js';
export { createPortalServer, type PortalServerOptions } from './server.js';
