import { z } from 'zod';
import { NAME_RE } from './names.js';

export const name = z.string().regex(NAME_RE, 'must be 3 to 32 characters of a-z, 0-9 and "-"');
export const ulid = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID (26 characters, Crockford base32)');
/** Epoch milliseconds; anything before 2000 is surely seconds sent where ms were meant. */
export const epochMs = z
  .number()
  .int()
  .min(Date.UTC(2000, 0, 1), 'must be epoch milliseconds (this looks like seconds)');
export const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a sha256 in lower-case hex (64 characters)');
export const bilingual = z.strictObject({ id: z.string().min(1).max(2000), en: z.string().min(1).max(2000) });
export const volume = z.number().int().min(0).max(100);
export const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'must be base64url without padding');
export const priority = z.enum(['emergency', 'live', 'announcement', 'program', 'test']);
export type Priority = z.infer<typeof priority>;
export const ttsStep = z.strictObject({
  tts: z.strictObject({ text: z.string().trim().min(1).max(2000), lang: z.enum(['id', 'en']) }),
});
/** A content id from the desired `content` list, its sha256, or text to speak. */
export const playStep = z.union([z.string().min(1).max(64), ttsStep]);
