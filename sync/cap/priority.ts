import type { CapInfo } from './types.js';

/** The pole's priorities that a CAP alert can take (the pole's order: emergency > live > announcement > program > test). */
export type CapPriority = 'emergency' | 'announcement';

/**
 * The pole's priority for an alert, from severity and urgency only:
 *
 * | severity \ urgency | Immediate, Expected | Future, Past, Unknown |
 * |--------------------|---------------------|-----------------------|
 * | Extreme, Severe    | emergency           | undefined             |
 * | Moderate           | announcement        | undefined             |
 * | Minor, Unknown     | undefined           | undefined             |
 *
 * undefined means shown on screens and logged, but not sounded: a loud voice for something
 * minor or not imminent teaches people to ignore the pole when it matters. Certainty is not
 * used: an Extreme, Immediate warning that is only Possible (an eruption that may come
 * within the hour) is still one people must hear. Whether a status other than Actual may
 * sound at all (Exercise and Test are announced as such by `spokenText`; System and Draft
 * are not for the public) is the caller's decision, as it does not depend on the info.
 */
export function capPriority(info: CapInfo): CapPriority | undefined {
  if (info.urgency !== 'Immediate' && info.urgency !== 'Expected') return undefined;
  if (info.severity === 'Extreme' || info.severity === 'Severe') return 'emergency';
  if (info.severity === 'Moderate') return 'announcement';
  return undefined;
}
