export {
  TTS_MAX_CHARS,
  type TtsLang,
  TtsRenderer,
  type TtsRendererOptions,
  type TtsRequest,
  type TtsResult,
} from './tts-renderer.js';
