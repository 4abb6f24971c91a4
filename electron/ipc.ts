import { z } from 'zod';

/**
 * The one message the kiosk page sends the shell: "someone touched me" (and whether an
 * alert is on screen), for the memory guard's idle check and the night-time wake. Checked
 * by sender frame and by schema; anything else is dropped.
 */
export const ACTIVITY_CHANNEL = 'tiang:activity';

export const activitySchema = z.strictObject({
  kind: z.enum(['touch', 'alert-on', 'alert-off']),
});
export type Activity = z.infer<typeof activitySchema>;

export interface SenderInfo {
  /** The frame that sent it: must be the kiosk window's top frame. */
  senderFrame: { url: string; parent: unknown } | null;
  sender: { id: number };
}

/**
 * The activity, or undefined unless it came from the kiosk window's top frame showing a
 * page the shell trusts (the agent's origin, or its own blank page).
 */
export function acceptActivity(
  event: SenderInfo,
  payload: unknown,
  kioskContentsId: number,
  trusted: (url: string) => boolean,
): Activity | undefined {
  if (event.sender.id !== kioskContentsId) return undefined;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !trusted(frame.url)) return undefined;
  const parsed = activitySchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}
