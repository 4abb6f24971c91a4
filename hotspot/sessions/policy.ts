import type { HotspotSection } from '../../sync/contract/desired.js';
import type { HotspotPolicy } from './types.js';

/** The limits when the control room has not set them. */
export const DEFAULT_HOTSPOT_POLICY: Readonly<HotspotPolicy> = Object.freeze({
  sessionMinutes: 120,
  idleMinutes: 20,
  dailyMinutes: 360,
  /** The Pi's built-in radio manages about 20 clients. */
  maxClients: 20,
  downKbps: undefined,
  upKbps: undefined,
  retentionDays: 30,
});

/** The limits from the desired `hotspot` section (already validated), with defaults for what it leaves out. */
export function hotspotPolicy(section: HotspotSection | undefined): HotspotPolicy {
  const d = DEFAULT_HOTSPOT_POLICY;
  return {
    sessionMinutes: section?.sessionMinutes ?? d.sessionMinutes,
    idleMinutes: section?.idleMinutes ?? d.idleMinutes,
    dailyMinutes: section?.dailyMinutes ?? d.dailyMinutes,
    maxClients: section?.maxClients ?? d.maxClients,
    downKbps: section?.downKbps ?? d.downKbps,
    upKbps: section?.upKbps ?? d.upKbps,
    retentionDays: section?.retentionDays ?? d.retentionDays,
  };
}
