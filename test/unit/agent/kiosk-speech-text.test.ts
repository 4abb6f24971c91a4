import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  capSpeech,
  pageSpeechText,
  pickText,
  SPEECH_MAX_CHARS,
  type SpeechContext,
  spokenDateTime,
  spokenPhone,
} from '../../../agent/http/kiosk-speech-text.js';
import { demoDesiredFile } from '../../../agent/sim/seed.js';

const ctx: SpeechContext = { today: '2026-11-28' };

describe('pickText', () => {
  it('takes the asked side and falls back to the other', () => {
    expect(pickText({ id: 'Halo', en: 'Hello' }, 'en')).toBe('Hello');
    expect(pickText({ id: 'Halo' }, 'en')).toBe('Halo');
    expect(pickText({ en: 'Hello', id: '  ' }, 'id')).toBe('Hello');
    expect(pickText(undefined, 'id')).toBeUndefined();
    expect(pickText(42, 'id')).toBeUndefined();
  });
});

describe('spokenPhone', () => {
  it('spaces the digits so they are read one by one, with a pause between groups', () => {
    expect(spokenPhone('112', 'id')).toBe('1 1 2');
    expect(spokenPhone('(0342) 555 0112', 'en')).toBe('0 3 4 2, 5 5 5, 0 1 1 2');
    expect(spokenPhone('+62-342-801', 'en')).toBe('plus 6 2, 3 4 2, 8 0 1');
  });
});

describe('spokenDateTime', () => {
  it('says dates and times the way each language does', () => {
    expect(spokenDateTime('2026-12-12T19:00', 'id')).toBe('Sabtu, 12 Desember 2026, pukul 19.00');
    expect(spokenDateTime('2026-12-12T19:00', 'en')).toBe('Saturday, 12 December 2026, at 19:00');
    expect(spokenDateTime('2027-03-06', 'en')).toBe('Saturday, 6 March 2027');
    expect(spokenDateTime('2026-12-12T22:00', 'id', '2026-12-12T19:00')).toBe('pukul 22.00');
    expect(spokenDateTime('2026-12-12T22:00', 'en', '2026-12-12T19:00')).toBe('22:00');
    expect(spokenDateTime('not a date', 'id')).toBe('not a date');
  });
});

