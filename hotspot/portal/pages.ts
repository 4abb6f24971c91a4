import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bilingual, Logger } from '../../core/index.js';
import type { PortalContent } from './content.js';
import {
  compileTemplate,
  escapeHtml,
  fillSentence,
  fillTemplate,
  renderTemplate,
  type Template,
  templateSlots,
} from './template.js';
import { wibTime } from './wib-time.js';

/** The slots each built page has (renderer/portal/*.html); other braces are left alone. */
const SLOTS = {
  splash: ['where', 'provider.id', 'provider.en', 'terms', 'sessionMinutes', 'idleMinutes', 'dailyMinutes'],
  welcome: ['ends', 'cityInfo', 'provider.id', 'provider.en'],
  notice: ['title.id', 'title.en', 'message'],
} as const;

/** The catalogue entries the server needs at run time (dist/portal/strings.json). */
const STRINGS = [
  'portal.provider.default',
  'portal.terms.default',
  'portal.welcome.cityInfo',
  'portal.welcome.ends',
  'portal.redirect',
  'portal.rejoin.title',
  'portal.rejoin.text',
  'portal.badRequest.title',
  'portal.badRequest.text',
  'portal.busy.title',
  'portal.busy.text',
  'portal.refused.title',
  'portal.refused.retry',
  'portal.error.title',
  'portal.error.text',
] as const;
type StringKey = (typeof STRINGS)[number];
type Strings = Record<StringKey, Bilingual>;

/** Pages that say the same to everyone: rendered once. */
export type NoticeKind = 'rejoin' | 'badRequest' | 'busy' | 'error';

export interface RenderedSplash {
  body: Buffer;
  /** Strong validator: the content version and the build of the page. */
  etag: string;
}

/**
 * The portal's pages, from the Vite build in dist/portal (templates filled from the catalogue
 * at build time, the stylesheet inlined) and strings.json. All content from the control room is
 * HTML-escaped here; nothing from a request is ever put in a page.
 */
export class PortalPages {
  private splashCache: { version: PortalContent['version']; page: RenderedSplash } | undefined;
  private welcomeCache: { version: PortalContent['version']; page: Template } | undefined;
  private readonly notices: Record<NoticeKind, Buffer>;
  private readonly build: string;

  private constructor(
    private readonly templates: Record<keyof typeof SLOTS, Template>,
    private readonly strings: Strings,
    /** False when dist/portal was missing or broken: every page says so in one line. */
    readonly built: boolean,
  ) {
    this.build = createHash('sha256')
      .update(JSON.stringify([templates, strings]))
      .digest('base64url')
      .slice(0, 12);
    const notice = (title: Bilingual, text: Bilingual) =>
      Buffer.from(this.renderNotice(title, paragraphs(text, 'p')));
    this.notices = {
      rejoin: notice(strings['portal.rejoin.title'], strings['portal.rejoin.text']),
      badRequest: notice(strings['portal.badRequest.title'], strings['portal.badRequest.text']),
      busy: notice(strings['portal.busy.title'], strings['portal.busy.text']),
      error: notice(strings['portal.error.title'], strings['portal.error.text']),
    };
  }

  /** Read the built pages from `dir`; when they are missing or broken, say so in the log and on every page. */
  static load(dir: string, log: Logger): PortalPages {
    try {
      const read = (file: string, slots: readonly string[]) => {
        const t = compileTemplate(readFileSync(path.join(dir, file), 'utf8'), slots);
        const missing = slots.filter((s) => !templateSlots(t).includes(s));
        if (missing.length > 0) throw new Error(`${file} lacks {${missing.join('}, {')}}`);
        return t;
      };
      const templates = {
        splash: read('index.html', SLOTS.splash),
        welcome: read('welcome.html', SLOTS.welcome),
        notice: read('notice.html', SLOTS.notice),
      };
      const strings = parseStrings(readFileSync(path.join(dir, 'strings.json'), 'utf8'));
      return new PortalPages(templates, strings, true);
    } catch (err) {
      log.error(
        { dist: dir, err: (err as Error).message },
        'portal pages are missing or broken (run npm run build): the portal serves a one-line page',
      );
      return PortalPages.notBuilt();
    }
  }

  private static notBuilt(): PortalPages {
    const line = compileTemplate(
      '<!doctype html>\n<title>Tiang</title>\n<p>portal pages are not built</p>\n',
      [],
    );
    const empty = Object.fromEntries(STRINGS.map((k) => [k, { id: '', en: '' }])) as Strings;
    return new PortalPages({ splash: line, welcome: line, notice: line }, empty, false);
  }

