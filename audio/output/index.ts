export { classifyAplayFailure, countUnderruns } from './aplay-faults.js';
export { AplayOutput, type AplayOutputOptions } from './aplay-output.js';
export {
  AmixerMixer,
  type AmixerMixerOptions,
  type Mixer,
  parseAmixerPercent,
  SimMixer,
  validVolume,
} from './mixer.js';
export {
  describeProgram,
  type PcmPart,
  type PcmProgram,
  partOffsetMs,
  programBytes,
  programDurationMs,
  programFromWav,
  wavPart,
} from './program.js';
export { SimAudioOutput, type SimNowPlaying, type SimPlay } from './sim-output.js';
export type { AudioFault, AudioOutput, PlayOptions, PlayOutcome, PlayResult } from './types.js';
export { readWavInfo, type WavInfo } from './wav.js';
export {
  pcm16WavHeader,
  type ToneOptions,
  type WavWriteOptions,
  writeSilenceWav,
  writeToneWav,
} from './wav-write.js';
