import type { Bilingual } from '../i18n/index.ts';

/** Shapes of the agent's HTTP API as the pages read them (see docs/http.md). */

export type HealthLevel = 'ok' | 'degraded' | 'fault';
export type LifecycleState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface SubsystemHealth {
  name: string;
  state: LifecycleState;
  level: HealthLevel;
  cause?: string;
  hint?: Bilingual;
  since: number;
  detail?: Record<string, unknown>;
}

/** GET /healthz, and the `health` event of /api/live. */
export interface HealthDoc {
  status: HealthLevel;
  version: string;
  device: { id: string; name: string };
  simulated: boolean;
  startedAt: number;
  uptimeS: number;
  now: number;
  subsystems: SubsystemHealth[];
}

export interface KioskTile {
  id: string;
  icon: string;
  page: string;
  title: Bilingual;
}

export interface KioskPage {
  id: string;
  title: Bilingual;
  sections: { heading: Bilingual; body: Bilingual }[];
}

export interface KioskContent {
  ticker: Bilingual[];
  tiles: KioskTile[];
  pages: KioskPage[];
  contacts: { name: Bilingual; phone: string }[];
}

/** GET /api/kiosk */
export interface KioskDoc {
  device: { id: string; name: string; timezone: string };
  desiredVersion: number | null;
  kiosk: KioskContent | null;
  wifi: { ssid: string | null } | null;
}
