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

export type IspuKey = 'baik' | 'sedang' | 'tidak-sehat' | 'sangat-tidak-sehat' | 'berbahaya';

/** GET /api/air, and the `air` event of /api/live. `available` is false while the sensor is faulty. */
export interface AirDoc {
  available: boolean;
  status: 'connecting' | 'reading' | 'sleeping' | 'unplugged' | 'stuck' | 'error' | 'stopped' | 'absent';
  cause: string | null;
  reading: { at: number; pm25: number; pm10: number } | null;
  ispu: {
    index: number;
    key: IspuKey;
    name: Bilingual;
    /** '#rrggbb', BMKG's colour of the category. */
    colour: string;
    advice: Bilingual;
  } | null;
}

export type SpeakerPriority = 'emergency' | 'live' | 'announcement' | 'program' | 'test';

/** GET /api/speaker, and the `speaker` event of /api/live. */
export interface SpeakerDoc {
  amplifier: string;
  clockTrusted: boolean;
  nowPlaying: {
    id: string;
    title: string;
    priority: SpeakerPriority;
    startedAt: number | null;
    endsAt: number | null;
  } | null;
  next: { id: string; title: string; priority: SpeakerPriority; at: number | null }[];
}

/** GET /api/admin/sim/faults (404 when the pole is not simulated). */
export interface SimFaultsDoc {
  faults: string[];
}
