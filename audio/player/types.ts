import type { PcmPart } from '../output/program.js';
import type { PcmFormat } from '../pcm.js';

/** Who may cut in on whom: a higher rank preempts at once, an equal rank waits its turn. */
export type Priority = 'emergency' | 'live' | 'announcement' | 'program' | 'test';
export const priorityRank: Record<Priority, number> = {
  test: 0,
  program: 1,
  announcement: 2,
  live: 3,
  emergency: 4,
};
export const priorities = Object.keys(priorityRank) as Priority[];

/** What happens to an item that a higher priority cut off. */
export type CutRule = 'resume' | 'restart' | 'drop';

export type PlaySource = 'schedule' | 'admin' | 'control-room' | 'alert' | 'test';

/** One thing to play: ready-made parts in the canonical format (chime, TTS and content already resolved). */
export interface PlayItem {
  id: string;
  title: string;
  priority: Priority;
  source: PlaySource;
  format: PcmFormat;
  parts: PcmPart[];
  /** The instant (UTC ms) the first sample must come out; absent = as soon as possible. */
  at?: number;
  volume?: number;
  onCut?: CutRule;
  /** How long it may wait behind an equal or higher priority before it counts as expired. */
  maxWaitMs?: number;
  ruleId?: string;
  occurrenceKey?: string;
  /** Where to start in the content, for an item that resumes after a cut. */
  offsetMs?: number;
}

export type PlayResultKind = 'played' | 'failed' | 'cut' | 'stopped' | 'expired' | 'missed';

/** Proof of play: one line per item, whatever became of it. */
export interface PlayRecord {
  itemId: string;
  title: string;
  priority: Priority;
  source: PlaySource;
  ruleId?: string | undefined;
  occurrenceKey?: string | undefined;
  scheduledAt?: number | undefined;
  /** When the first sample was handed to the output. */
  startedAt?: number | undefined;
  endedAt?: number | undefined;
  result: PlayResultKind;
  cause?: string | undefined;
  volume?: number | undefined;
}

/** The amplifier's lines as the sequencer sees them; the agent adapts the GPIO lines to this. */
export interface AmplifierControl {
  setSupply(on: boolean): void;
  setEnabled(on: boolean): void;
  setMuted(muted: boolean): void;
  /** What the lines say now: the watchdog compares this with what the sequencer believes. */
  read(): { supply: boolean; enabled: boolean; muted: boolean };
  readonly hasSupplyRelay: boolean;
}

/** Amplifier timings, all in ms (defaults from the notes on TPA31xx/TDA8950 class-D amplifiers). */
export interface AmpTimings {
  /** Supply relay on → rails stable. Only when a relay is fitted. */
  supplyMs: number;
  /** Enable → amplifier settled, still muted. */
  warmMs: number;
  /** Silence streamed before the first sample; unmute happens inside it. */
  prerollMs: number;
  /** Shorter pre-roll when switching with the amplifier already on (preemption). */
  switchPrerollMs: number;
  /** Silence streamed after the content; mute happens inside it. */
  tailMs: number;
  /** Amplifier stays enabled (muted) this long after an item, so back-to-back items do not cycle it. */
  holdMs: number;
}

export const defaultAmpTimings: AmpTimings = {
  supplyMs: 1500,
  warmMs: 200,
  prerollMs: 200,
  switchPrerollMs: 40,
  tailMs: 300,
  holdMs: 30_000,
};
