import { z } from 'zod';
import { base64url, bilingual, epochMs, name, playStep, priority, sha256Hex, volume } from './common.js';
import { kioskSectionSchema } from './kiosk.js';

/**
 * The desired document (MQTT-CONTRACT.md "Desired document"). These schemas check the
 * wire shape; the domain that applies a section checks its meaning (the speaker's
 * schedule parser, for one) and a section refused there is reported, not half-applied.
 */

export const trustedKeySchema = z.strictObject({
  kid: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 characters of A-Z, a-z, 0-9, ".", "_", "-"'),
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: base64url.length(43, 'must be a 32-byte Ed25519 public key in base64url (43 characters)'),
});
export type TrustedKey = z.infer<typeof trustedKeySchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

export const settingsSectionSchema = z.strictObject({
  volume: z
    .strictObject({
      default: volume.optional(),
      /** Highest volume per priority, e.g. {program: 60}. */
      caps: z.partialRecord(priority, volume).optional(),
      quietHours: z
        .array(
          z
            .strictObject({
              from: hhmm,
              to: hhmm,
              maxVolume: volume,
              days: z
                .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
                .min(1)
                .optional(),
            })
            .refine((q) => q.from !== q.to, { path: ['to'], message: 'must differ from from' }),
        )
        .max(20)
        .optional(),
    })
    .optional(),
  amplifier: z
    .strictObject({
      warmMs: z.number().int().min(0).max(5000).optional(),
      tailMs: z.number().int().min(20).max(3000).optional(),
      holdMs: z.number().int().min(0).max(600_000).optional(),
    })
    .optional(),
  kiosk: z
    .strictObject({
      idleResetS: z.number().int().min(10).max(3600).optional(),
      screenOn: hhmm.optional(),
      screenOff: hhmm.optional(),
    })
    .optional(),
  groups: z.array(name).max(16).optional(),
  /** Key rotation: when present, these replace the provisioned keys as the trusted set. */
  trustedKeys: z.array(trustedKeySchema).min(1).max(8).optional(),
  telemetryIntervalS: z.number().int().min(10).max(86_400).optional(),
  /** How often an active alert is repeated on the speaker. */
  alertRepeatS: z.number().int().min(30).max(86_400).optional(),
});

export const contentItemSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1 to 64 characters of a-z, 0-9 and "-"'),
  sha256: sha256Hex,
  bytes: z
    .number()
    .int()
    .min(1)
    .max(2 * 1024 ** 3),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  mime: z.enum(['audio/wav', 'audio/x-wav', 'audio/wave', 'image/png', 'image/jpeg', 'image/webp']),
  title: bilingual,
  durationMs: z.number().int().min(0).optional(),
});
export type ContentItemSpec = z.infer<typeof contentItemSchema>;

/** Wire shape of a schedule rule; the speaker checks times, cron and dates when it loads them. */
export const scheduleRuleWireSchema = z.looseObject({
  id: z.string().min(1).max(64),
  title: bilingual,
  play: z.array(playStep).min(1).max(20),
  when: z.record(z.string(), z.unknown()),
  priority: z.enum(['announcement', 'program', 'test']),
  volume: volume.optional(),
  chime: z.boolean().optional(),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  except: z.array(z.string()).optional(),
  skipHolidays: z.boolean().optional(),
});

/** WPA2 passphrase: 8 to 63 printable ASCII characters (IEEE 802.11i); hostapd takes nothing else. */
const wpaPassphrase = z
  .string()
  .regex(/^[\x20-\x7e]{8,63}$/, 'must be 8 to 63 printable ASCII characters (a WPA2 passphrase)');

/**
 * The free Wi-Fi (docs/mqtt.md "The hotspot section"). Radio hardware facts (interface,
 * channel, country) stay in the pole's config file; what the city decides comes here.
 */
export const hotspotSectionSchema = z.looseObject({
  enabled: z.boolean().optional(),
  /** Printable ASCII or UTF-8, at most 32 bytes on air (checked again when hostapd.conf is made). */
  ssid: z.string().min(1).max(32).optional(),
  /** Open (the portal asks for consent; the default) or WPA2-PSK with a passphrase shown at the pole. */
  security: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('open') }),
      z.strictObject({ mode: z.literal('wpa2'), passphrase: wpaPassphrase }),
    ])
    .optional(),
  /** Longest single session; re-login after it is one tap. */
  sessionMinutes: z.number().int().min(1).max(1440).optional(),
  /** A session with no traffic for this long ends. */
  idleMinutes: z.number().int().min(1).max(1440).optional(),
  /** Most minutes one client may be online per day (WIB). */
  dailyMinutes: z.number().int().min(1).max(1440).optional(),
  /**
   * Most clients online at once (hostapd max_num_sta, and the portal's limit). The Pi's own
   * radio manages about 20; a pole with an external access point on the hotspot interface more.
   */
  maxClients: z.number().int().min(1).max(1000).optional(),
  /** Per-client rate limits, kilobits per second. */
  downKbps: z.number().int().min(64).max(1_000_000).optional(),
  upKbps: z.number().int().min(64).max(1_000_000).optional(),
  /** Terms shown on the splash page, one paragraph or list item per line. */
  terms: bilingual.optional(),
  /** Who provides the service (named on the splash, as Indonesian practice expects). */
  provider: bilingual.optional(),
  /** City information on the landing page after Connect. */
  welcome: bilingual.optional(),
  /** Days session records (salted client hashes, times, bytes) are kept on the pole. */
  retentionDays: z.number().int().min(1).max(365).optional(),
});
export type HotspotSection = z.infer<typeof hotspotSectionSchema>;

export const desiredBodySchema = z.strictObject({
  version: z.number().int().min(1),
  settings: settingsSectionSchema.optional(),
  content: z.array(contentItemSchema).max(2000).optional(),
  schedule: z.array(scheduleRuleWireSchema).max(500).optional(),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'))
    .max(2000)
    .optional(),
  kiosk: kioskSectionSchema.optional(),
  hotspot: hotspotSectionSchema.optional(),
  /** When the control room made the document; informative. */
  createdAt: epochMs.optional(),
});
export type DesiredBody = z.infer<typeof desiredBodySchema>;

/**
 * The parts of a desired document that are applied all-or-nothing, each on its own.
 * `schedule` carries content and holidays with it: a schedule goes live only with the
 * content it plays.
 */
export const DESIRED_SECTIONS = ['settings', 'schedule', 'kiosk', 'hotspot'] as const;
export type DesiredSection = (typeof DESIRED_SECTIONS)[number];
export const SECTION_FIELDS: Record<DesiredSection, (keyof DesiredBody)[]> = {
  settings: ['settings'],
  schedule: ['content', 'schedule', 'holidays'],
  kiosk: ['kiosk'],
  hotspot: ['hotspot'],
};
