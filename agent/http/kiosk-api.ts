import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Clock, errnoCode, isTiangError, type Logger, localDateOf } from '../../core/index.js';
import type { DesiredStateRepo } from '../../store/index.js';
import type { TiangConfig } from '../config/index.js';
import { imageItems, KioskImages } from './kiosk-images.js';
import { KioskSpeech } from './kiosk-speech.js';
import { pageSpeechText, SPEECH_LANGS, type SpeechLang } from './kiosk-speech-text.js';
import { tapWav } from './tap-sound.js';
import { wifiQrSvg } from './wifi-qr.js';

/**
 * The kiosk's media routes: pictures of the pages, the Wi-Fi QR code, pages read aloud and
 * the touch sound. Registered with the public API, so only on the local listener: the
 * hotspot's portal server never serves them.
 */

/** Kept once per pole (the local server may run one listener per address; they share these). */
export interface KioskServices {
  images: KioskImages;
  speech: KioskSpeech;
}

export function createKioskServices(dataDir: string, clock: Clock, log: Logger): KioskServices {
  return {
    // Where the content downloader puts pictures (ContentDownloader.pathOf).
    images: new KioskImages(path.join(dataDir, 'media')),
    speech: new KioskSpeech({ cacheDir: path.join(dataDir, 'cache', 'kiosk-speech'), clock, log }),
  };
}

export interface KioskApiDeps {
  config: TiangConfig;
  clock: Clock;
  desired: () => DesiredStateRepo;
  kiosk: KioskServices;
}

interface DesiredForKiosk {
  content?: unknown;
  kiosk?: { pages?: unknown; contacts?: unknown };
  hotspot?: { enabled?: boolean; ssid?: string; security?: { mode?: string; passphrase?: string } };
}

const SHA256_RE = /^[0-9a-f]{64}$/;

/** The SSID of the hotspot when it is on, else undefined. */
function hotspotSsid(body: DesiredForKiosk | undefined): string | undefined {
  const h = body?.hotspot;
  return h?.enabled && typeof h.ssid === 'string' && h.ssid ? h.ssid : undefined;
}

/** Streams a file; false when it is gone (the caller answers 404). */
async function sendFile(
  reply: FastifyReply,
  file: string,
  headers: Record<string, string>,
): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    reply.headers({ ...headers, 'content-length': String(size) });
  } catch (err) {
    await handle.close();
    throw err;
  }
  reply.send(handle.createReadStream());
  return true;
}

export function registerKioskApi(app: FastifyInstance, deps: KioskApiDeps): void {
  const current = () => deps.desired().current<DesiredForKiosk>()?.body;

  app.get('/api/kiosk/images/:sha256', async (req, reply) => {
    const { sha256 } = req.params as { sha256: string };
    if (!SHA256_RE.test(sha256)) {
      return reply.code(400).send({ error: 'the image name must be a sha256: 64 characters of 0-9 and a-f' });
    }
    const item = imageItems(current()?.content).find((i) => i.sha256 === sha256);
    if (!item) return reply.code(404).send({ error: 'no image with this sha256 in the content list' });
    const probe = await deps.kiosk.images.probe(sha256);
    if (!probe.ok)
      return reply.code(404).send({ error: `image "${item.id}" is not shown: ${probe.problem}` });
    const sent = await sendFile(reply, deps.kiosk.images.pathOf(sha256), {
      // The sniffed type, not the declared one: the browser gets what the bytes are.
      'content-type': probe.mime,
      // The name is the content's hash: the same URL can never mean other bytes.
      'cache-control': 'public, max-age=31536000, immutable',
    });
    if (sent) return reply;
    deps.kiosk.images.forget(sha256);
    return reply
      .code(404)
      .send({ error: `image "${item.id}" is not shown: The image is not downloaded yet.` });
  });

  let qr: { ssid: string; passphrase: string | undefined; svg: string; etag: string } | undefined;
  app.get('/api/kiosk/wifi-qr.svg', async (req, reply) => {
    const body = current();
    const ssid = hotspotSsid(body);
    if (!ssid)
      return reply.code(404).send({ error: 'the hotspot is off: there is no Wi-Fi network to join' });
    const security = body?.hotspot?.security;
    const passphrase = security?.mode === 'wpa2' ? security.passphrase : undefined;
    if (qr?.ssid !== ssid || qr.passphrase !== passphrase) {
      const svg = wifiQrSvg(ssid, passphrase);
      qr = {
        ssid,
        passphrase,
        svg,
        etag: `"${createHash('sha256').update(svg).digest('hex').slice(0, 20)}"`,
      };
    }
    // The kiosk asks for ?ssid=<the SSID>: a new SSID is a new URL, so that URL may be kept a
    // day (a kiosk visiting the Wi-Fi page all day does not ask again). Any other URL: no-cache
    // with an ETag, as the code changes only with the SSID.
    // A WPA2 code also changes with the passphrase, which the URL does not name: never kept.
    const keyed = passphrase === undefined && (req.query as { ssid?: unknown }).ssid === ssid;
    reply.header('cache-control', keyed ? 'public, max-age=86400' : 'no-cache').header('etag', qr.etag);
    const seen = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (seen.includes(qr.etag)) return reply.code(304).send();
    return reply.type('image/svg+xml').send(qr.svg);
  });

  app.get('/api/kiosk/speech', async (req, reply) => {
    const q = req.query as { page?: unknown; lang?: unknown };
    if (!SPEECH_LANGS.includes(q.lang as SpeechLang)) {
      return reply.code(400).send({ error: `lang must be one of: ${SPEECH_LANGS.join(', ')}` });
    }
    const lang = q.lang as SpeechLang;
    if (typeof q.page !== 'string' || !q.page) {
      return reply.code(400).send({ error: 'page is required: the id of a kiosk page' });
    }
    const body = current();
    const pages = Array.isArray(body?.kiosk?.pages) ? (body.kiosk.pages as { id?: unknown }[]) : [];
    const page = pages.find((p) => p && p.id === q.page);
    if (!page) return reply.code(404).send({ error: `no kiosk page "${q.page}"` });
    const text = pageSpeechText(
      page,
      {
        contacts: body?.kiosk?.contacts,
        ssid: hotspotSsid(body),
        today: localDateOf(deps.clock.now(), deps.config.device.timezone),
      },
      lang,
    );
    if (!text) return reply.code(404).send({ error: `kiosk page "${q.page}" has no text to read` });
    const headers = { 'content-type': 'audio/wav', 'cache-control': 'no-cache' };
    // Twice: the file may be dropped from the cache between being made and being opened.
    for (let attempt = 0; attempt < 2; attempt++) {
      let spoken: Awaited<ReturnType<KioskSpeech['wav']>>;
      try {
        spoken = await deps.kiosk.speech.wav(text, lang);
      } catch (err) {
        if (!isTiangError(err)) throw err;
        req.log.warn({ err: err.message, page: q.page, lang }, 'kiosk page could not be read aloud');
        return reply.code(503).send({ error: err.message, fix: err.fix });
      }
      const sent = await sendFile(reply, spoken.file, {
        ...headers,
        'x-speech-cache': spoken.cached ? 'hit' : 'miss',
      });
      if (sent) return reply;
    }
    return reply.code(503).send({ error: 'the spoken page was removed before it could be sent; try again' });
  });

  app.get('/api/kiosk/sounds/tap.wav', async (_req, reply) =>
    reply.type('audio/wav').header('cache-control', 'public, max-age=86400').send(tapWav()),
  );
}