describe('pageSpeechText', () => {
  it('reads a services page: title, intro, then each service with its labelled facts', () => {
    const page = {
      id: 'layanan',
      type: 'services',
      title: { id: 'Layanan Publik', en: 'Public Services' },
      intro: { en: 'Offices near this pole' },
      services: [
        {
          name: { id: 'Mal Pelayanan Publik', en: 'Public Service Mall' },
          what: { id: 'KTP-el dan akta.', en: 'ID cards and certificates.' },
          where: { id: 'Pusat kota' },
          hours: { id: 'Senin–Jumat 08.00–15.00 WIB', en: 'Monday–Friday 08:00–15:00 WIB' },
          requirements: [{ id: 'KTP asli.', en: 'Original ID card.' }, { id: 'Kartu Keluarga asli' }],
          phone: '(0342) 801',
        },
      ],
    };
    expect(pageSpeechText(page, ctx, 'id')).toBe(
      'Layanan Publik. Offices near this pole. Mal Pelayanan Publik. KTP-el dan akta. Tempat: Pusat kota. ' +
        'Jam buka: Senin–Jumat 08.00–15.00 WIB. Persyaratan: KTP asli, Kartu Keluarga asli. 0 3 4 2, 8 0 1.',
    );
    expect(pageSpeechText(page, ctx, 'en')).toBe(
      'Public Services. Offices near this pole. Public Service Mall. ID cards and certificates. Where: Pusat kota. ' +
        'Opening hours: Monday–Friday 08:00–15:00 WIB. What to bring: Original ID card, Kartu Keluarga asli. 0 3 4 2, 8 0 1.',
    );
  });

  it('reads a places page: name, body, where, hours', () => {
    const page = {
      id: 'wisata',
      type: 'places',
      title: { en: 'Visiting Blitar' },
      places: [{ name: { en: 'Penataran Temple' }, body: { en: 'A temple' }, hours: { en: 'Daily' } }],
    };
    expect(pageSpeechText(page, ctx, 'en')).toBe(
      'Visiting Blitar. Penataran Temple. A temple. Opening hours: Daily.',
    );
  });

  it('reads agenda events from today on, soonest first, then the recurring ones; past events are left out', () => {
    const page = {
      id: 'agenda',
      type: 'agenda',
      title: { id: 'Agenda Kota' },
      events: [
        { title: { id: 'Car Free Day' }, when: { id: 'Setiap Minggu' }, where: { id: 'Alun-alun' } },
        { title: { id: 'Festival' }, start: '2027-03-06', end: '2027-03-07' },
        { title: { id: 'Sudah lewat' }, start: '2026-11-01T08:00' },
        {
          title: { id: 'Pentas' },
          start: '2026-12-12T19:00',
          end: '2026-12-12T22:00',
          body: { id: 'Gratis' },
        },
        { title: { id: 'Mulai kemarin' }, start: '2026-11-27', end: '2026-11-28' },
      ],
    };
    expect(pageSpeechText(page, ctx, 'id')).toBe(
      'Agenda Kota. Mulai kemarin. Waktu: Jumat, 27 November 2026, sampai Sabtu, 28 November 2026. ' +
        'Pentas. Waktu: Sabtu, 12 Desember 2026, pukul 19.00, sampai pukul 22.00. Gratis. ' +
        'Festival. Waktu: Sabtu, 6 Maret 2027, sampai Minggu, 7 Maret 2027. ' +
        'Car Free Day. Waktu: Setiap Minggu. Tempat: Alun-alun.',
    );
  });

  it('reads the contacts page from the section contacts, digits one by one', () => {
    const page = { id: 'darurat', type: 'contacts', title: { id: 'Nomor Penting', en: 'Important Numbers' } };
    const contacts = [
      { name: { id: 'Panggilan Darurat', en: 'Emergency' }, phone: '112' },
      { name: { id: 'Polisi' }, phone: '110' },
      { phone: '999' },
    ];
    expect(pageSpeechText(page, { ...ctx, contacts }, 'en')).toBe(
      'Important Numbers. Emergency: 1 1 2. Polisi: 1 1 0.',
    );
  });

  it('reads the wifi page with the network name, then its sections (one sentence per line)', () => {
    const page = {
      id: 'wifi',
      type: 'wifi',
      title: { en: 'Free Wi-Fi' },
      sections: [
        { heading: { en: 'How to connect' }, body: { en: '1. Scan the code\n2. Press "Connect".' } },
      ],
    };
    expect(pageSpeechText(page, { ...ctx, ssid: 'Blitar-WiFi-Gratis' }, 'en')).toBe(
      'Free Wi-Fi. Wi-Fi network name: Blitar-WiFi-Gratis. How to connect. 1. Scan the code. 2. Press "Connect".',
    );
    expect(pageSpeechText(page, ctx, 'en')).toBe(
      'Free Wi-Fi. How to connect. 1. Scan the code. 2. Press "Connect".',
    );
  });

  it('reads air, speaker, text and unknown pages as title, intro and sections', () => {
    const sections = [{ heading: { id: 'Sensor' }, body: { id: 'Mengukur PM2.5' } }];
    expect(pageSpeechText({ type: 'air', title: { id: 'Udara' }, sections }, ctx, 'id')).toBe(
      'Udara. Sensor. Mengukur PM2.5.',
    );
    expect(
      pageSpeechText({ type: 'speaker', title: { id: 'Siaran' }, intro: { id: 'Pengumuman!' } }, ctx, 'id'),
    ).toBe('Siaran. Pengumuman!');
    expect(pageSpeechText({ title: { id: 'Teks' }, sections }, ctx, 'id')).toBe(
      'Teks. Sensor. Mengukur PM2.5.',
    );
    expect(pageSpeechText({ type: 'hologram', title: { id: 'Baru' }, sections, beams: 3 }, ctx, 'id')).toBe(
      'Baru. Sensor. Mengukur PM2.5.',
    );
  });

  it('tolerates malformed pages', () => {
    expect(pageSpeechText(null, ctx, 'id')).toBe('');
    expect(pageSpeechText({ type: 'services', title: 'x', services: 'nope' }, ctx, 'id')).toBe('x.');
    expect(
      pageSpeechText({ type: 'agenda', title: { id: 'A' }, events: [null, 3, { start: 5 }] }, ctx, 'id'),
    ).toBe('A.');
  });

  it('reads every page of the demo document in both languages within the cap', () => {
    const doc = parse(readFileSync(demoDesiredFile(), 'utf8')) as {
      kiosk: { pages: { id: string }[]; contacts: unknown };
      hotspot: { ssid: string };
    };
    for (const page of doc.kiosk.pages) {
      for (const lang of ['id', 'en'] as const) {
        const text = pageSpeechText(
          page,
          { contacts: doc.kiosk.contacts, ssid: doc.hotspot.ssid, today: '2026-11-28' },
          lang,
        );
        expect(text.length, `${page.id} ${lang}`).toBeGreaterThan(10);
        expect(text.length).toBeLessThanOrEqual(SPEECH_MAX_CHARS);
      }
    }
    const agenda = doc.kiosk.pages.find((p) => p.id === 'agenda')!;
    expect(pageSpeechText(agenda, { today: '2026-11-28' }, 'id')).not.toContain('Bazar UMKM');
  });
});

describe('capSpeech', () => {
  it('leaves short text alone and cuts long text after the last whole sentence', () => {
    expect(capSpeech('Satu. Dua.')).toBe('Satu. Dua.');
    const sentence = 'Ini kalimat yang cukup panjang untuk diuji. ';
    const long = sentence.repeat(100).trim();
    const capped = capSpeech(long);
    expect(capped.length).toBeLessThanOrEqual(SPEECH_MAX_CHARS);
    expect(capped.length).toBeGreaterThan(SPEECH_MAX_CHARS - sentence.length);
    expect(capped.endsWith('diuji.')).toBe(true);
  });

  it('cuts at a word when there is no sentence end', () => {
    expect(capSpeech('aaa bbb ccc ddd', 9)).toBe('aaa bbb');
    expect(capSpeech('x'.repeat(20), 9)).toBe('x'.repeat(9));
  });
});
