export type { PortalContent } from './content.js';
export { macForIp, neighbourLookup } from './neighbours.js';
export { CAPTIVE_API_PATH, createPortalServer, type PortalServerOptions, WELCOME_PATH } from './server.js';
