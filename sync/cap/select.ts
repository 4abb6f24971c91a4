import type { CapAlert, CapInfo, CapResource } from './types.js';

const primary = (tag: string) => tag.toLowerCase().split('-')[0];

/** The info in the preferred language (primary subtag), else English, else the first. */
export function pickInfo(alert: CapAlert, preferred = 'id'): CapInfo | undefined {
  const want = primary(preferred);
  return (
    alert.infos.find((i) => primary(i.language) === want) ??
    alert.infos.find((i) => primary(i.language) === 'en') ??
    alert.infos[0]
  );
}

/**
 * The pole's priority for an alert:
 *
 * | severity \ urgency   | Immediate, Expected | Future, Past, Unknown |
 * |----------------------|---------------------|-----------------------|
 * | Extreme, Severe      | emergency           | (shown only)          |
 * | Moderate             | announcement        | (shown only)          |
 * | Minor, Unknown       | (shown only)        | (shown only)          |
 *
 * "Shown only" (undefined): on screens and in the log, not on the speaker — a siren-like
 * voice for something that is not imminent teaches people to ignore the pole.
 */
export function capPriority(info: CapInfo): 'emergency' | 'announcement' | undefined {
  const soon = info.urgency === 'Immediate' || info.urgency === 'Expected';
  if (!soon) return undefined;
  if (info.severity === 'Extreme' || info.severity === 'Severe') return 'emergency';
  if (info.severity === 'Moderate') return 'announcement';
  return undefined;
}

/** The latest expiry over the infos, or undefined when none says. */
export function capExpiry(alert: CapAlert): number | undefined {
  const all = alert.infos.map((i) => i.expires).filter((e): e is number => e !== undefined);
  return all.length > 0 ? Math.max(...all) : undefined;
}

/** What the speaker says: headline and instruction (or description), announced as an exercise or test when it is one. */
export function spokenText(alert: CapAlert, info: CapInfo): string {
  const id = primary(info.language) === 'id';
  const prefix =
    alert.status === 'Exercise'
      ? id
        ? 'LATIHAN. '
        : 'EXERCISE. '
      : alert.status === 'Test'
        ? id
          ? 'TES. '
          : 'TEST. '
        : '';
  const parts = [info.headline ?? info.event, info.instruction ?? info.description].filter(
    (p): p is string => !!p,
  );
  const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
  return prefix + parts.map(sentence).join(' ');
}

const AUDIO = /^audio\/(wav|x-wav|wave|vnd\.wave)$/i;

/** The first WAV audio resource, which the speaker can play as it is. */
export function audioResource(info: CapInfo): CapResource | undefined {
  return info.resources.find((r) => AUDIO.test(r.mimeType));
}
