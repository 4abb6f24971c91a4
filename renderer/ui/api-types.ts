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

/** A bilingual text from kiosk content: one side may be missing (pick() falls back to the other). */
export interface KioskText {
  id?: string;
  en?: string;
}

export interface KioskImageRef {
  /** Content id of an image in the desired content list; /api/kiosk resolves it in `images`. */
  content: string;
  alt?: KioskText;
}

export interface KioskTile {
  id: string;
  icon?: string;
  page: string;
  title: KioskText;
}

export interface KioskSectionBlock {
  heading?: KioskText;
  body: KioskText;
  image?: KioskImageRef;
}

interface PageBase {
  id: string;
  title: KioskText;
  intro?: KioskText;
}

export interface TextPage extends PageBase {
  type?: 'text';
  sections: KioskSectionBlock[];
}

export interface ServicesPage extends PageBase {
  type: 'services';
  services: {
    name: KioskText;
    what: KioskText;
    where?: KioskText;
    hours?: KioskText;
    requirements?: KioskText[];
    phone?: string;
    image?: KioskImageRef;
  }[];
}

export interface PlacesPage extends PageBase {
  type: 'places';
  places: { name: KioskText; body: KioskText; where?: KioskText; hours?: KioskText; image?: KioskImageRef }[];
}

export interface AgendaEvent {
  title: KioskText;
  /** "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", the pole's local time. */
  start?: string;
  end?: string;
  /** For recurring events ("every Sunday"). */
  when?: KioskText;
  where?: KioskText;
  body?: KioskText;
  image?: KioskImageRef;
}

export interface AgendaPage extends PageBase {
  type: 'agenda';
  events: AgendaEvent[];
}

/** Pages filled from the pole's own data. */
export interface LivePage extends PageBase {
  type: 'contacts' | 'wifi' | 'air' | 'speaker';
  sections?: KioskSectionBlock[];
}

/** A page type this build does not know (a newer control room): its sections, if any, are shown. */
export interface UnknownPage extends PageBase {
  type: string;
  sections?: unknown;
}

export type KioskPage = TextPage | ServicesPage | PlacesPage | AgendaPage | LivePage | UnknownPage;

export interface KioskContent {
  ticker?: KioskText[];
  tiles?: KioskTile[];
  pages?: KioskPage[];
  contacts?: { name: KioskText; phone: string }[];
  attract?: { headline?: KioskText; lines?: KioskText[] };
}

/** An image of the content library as /api/kiosk describes it: ready to show, or why not. */
export type KioskImage = { src: string; width: number; height: number } | { problem: string };

/** GET /api/kiosk */
export interface KioskDoc {
  device: { id: string; name: string; timezone: string };
  desiredVersion: number | null;
  kiosk: KioskContent | null;
  /** Idle reset and screen hours (desired settings.kiosk). */
  screen: { idleResetS?: number; screenOn?: string; screenOff?: string } | null;
  wifi: { ssid: string | null } | null;
  images?: Record<string, KioskImage>;
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

/** One active CAP alert, as the `alerts` live event carries it. */
export interface AlertView {
  identifier: string;
  sender: string;
  status: string;
  msgType: string;
  /** Not Actual (Exercise, Test): the screen says so in a banner. */
  exercise: boolean;
  event: string;
  severity: string;
  urgency: string;
  certainty: string;
  headline: Bilingual;
  instruction: Bilingual;
  area: string;
  sent: number;
  expires: number;
  sounding: boolean;
}

/** The `alerts` event of /api/live. */
export interface AlertsDoc {
  active: AlertView[];
}
