import type { PcmProgram } from './program.js';

export type PlayOutcome = 'completed' | 'stopped' | 'failed';

/** Why playback went wrong, sorted so the player knows whether trying again can help. */
export interface AudioFault {
  kind: 'device-busy' | 'device-missing' | 'aplay-missing' | 'underrun' | 'bad-file' | 'exit-status';
  message: string;
  retryable: boolean;
}

export interface PlayResult {
  outcome: PlayOutcome;
  startedAt: number;
  endedAt: number;
  /** Set when outcome is 'failed'; on 'completed' only to report underruns. */
  fault?: AudioFault;
  underruns: number;
}

export interface PlayOptions {
  /** Aborting stops playback; the result is then 'stopped'. */
  signal?: AbortSignal;
  /** Called once the stream is running (the output took the first bytes), with the time. */
  onStart?: (at: number) => void;
}

export interface AudioOutput {
  readonly simulated: boolean;
  /**
   * Plays a program (or one WAV file) as one gapless stream. Never rejects: failures come
   * back as outcome 'failed' with a classified fault.
   */
  play(source: PcmProgram | string, opts?: PlayOptions): Promise<PlayResult>;
}
