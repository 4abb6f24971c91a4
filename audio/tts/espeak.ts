import { bi, errnoCode, TiangError } from '../../core/index.js';
import { describeFailure, runTool } from '../run-tool.js';

export type TtsLang = 'id' | 'en';

/** espeak-ng voice per language; both ship with Debian's espeak-ng-data. */
export const ESPEAK_VOICES: Readonly<Record<TtsLang, string>> = { id: 'id', en: 'en' };
/** Words per minute; espeak-ng's default is 175. Slower carries better over traffic and street echo. */
export const ESPEAK_RATE_WPM = 150;
/** Even 3000 characters take a few seconds on a Pi; longer means a stuck process. */
const TOOL_TIMEOUT_MS = 60_000;

export interface EspeakOptions {
  espeakPath?: string;
  timeoutMs?: number;
}

/**
 * Speaks `text` into `output` as espeak-ng's own WAV (16-bit mono, 22050 Hz). Shared by the
 * speaker's announcements (converted afterwards) and the kiosk's "listen" button (served as is),
 * so both say things the same way and fail with the same fixes.
 */
export async function espeakToWav(
  text: string,
  lang: TtsLang,
  output: string,
  opts: EspeakOptions = {},
): Promise<void> {
  const espeakPath = opts.espeakPath ?? 'espeak-ng';
  const voice = ESPEAK_VOICES[lang];
  // `--` ends the options: a text that starts with "-" is spoken, not parsed.
  const args = ['-v', voice, '-s', String(ESPEAK_RATE_WPM), '-b', '1', '-w', output, '--', text];
  let result: Awaited<ReturnType<typeof runTool>>;
  try {
    result = await runTool(espeakPath, args, opts.timeoutMs ?? TOOL_TIMEOUT_MS);
  } catch (err) {
    throw new TiangError(
      'TTS_UNAVAILABLE',
      `text to speech is unavailable: ${espeakPath} cannot be run (${errnoCode(err) ?? (err as Error).message})`,
      bi('Pasang espeak-ng: apt-get install espeak-ng', 'Install espeak-ng: apt-get install espeak-ng'),
      { cause: err },
    );
  }
  if (result.code !== 0) {
    throw new TiangError(
      'TTS_FAILED',
      `espeak-ng could not speak the text (voice ${voice}): ${describeFailure(result)}`,
      bi(
        `Periksa suara: espeak-ng --voices=${voice}; pasang ulang: apt-get install --reinstall espeak-ng-data`,
        `Check the voice: espeak-ng --voices=${voice}; reinstall: apt-get install --reinstall espeak-ng-data`,
      ),
    );
  }
}