  /** CSP source expressions for the inline stylesheets ('sha256-…'). */
  get styleHashes(): string[] {
    const hashes = new Set<string>();
    for (const t of Object.values(this.templates)) {
      for (const m of t.join('').matchAll(/<style>([\s\S]*?)<\/style>/g)) {
        hashes.add(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
      }
    }
    return [...hashes];
  }

  /** The splash for this content: rendered once per content version. */
  splash(content: PortalContent): RenderedSplash {
    if (this.splashCache?.version === content.version) return this.splashCache.page;
    const where = [content.ssid, content.poleName].filter((s): s is string => s !== undefined && s !== '');
    const body = renderTemplate(this.templates.splash, {
      ...this.providerSlots(content),
      where: where.map(escapeHtml).join(' · '),
      terms: paragraphs(content.terms ?? this.strings['portal.terms.default'], 'li'),
      sessionMinutes: String(content.policy.sessionMinutes),
      idleMinutes: String(content.policy.idleMinutes),
      dailyMinutes: String(content.policy.dailyMinutes),
    });
    const page = { body: Buffer.from(body), etag: `"${versionTag(content.version)}-${this.build}"` };
    this.splashCache = { version: content.version, page };
    return page;
  }

  /** The landing page after Connect, saying when this client's session ends (if known). */
  welcome(content: PortalContent, endsAt: number | undefined, now: number): string {
    if (this.welcomeCache?.version !== content.version) {
      const page = fillTemplate(this.templates.welcome, {
        ...this.providerSlots(content),
        cityInfo: paragraphs(content.welcome ?? this.strings['portal.welcome.cityInfo'], 'p'),
      });
      this.welcomeCache = { version: content.version, page };
    }
    const ends =
      endsAt === undefined ? '' : sentence(this.strings['portal.welcome.ends'], wibTime(endsAt, now), 'ends');
    return renderTemplate(this.welcomeCache.page, { ends });
  }

  notice(kind: NoticeKind): Buffer {
    return this.notices[kind];
  }

  /** Connect was refused: the session gate's reason, and when the client may come back (if it said). */
  refused(message: Bilingual, retryAt: number | undefined, now: number): string {
    const retry =
      retryAt === undefined ? '' : sentence(this.strings['portal.refused.retry'], wibTime(retryAt, now));
    return this.renderNotice(
      this.strings['portal.refused.title'],
      [paragraphs(message, 'p'), retry].join('\n'),
    );
  }

  /** The small body of the redirect that sends a captive client to the splash. */
  redirect(url: string): string {
    const text = this.strings['portal.redirect'];
    const label = `${escapeHtml(text.id)} / ${escapeHtml(text.en)}`;
    return `<!doctype html>\n<html lang="id">\n<meta charset="utf-8">\n<title>${label}</title>\n<p><a href="${escapeHtml(url)}">${label}</a></p>\n</html>\n`;
  }

  private renderNotice(title: Bilingual, message: string): string {
    return renderTemplate(this.templates.notice, {
      'title.id': escapeHtml(title.id),
      'title.en': escapeHtml(title.en),
      message,
    });
  }

  private providerSlots(content: PortalContent): Record<string, string> {
    const provider = content.provider ?? this.strings['portal.provider.default'];
    return { 'provider.id': escapeHtml(provider.id), 'provider.en': escapeHtml(provider.en) };
  }
}

function parseStrings(json: string): Strings {
  const doc = JSON.parse(json) as Record<string, unknown>;
  const missing = STRINGS.filter((key) => {
    const v = doc[key] as Partial<Bilingual> | undefined;
    return typeof v?.id !== 'string' || typeof v.en !== 'string';
  });
  if (missing.length > 0) throw new Error(`strings.json lacks ${missing.join(', ')}`);
  return Object.fromEntries(STRINGS.map((key) => [key, doc[key]])) as Strings;
}

/**
 * Bilingual text with one item per line → one element per line, Indonesian first with the
 * English line beneath (line n of each language together). Blank lines are skipped.
 */
export function paragraphs(text: Bilingual, tag: 'p' | 'li'): string {
  const lines = (s: string) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
  const id = lines(text.id);
  const en = lines(text.en);
  const items: string[] = [];
  for (let i = 0; i < Math.max(id.length, en.length); i++) {
    const idText = id[i] === undefined ? '' : escapeHtml(id[i]!);
    const enText = en[i] === undefined ? '' : `<span class="en" lang="en">${escapeHtml(en[i]!)}</span>`;
    items.push(`<${tag}>${idText}${idText && enText ? ' ' : ''}${enText}</${tag}>`);
  }
  return items.join('\n');
}

/** A catalogue sentence with a {time} in it, in both languages, as one paragraph. */
function sentence(text: Bilingual, time: Bilingual, className?: string): string {
  const cls = className ? ` class="${className}"` : '';
  const id = escapeHtml(fillSentence(text.id, { time: time.id }));
  const en = escapeHtml(fillSentence(text.en, { time: time.en }));
  return `<p${cls}>${id} <span class="en" lang="en">${en}</span></p>`;
}

/** The content version as it may appear inside an ETag (no quotes, nothing odd). */
const versionTag = (version: PortalContent['version']): string =>
  String(version)
    .replace(/[^\w.-]/g, '_')
    .slice(0, 64);
