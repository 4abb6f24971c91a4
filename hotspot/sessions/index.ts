export { clientHash, loadSessionSecret, logName, SECRET_BYTES } from './client-hash.js';
export {
  HotspotSessions,
  type HotspotSessionsOptions,
  type HotspotSummary,
  type TickReport,
} from './hotspot-sessions.js';
export { DEFAULT_HOTSPOT_POLICY, hotspotPolicy } from './policy.js';
export type { AcceptResult, ClientState, HotspotClient, HotspotPolicy, SessionGate } from './types.js';
export type { PortalUsage } from './usage.js';
