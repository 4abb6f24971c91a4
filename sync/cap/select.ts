import type { CapAlert, CapInfo, CapResource } from './types.js';

/** The primary subtag, lower-cased: 'id-ID' → 'id', 'EN' → 'en'. */
const primary = (tag: string) => tag.toLowerCase().split('-')[0] ?? '';

/**
 * The info to use for a language: the first whose primary subtag matches `preferred`
 * (case-insensitive, so 'id', 'id-ID' and 'ID' all match 'id'), else the first English one
 * (the lingua franca of feeds relayed from abroad), else the first info; undefined only
 * when the alert has none (a Cancel, Ack or Error may have none).
 */
export function pickInfo(alert: CapAlert, preferred = 'id'): CapInfo | undefined {
  const want = primary(preferred);
  return (
    alert.infos.find((i) => primary(i.language) === want) ??
    alert.infos.find((i) => primary(i.language) === 'en') ??
    alert.infos[0]
  );
}

/**
 * The latest `expires` over the infos, or undefined when none says. The latest, not the
 * earliest: an alert stays active while any of its infos still applies.
 */
export function capExpiry(alert: CapAlert): number | undefined {
  let latest: number | undefined;
  for (const info of alert.infos) {
    if (info.expires !== undefined && (latest === undefined || info.expires > latest)) latest = info.expires;
  }
  return latest;
}

/** Ends a spoken part with a full stop so the TTS pauses between headline and instruction. */
const sentence = (s: string) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(flat) ? flat : `${flat}.`;
};

/**
 * What the speaker says: the headline (the event when there is none) and the instruction
 * (the description when there is none), whitespace collapsed for the TTS. An Exercise or
 * Test is announced as such first, in the info's language (Indonesian for `id`, else
 * English), so a drill is never heard as the real thing. Text is spoken as written: markup
 * that came as text is read out literally, never interpreted.
 */
export function spokenText(alert: CapAlert, info: CapInfo): string {
  const indonesian = primary(info.language) === 'id';
  let prefix = '';
  if (alert.status === 'Exercise') prefix = indonesian ? 'LATIHAN. ' : 'EXERCISE. ';
  else if (alert.status === 'Test') prefix = indonesian ? 'TES. ' : 'TEST. ';
  const body = info.instruction ?? info.description;
  return (
    prefix +
    [info.headline ?? info.event, body]
      .filter((p) => p !== undefined)
      .map(sentence)
      .join(' ')
  );
}

/**
 * WAV only: the player plays PCM WAV and the content library refuses anything else, so an
 * MP3 found first would only fail where a WAV further on would have played. `audio/vnd.wave`
 * is the IANA-registered name; the others are what real software sends. Parameters
 * (`audio/wav; codecs=1`) are allowed.
 */
const WAV = /^audio\/(wav|x-wav|wave|vnd\.wave)\s*(;.*)?$/i;

/**
 * The first WAV audio resource that has content (a `uri` or inline `derefUri`); the
 * caller still checks its SHA-1 `digest` before playing it.
 */
export function audioResource(info: CapInfo): CapResource | undefined {
  return info.resources.find(
    (r) => WAV.test(r.mimeType) && (r.uri !== undefined || r.derefUri !== undefined),
  );
}
