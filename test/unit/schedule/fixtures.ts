import {
  parseSchedule,
  parseScheduleSettings,
  type ScheduleRule,
  type ScheduleSettings,
} from '../../../audio/schedule/index.js';

/**
 * Expectations are written as ISO strings with +07:00 and turned into epoch ms by
 * Date.parse, which never consults the process time zone: an independent route to
 * the instants the module computes with Intl and croner.
 */
export const wib = (local: string): number => {
  const withSeconds = /T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  const ms = Date.parse(`${withSeconds}+07:00`);
  if (Number.isNaN(ms)) throw new Error(`bad test time ${local}`);
  return ms;
};

export const SHA_ANTHEM = 'a'.repeat(64);
export const SHA_JUMAT = 'b'.repeat(64);
export const SHA_TONE = 'c'.repeat(64);

/** Raw rules as the control room sends them: a week in Kabupaten Blitar. */
export const weekRaw = [
  {
    id: 'anthem',
    title: { id: 'Indonesia Raya', en: 'National anthem' },
    play: [SHA_ANTHEM],
    when: { weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], times: ['07:00'] } },
    priority: 'program',
    volume: 80,
  },
  {
    id: 'jumat',
    title: { id: 'Pengumuman Jumat', en: 'Friday announcement' },
    play: [{ tts: { text: 'Salat Jumat segera dimulai.', lang: 'id' } }],
    when: { weekly: { days: ['fri'], times: ['11:30'] } },
    priority: 'announcement',
    chime: true,
  },
  {
    id: 'quarter',
    title: { id: 'Info seperempat jam', en: 'Quarter-hour info' },
    play: [SHA_TONE],
    when: { cron: '*/15 8-17 * * 1-5' },
    priority: 'program',
  },
  {
    id: 'kerja-bakti',
    title: { id: 'Kerja bakti', en: 'Community clean-up' },
    play: [{ tts: { text: 'Kerja bakti besok pagi.', lang: 'id' } }],
    when: { at: wib('2026-03-04T19:45') },
    priority: 'announcement',
  },
];

export const settings = (raw: Record<string, unknown> = {}): ScheduleSettings =>
  parseScheduleSettings({ timezone: 'Asia/Jakarta', ...raw });

export const rulesOf = (raw: unknown[], now = wib('2026-03-01T00:00')): ScheduleRule[] =>
  parseSchedule(raw, { settings: settings(), now }).rules;

export const rule = (over: Record<string, unknown>): Record<string, unknown> => ({
  id: 'r',
  title: { id: 'Uji', en: 'Test' },
  play: [SHA_TONE],
  when: { weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], times: ['07:00'] } },
  priority: 'program',
  ...over,
});
