export type { ContentSource } from '../../store/index.js';
export {
  type ContentItem,
  ContentLibrary,
  type ContentLibraryOptions,
  type ContentUsage,
  type ImportOptions,
  type VerifyReport,
} from './content-library.js';
export { MAX_CHANNELS, MAX_DURATION_MS, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE } from './importable.js';
export { isSha256, sha256File } from './sha256-file.js';
