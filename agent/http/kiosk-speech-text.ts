/**
 * What the kiosk's "listen" button reads out for a page: the words a passer-by sees, in
 * the order the screen shows them, in one language. Content comes from the stored desired
 * state (checked on arrival, but possibly from an older agent): every reader here tolerates
 * missing or odd parts and never throws.
 */

export const SPEECH_LANGS = ['id', 'en'] as const;
export type SpeechLang = (typeof SPEECH_LANGS)[number];
/** About three and a half minutes of speech: longer, and nobody at a street pole still listens. */
export const SPEECH_MAX_CHARS = 3000;

export interface SpeechContext {
  /** The kiosk section's `contacts` (the contacts page reads them). */
  contacts?: unknown;
  /** The hotspot's network name, when the hotspot is on. */
  ssid?: string | undefined;
  /** The pole's date, 'YYYY-MM-DD': past agenda events are not read, as the screen hides them. */
  today: string;
}

const LABELS = {
  id: {
    where: 'Tempat',
    hours: 'Jam buka',
    requirements: 'Persyaratan',
    when: 'Waktu',
    network: 'Nama jaringan Wi-Fi',
    at: 'pukul',
    until: 'sampai',
    plus: 'plus',
  },
  en: {
    where: 'Where',
    hours: 'Opening hours',
    requirements: 'What to bring',
    when: 'When',
    network: 'Wi-Fi network name',
    at: 'at',
    until: 'until',
    plus: 'plus',
  },
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** One side of a bilingual text, or the other side when this one is missing. */
export function pickText(text: unknown, lang: SpeechLang): string | undefined {
  if (typeof text === 'string') return text.trim() || undefined;
  if (!isObj(text)) return undefined;
  const other = lang === 'id' ? 'en' : 'id';
  for (const side of [lang, other]) {
    const v = text[side];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/** Phone digits one by one ("1 1 2"), a pause between the groups the number is written in. */
export function spokenPhone(phone: string, lang: SpeechLang): string {
  return phone
    .split(/[^0-9+]+/)
    .filter(Boolean)
    .map((group) => [...group].map((c) => (c === '+' ? LABELS[lang].plus : c)).join(' '))
    .join(', ');
}

const MONTHS_LOCALE: Record<SpeechLang, string> = { id: 'id-ID', en: 'en-GB' };

/**
 * "2026-12-05T19:00" → "Sabtu, 5 Desember 2026, pukul 19.00" / "Saturday, 5 December 2026, at 19:00";
 * only the time when it ends on the day given in `sameDayAs`.
 */
export function spokenDateTime(value: string, lang: SpeechLang, sameDayAs?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return value;
  const [, y, mo, d, hh, mm] = m;
  const clock = hh ? (lang === 'id' ? `${hh}.${mm}` : `${hh}:${mm}`) : '';
  const time = clock ? `${LABELS[lang].at} ${clock}` : '';
  // "until 22:00" in English, "sampai pukul 22.00" in Indonesian.
  if (sameDayAs && sameDayAs.slice(0, 10) === value.slice(0, 10) && clock)
    return lang === 'id' ? time : clock;
  const date = new Intl.DateTimeFormat(MONTHS_LOCALE[lang], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return time ? `${date}, ${time}` : date;
}

/** Dated events that have not ended, soonest first, then the recurring ones (as the screen lists them). */
function upcoming(events: Obj[], today: string): Obj[] {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const dated = events
    .filter((e) => str(e.start) && (str(e.end) ?? str(e.start)!).slice(0, 10) >= today)
    .sort((a, b) => str(a.start)!.localeCompare(str(b.start)!));
  return [...dated, ...events.filter((e) => !str(e.start) && e.when)];
}

/** Collects sentences; each ends with punctuation so espeak-ng pauses between them. */
class Script {
  readonly parts: string[] = [];

  constructor(private readonly lang: SpeechLang) {}

  say(text: string | undefined): this {
    for (const line of (text ?? '').split(/\n+/)) {
      const t = line.replace(/\s+/g, ' ').trim();
      if (t) this.parts.push(/[.!?…:;]$/.test(t) ? t : `${t}.`);
    }
    return this;
  }

  text(value: unknown): this {
    return this.say(pickText(value, this.lang));
  }

  labelled(label: string, value: unknown): this {
    const t = pickText(value, this.lang);
    return t ? this.say(`${label}: ${t}`) : this;
  }

  sections(value: unknown): this {
    for (const s of list(value)) this.text(s.heading).text(s.body);
    return this;
  }
}

/** The text read out for one page, capped at SPEECH_MAX_CHARS (cut after a sentence). */
export function pageSpeechText(page: unknown, ctx: SpeechContext, lang: SpeechLang): string {
  const p = isObj(page) ? page : {};
  const L = LABELS[lang];
  const s = new Script(lang).text(p.title).text(p.intro);
  switch (p.type) {
    case 'services':
      for (const v of list(p.services)) {
        s.text(v.name).text(v.what).labelled(L.where, v.where).labelled(L.hours, v.hours);
        const needs = (Array.isArray(v.requirements) ? v.requirements : [])
          .map((r) => pickText(r, lang)?.replace(/[.;]+$/, ''))
          .filter(Boolean);
        if (needs.length > 0) s.say(`${L.requirements}: ${needs.join(', ')}`);
        if (typeof v.phone === 'string' && v.phone.trim()) s.say(spokenPhone(v.phone, lang));
      }
      break;
    case 'places':
      for (const v of list(p.places))
        s.text(v.name).text(v.body).labelled(L.where, v.where).labelled(L.hours, v.hours);
      break;
    case 'agenda':
      for (const e of upcoming(list(p.events), ctx.today)) {
        s.text(e.title);
        if (typeof e.start === 'string') {
          const end = typeof e.end === 'string' ? `, ${L.until} ${spokenDateTime(e.end, lang, e.start)}` : '';
          s.say(`${L.when}: ${spokenDateTime(e.start, lang)}${end}`);
        } else {
          s.labelled(L.when, e.when);
        }
        s.labelled(L.where, e.where).text(e.body);
      }
      break;
    case 'contacts':
      for (const c of list(ctx.contacts)) {
        const name = pickText(c.name, lang);
        if (name && typeof c.phone === 'string') s.say(`${name}: ${spokenPhone(c.phone, lang)}`);
      }
      break;
    case 'wifi':
      if (ctx.ssid) s.say(`${L.network}: ${ctx.ssid}`);
      s.sections(p.sections);
      break;
    default:
      // text, air, speaker and types this build does not know: their sections, if any.
      s.sections(p.sections);
  }
  return capSpeech(s.parts.join(' '));
}

/** At most `max` characters, cut after the last whole sentence that fits (or a word, failing that). */
export function capSpeech(text: string, max = SPEECH_MAX_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  const sentenceEnd = Math.max(...['. ', '! ', '? ', '… '].map((e) => head.lastIndexOf(e)));
  if (sentenceEnd > 0) return head.slice(0, sentenceEnd + 1);
  const space = head.lastIndexOf(' ');
  return (space > 0 ? head.slice(0, space) : text.slice(0, max)).trim();
}
