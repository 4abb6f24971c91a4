export { ESPEAK_RATE_WPM, ESPEAK_VOICES, type EspeakOptions, espeakToWav } from './espeak.js';
export {
  TTS_MAX_CHARS,
  type TtsLang,
  TtsRenderer,
  type TtsRendererOptions,
  type TtsRequest,
  type TtsResult,
} from './tts-renderer.js';
