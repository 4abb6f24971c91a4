export { AmpSequencer, type AmpState } from './amp-sequencer.js';
export { ItemBuilder, type ItemSources, type PlayStep } from './item-builder.js';
export { type NowPlaying, Player, type PlayerOptions } from './player.js';
export { waitUntil } from './precise-wait.js';
export {
  type AmplifierControl,
  type AmpTimings,
  type CutRule,
  defaultAmpTimings,
  type PlayItem,
  type PlayRecord,
  type PlayResultKind,
  type PlaySource,
  type Priority,
  priorities,
  priorityRank,
} from './types.js';
