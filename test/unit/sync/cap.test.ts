import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  audioResource,
  type CapAlert,
  CapError,
  type CapInfo,
  capExpiry,
  capPriority,
  MAX_CAP_BYTES,
  parseCap,
  pickInfo,
  spokenText,
} from '../../../sync/cap/index.js';
import { keludAlert, keludCancel } from '../../helpers/cap.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/cap/${name}.xml`, import.meta.url), 'utf8');
const WARNING = fixture('kelud-warning');
const PREFIXED = fixture('kelud-warning-prefixed');
const CANCEL = fixture('kelud-cancel');
const EXERCISE = fixture('kelud-exercise');
const AUDIO = fixture('kelud-audio');

/** Epoch ms of a WIB (UTC+7) wall-clock time on 2026-11-28. */
const wib = (h: number, m = 0) => Date.UTC(2026, 10, 28, h - 7, m);

function capError(xml: string): CapError {
  try {
    parseCap(xml);
  } catch (err) {
    if (err instanceof CapError) return err;
    throw err;
  }
  throw new Error('parsed, but a CapError was expected');
}

/** Replaces the first match only, and fails loudly if the fixture no longer contains it. */
function edit(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`fixture edit did not apply: ${String(from)}`);
  return out;
}

/** Removes every `<name>…</name>` (so a field is missing in both infos). */
const without = (xml: string, name: string) =>
  edit(xml, new RegExp(`<${name}>[\\s\\S]*?</${name}>`, 'g'), '');

/** A minimal valid alert around one info body, for the cases the fixtures do not cover. */
const minimal = (infoBody: string, top = '') => `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>T-1</identifier><sender>bpbd@blitarkab.go.id</sender><sent>2026-11-28T10:00:00+07:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>${top}
  <info><category>Geo</category><event>Uji</event><urgency>Immediate</urgency><severity>Extreme</severity>
  <certainty>Observed</certainty>${infoBody}</info>
</alert>`;

describe('parseCap: the Kelud warning', () => {
  const alert = parseCap(WARNING);

  it('reads the alert block', () => {
    expect(alert).toMatchObject({
      identifier: 'BPBD-BLT-20261128-0001',
      sender: 'bpbd@blitarkab.go.id',
      sent: wib(10),
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      source: 'Pos Pengamatan Gunung Api Kelud',
      incidents: 'KELUD-2026-11',
      references: [],
    });
    expect(alert.note).toBeUndefined();
    expect('note' in alert).toBe(false);
  });

  it('reads both infos with their areas, geocodes and resources, repeated elements as arrays', () => {
    expect(alert.infos.map((i) => i.language)).toEqual(['id-ID', 'en-US']);
    const id = alert.infos[0]!;
    expect(id).toMatchObject({
      categories: ['Geo', 'Safety'],
      event: 'Peningkatan Status Gunung Kelud ke Level IV (Awas)',
      urgency: 'Immediate',
      severity: 'Extreme',
      certainty: 'Observed',
      effective: wib(10),
      onset: wib(9, 45),
      expires: wib(22),
      senderName: 'BPBD Kabupaten Blitar',
      headline: 'AWAS Gunung Kelud: segera tinggalkan radius 10 km dari kawah',
      contact: 'Pusdalops BPBD Kabupaten Blitar, telepon 112',
      resources: [
        {
          resourceDesc: 'Peta Kawasan Rawan Bencana Gunung Kelud',
          mimeType: 'image/png',
          uri: 'https://bpbd.blitarkab.go.id/peta/krb-kelud.png',
        },
      ],
    });
    expect(id.description).toMatch(/^Pos Pengamatan .* Level IV \(Awas\)\.$/s);
    expect(id.areas).toEqual([
      {
        areaDesc: 'Kecamatan Nglegok',
        polygons: ['-7.930,112.250 -7.930,112.310 -8.050,112.310 -8.050,112.250 -7.930,112.250'],
        circles: [],
        geocodes: [{ valueName: 'KABUPATEN', value: '35.05' }],
      },
      { areaDesc: 'Kecamatan Gandusari', polygons: [], circles: [], geocodes: [] },
      {
        areaDesc: 'Radius 10 km dari kawah Gunung Kelud',
        polygons: [],
        circles: ['-7.930,112.308 10'],
        geocodes: [],
      },
    ]);
    expect(alert.infos[1]!.resources).toEqual([]);
  });

  it('gives the same result with a cap: prefix on every element', () => {
    expect(parseCap(PREFIXED)).toEqual(alert);
  });

  it('accepts a leading byte-order mark', () => {
    expect(parseCap(`\uFEFF${WARNING}`)).toEqual(alert);
  });

  it('is an emergency, expires at the latest info expiry, and speaks the Indonesian text', () => {
    const id = pickInfo(alert)!;
    expect(id.language).toBe('id-ID');
    expect(capPriority(id)).toBe('emergency');
    expect(capExpiry(alert)).toBe(Date.UTC(2026, 10, 28, 21, 0)); // 04:00 WIB on the 29th
    expect(spokenText(alert, id)).toBe(
      'AWAS Gunung Kelud: segera tinggalkan radius 10 km dari kawah. Warga Kecamatan Nglegok, Gandusari ' +
        'dan Garum segera menuju titik kumpul dan tempat pengungsian yang ditunjuk. Pakai masker dan ' +
        'kacamata, jauhi sungai yang berhulu di Gunung Kelud, dan ikuti arahan petugas.',
    );
    expect(audioResource(id)).toBeUndefined();
  });
});

describe('parseCap: Cancel, Update, Exercise, audio', () => {
  it('reads a Cancel with its reference and no info', () => {
    const cancel = parseCap(CANCEL);
    const warning = parseCap(WARNING);
    expect(cancel.msgType).toBe('Cancel');
    expect(cancel.references).toEqual([
      { sender: warning.sender, identifier: warning.identifier, sent: warning.sent },
    ]);
    expect(cancel.note).toMatch(/^Status Gunung Kelud diturunkan/);
    expect(cancel.infos).toEqual([]);
    expect(pickInfo(cancel)).toBeUndefined();
    expect(capExpiry(cancel)).toBeUndefined();
  });

  it('refuses a Cancel or an Update without references', () => {
    expect(capError(without(CANCEL, 'references')).field).toBe('alert.references');
    expect(capError(without(AUDIO, 'references')).message).toMatch(/references is required.*Update/);
  });

  it('reads several references, across lines', () => {
    const two = edit(
      CANCEL,
      /<references>.*<\/references>/,
      `<references>
        bpbd@blitarkab.go.id,BPBD-BLT-20261128-0001,2026-11-28T10:00:00+07:00
        bpbd@blitarkab.go.id,BPBD-BLT-20261128-0003,2026-11-28T11:15:00+07:00
      </references>`,
    );
    expect(parseCap(two).references.map((r) => [r.identifier, r.sent])).toEqual([
      ['BPBD-BLT-20261128-0001', wib(10)],
      ['BPBD-BLT-20261128-0003', wib(11, 15)],
    ]);
  });

  it.each([
    'bpbd@blitarkab.go.id,BPBD-BLT-20261128-0001',
    'bpbd@blitarkab.go.id,,2026-11-28T10:00:00+07:00',
    'bpbd@blitarkab.go.id,BPBD-BLT-20261128-0001,2026-11-28T10:00:00',
  ])('refuses the malformed reference %s', (ref) => {
    expect(
      capError(edit(CANCEL, /<references>.*<\/references>/, `<references>${ref}</references>`)).field,
    ).toBe('alert.references');
  });

  it('announces an Exercise as LATIHAN / EXERCISE and still gives it its priority', () => {
    const exercise = parseCap(EXERCISE);
    const id = pickInfo(exercise, 'id')!;
    const en = pickInfo(exercise, 'en')!;
    expect(exercise.status).toBe('Exercise');
    expect(capPriority(id)).toBe('emergency');
    expect(capExpiry(exercise)).toBeUndefined();
    expect(spokenText(exercise, id)).toBe(
      'LATIHAN. Gunung Kelud Level IV (Awas), warga lereng dievakuasi. Warga Desa Penataran dan Desa ' +
        'Modangan berkumpul di balai desa, lalu naik kendaraan yang disiapkan menuju tempat pengungsian. ' +
        'Ikuti arahan petugas.',
    );
    expect(spokenText(exercise, en)).toMatch(/^EXERCISE\. Mount Kelud Level IV \(Danger\), slope villages/);
  });

  it('announces a Test as TES / TEST; Actual has no prefix', () => {
    const test = parseCap(edit(EXERCISE, '<status>Exercise</status>', '<status>Test</status>'));
    expect(spokenText(test, pickInfo(test, 'id')!)).toMatch(/^TES\. Gunung Kelud/);
    expect(spokenText(test, pickInfo(test, 'en')!)).toMatch(/^TEST\. Mount Kelud/);
    const actual = parseCap(edit(EXERCISE, '<status>Exercise</status>', '<status>Actual</status>'));
    expect(spokenText(actual, pickInfo(actual)!)).toMatch(/^Gunung Kelud/);
  });

  it('reads an inline WAV with its SHA-1 and picks it over an image and an MP3', () => {
    const update = parseCap(AUDIO);
    expect(update.msgType).toBe('Update');
    expect(update.references[0]).toMatchObject({ identifier: 'BPBD-BLT-20261128-0001', sent: wib(10) });
    const info = pickInfo(update)!;
    expect(info.language).toBe('id');
    expect(info.resources.map((r) => r.mimeType)).toEqual(['image/jpeg', 'audio/mpeg', 'audio/x-wav']);
    const wav = audioResource(info)!;
    expect(wav).toMatchObject({
      resourceDesc: 'Pesan suara Kepala Pelaksana BPBD Kabupaten Blitar',
      size: 1964,
    });
    // Whitespace of the wrapped base64 removed, digest lower-cased: the bytes check against it.
    const bytes = Buffer.from(wav.derefUri!, 'base64');
    expect(wav.derefUri).not.toMatch(/\s/);
    expect(bytes.length).toBe(wav.size);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(createHash('sha1').update(bytes).digest('hex')).toBe(wav.digest);
  });

  it('takes audio/wav, audio/wave and parameters, skips audio without content', () => {
    const res = (mimeType: string, uri?: string) => ({
      resourceDesc: 'x',
      mimeType,
      ...(uri ? { uri } : {}),
    });
    const info = (resources: CapInfo['resources']) => ({ ...pickInfo(parseCap(WARNING))!, resources });
    expect(audioResource(info([res('audio/wav')]))).toBeUndefined();
    expect(audioResource(info([res('audio/ogg', 'u1'), res('Audio/WAVE; codecs=1', 'u2')]))?.uri).toBe('u2');
    expect(audioResource(info([res('audio/wav', 'u3')]))?.uri).toBe('u3');
    expect(audioResource(info([res('audio/mpeg', 'u4')]))).toBeUndefined();
  });
});

describe('parseCap: documents of test/helpers/cap.ts (integration tests, benchmark)', () => {
  it('reads the generated alert, with an inline resource, and its Cancel', () => {
    const sent = wib(10);
    const wav = Buffer.from('RIFF fake wave');
    const sha1 = createHash('sha1').update(wav).digest('hex');
    const resource = { base64: wav.toString('base64'), sha1, size: wav.length };
    const alert = parseCap(keludAlert({ identifier: 'kelud-sync-1', sent, resource }));
    expect(alert).toMatchObject({ identifier: 'kelud-sync-1', sent, status: 'Exercise' });
    expect(capExpiry(alert)).toBe(sent + 3600_000);
    expect(audioResource(pickInfo(alert)!)).toMatchObject({ digest: sha1, size: wav.length });
    const cancel = parseCap(keludCancel('kelud-sync-1-cancel', { identifier: 'kelud-sync-1', sent }));
    expect(cancel.references).toEqual([{ sender: alert.sender, identifier: 'kelud-sync-1', sent }]);
  });
});

describe('parseCap: required fields', () => {
  it.each([
    ['identifier', 'alert.identifier'],
    ['sender', 'alert.sender'],
    ['sent', 'alert.sent'],
    ['status', 'alert.status'],
    ['msgType', 'alert.msgType'],
    ['scope', 'alert.scope'],
    ['category', 'alert.info[0].category'],
    ['event', 'alert.info[0].event'],
    ['urgency', 'alert.info[0].urgency'],
    ['severity', 'alert.info[0].severity'],
    ['certainty', 'alert.info[0].certainty'],
    ['resourceDesc', 'alert.info[0].resource[0].resourceDesc'],
    ['mimeType', 'alert.info[0].resource[0].mimeType'],
    ['areaDesc', 'alert.info[0].area[0].areaDesc'],
    ['value', 'alert.info[0].area[0].geocode[0].value'],
  ])('without <%s> → CapError naming %s', (element, field) => {
    const err = capError(without(WARNING, element));
    expect(err.field).toBe(field);
    expect(err.message).toContain(field);
  });

  it('an empty required element counts as missing', () => {
    expect(capError(edit(WARNING, /<event>[^<]*<\/event>/, '<event>  </event>')).field).toBe(
      'alert.info[0].event',
    );
  });

  it('an Alert (or Update) needs at least one info', () => {
    expect(capError(without(WARNING, 'info')).field).toBe('alert.info');
  });

  it('names the element twice when CAP allows it once', () => {
    const err = capError(
      edit(WARNING, '<scope>Public</scope>', '<scope>Public</scope><scope>Private</scope>'),
    );
    expect(err.field).toBe('alert.scope');
    expect(err.message).toMatch(/appears 2 times/);
  });

  it('takes a missing language as en-US', () => {
    const alert = parseCap(minimal(''));
    expect(alert.infos[0]!.language).toBe('en-US');
  });
});

describe('parseCap: enums, identifiers, dates', () => {
  it.each([
    ['<status>Actual</status>', '<status>Real</status>', 'alert.status'],
    ['<status>Actual</status>', '<status>actual</status>', 'alert.status'],
    ['<msgType>Alert</msgType>', '<msgType>Warning</msgType>', 'alert.msgType'],
    ['<scope>Public</scope>', '<scope>Everyone</scope>', 'alert.scope'],
    ['<category>Safety</category>', '<category>Volcano</category>', 'alert.info[0].category[1]'],
    ['<urgency>Immediate</urgency>', '<urgency>Now</urgency>', 'alert.info[0].urgency'],
    ['<severity>Extreme</severity>', '<severity>High</severity>', 'alert.info[0].severity'],
    ['<certainty>Observed</certainty>', '<certainty>Sure</certainty>', 'alert.info[0].certainty'],
    ['<language>id-ID</language>', '<language>bahasa indonesia</language>', 'alert.info[0].language'],
  ])('%s → %s is refused, naming %s', (from, to, field) => {
    const err = capError(edit(WARNING, from, to));
    expect(err.field).toBe(field);
    expect(err.message).toContain(field);
  });

  it('reads the legacy "Very Likely" as Likely', () => {
    const alert = parseCap(
      edit(WARNING, '<certainty>Observed</certainty>', '<certainty>Very Likely</certainty>'),
    );
    expect(alert.infos[0]!.certainty).toBe('Likely');
  });

  it.each(['BPBD BLT 1', 'BPBD,BLT,1', 'BPBD&amp;BLT', 'BPBD&lt;1'])('refuses the identifier %s', (id) => {
    expect(capError(edit(WARNING, /<identifier>[^<]*</, `<identifier>${id}<`)).field).toBe(
      'alert.identifier',
    );
  });

  it('refuses a sender with a space', () => {
    expect(capError(edit(WARNING, /<sender>[^<]*</, '<sender>BPBD Blitar<')).field).toBe('alert.sender');
  });

  it.each([
    ['2026-11-28T03:00:00Z', wib(10)], // not CAP 1.2 strictly, accepted
    ['2026-11-28T03:00:00-00:00', wib(10)], // CAP's way of writing UTC
    ['2026-11-28T10:00:00.250+07:00', wib(10) + 250],
    ['2026-11-28T08:00:00+05:00', wib(10)],
    ['2024-02-29T10:00:00+07:00', Date.UTC(2024, 1, 29, 3)],
  ])('reads sent %s', (sent, ms) => {
    expect(parseCap(edit(WARNING, /<sent>[^<]*</, `<sent>${sent}<`)).sent).toBe(ms);
  });

  it.each([
    '2026-11-28T10:00:00', // no offset: would be read in the pole's zone
    '2026-11-28',
    '28-11-2026 10:00 WIB',
    '2026-02-30T10:00:00+07:00',
    '2026-02-29T10:00:00+07:00',
    '2026-11-28T24:00:00+07:00',
    '2026-11-28T10:61:00+07:00',
    '2026-11-28T10:00:00+7:00',
    '2026-11-28T10:00:00+15:00',
    '2026-11-28 10:00:00+07:00',
  ])('refuses sent %s', (sent) => {
    const err = capError(edit(WARNING, /<sent>[^<]*</, `<sent>${sent}<`));
    expect(err.field).toBe('alert.sent');
    expect(err.message).toContain('time-zone offset');
  });

  it.each(['effective', 'onset', 'expires'])('refuses a bad %s, naming it', (name) => {
    const err = capError(edit(WARNING, new RegExp(`<${name}>[^<]*<`), `<${name}>2026-11-28T22:00:00<`));
    expect(err.field).toBe(`alert.info[0].${name}`);
  });

  it('refuses a resource size or digest in the wrong form', () => {
    expect(capError(edit(AUDIO, '<size>1964</size>', '<size>2 KB</size>')).field).toBe(
      'alert.info[0].resource[2].size',
    );
    expect(capError(edit(AUDIO, /<digest>[^<]*</, '<digest>xKXF6FtSf7rpYoDkULr4LWc2GBw=<')).field).toBe(
      'alert.info[0].resource[2].digest',
    );
  });
});

describe('parseCap: XML safety', () => {
  const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE alert [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol2;</identifier></alert>`;
  const XXE = `<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
${edit(WARNING.slice(WARNING.indexOf('<alert')), /<note>|<scope>/, '<note>&xxe;</note><scope>')}`;

  it.each([
    ['billion laughs', LAUGHS],
    ['an external entity (XXE)', XXE],
    ['a bare DOCTYPE', `<!DOCTYPE alert>${WARNING.slice(WARNING.indexOf('<alert'))}`],
    ['a lower-case doctype', `<!doctype alert>${WARNING.slice(WARNING.indexOf('<alert'))}`],
  ])('refuses %s', (_, xml) => {
    const err = capError(xml);
    expect(err.field).toBe('document');
    expect(err.message).toMatch(/DOCTYPE or ENTITY/);
  });

  it('refuses an entity that was never declared, and decodes character references', () => {
    const undeclared = capError(edit(WARNING, '<scope>', '<note>Awas&nbsp;Kelud</note><scope>'));
    expect(undeclared.field).toBe('document');
    expect(undeclared.message).toMatch(/undefined entity &nbsp;/);
    const refs = parseCap(minimal('<headline>Erupsi &#x2013; caf&#233; &amp; &#128293;</headline>'));
    expect(refs.infos[0]!.headline).toBe('Erupsi – café & 🔥');
    expect(capError(minimal('<headline>&#0;</headline>')).message).toMatch(/not an XML character/);
  });

  it('refuses a document over 256 KB before parsing it', () => {
    const big = WARNING.replace('<alert', `<!--${'x'.repeat(MAX_CAP_BYTES)}--><alert`);
    const err = capError(big);
    expect(err.field).toBe('document');
    expect(err.message).toMatch(/larger than 256 KB/);
    // Counted in UTF-8 bytes, not characters: 100 k three-byte characters are 300 KB.
    expect(capError(minimal(`<description>${'…'.repeat(100_000)}</description>`)).message).toMatch(/256 KB/);
  });

  it.each([
    ['an unclosed element', WARNING.replace('</scope>', '')],
    ['two root elements', `${WARNING}<alert/>`],
    ['two different root elements', `${WARNING}<feed/>`],
    ['text instead of XML', 'Gunung Kelud Level IV'],
    ['an empty string', ''],
    ['a bare ampersand', edit(WARNING, 'Garum segera', 'Garum & segera')],
    ['a control character', edit(WARNING, 'Garum segera', 'Garum\u0007 segera')],
  ])('refuses %s as not well-formed', (_, xml) => {
    const err = capError(xml);
    expect(err.field).toBe('document');
    expect(err.message.length).toBeGreaterThan(20);
  });

  it.each([
    [
      'another root element',
      '<feed xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>',
      /root element must be <alert>/,
    ],
    ['no namespace', WARNING.replace(' xmlns="urn:oasis:names:tc:emergency:cap:1.2"', ''), /no namespace/],
    [
      'CAP 1.1',
      WARNING.replace('emergency:cap:1.2', 'emergency:cap:1.1'),
      /"urn:oasis:names:tc:emergency:cap:1\.1" is not CAP 1\.2/,
    ],
  ])('refuses %s', (_, xml, message) => {
    const err = capError(xml);
    expect(err.field).toBe('alert');
    expect(err.message).toMatch(message);
  });

  it('refuses an undeclared prefix and skips elements of other namespaces', () => {
    expect(capError(edit(PREFIXED, /cap:source/g, 'x:source')).message).toMatch(/prefix "x" is not declared/);
    const extended = edit(
      WARNING,
      '<scope>Public</scope>',
      '<scope>Public</scope><ext:scope xmlns:ext="urn:example:ext">Private</ext:scope>',
    );
    expect(parseCap(extended).scope).toBe('Public');
  });
});

describe('parseCap: plain text', () => {
  it('keeps HTML sent as text literally and never interprets it', () => {
    const escaped = parseCap(
      minimal('<headline>&lt;b&gt;AWAS&lt;/b&gt; Kelud &lt;script&gt;alert(1)&lt;/script&gt;</headline>'),
    );
    expect(escaped.infos[0]!.headline).toBe('<b>AWAS</b> Kelud <script>alert(1)</script>');
    const cdata = parseCap(
      minimal('<instruction><![CDATA[<i>Segera</i> mengungsi &amp; tenang]]></instruction>'),
    );
    expect(cdata.infos[0]!.instruction).toBe('<i>Segera</i> mengungsi &amp; tenang');
    const mixed = parseCap(minimal('<headline> AWAS <![CDATA[<Kelud>]]> &amp; <!-- x -->Blitar </headline>'));
    expect(mixed.infos[0]!.headline).toBe('AWAS <Kelud> & Blitar');
  });

  it('refuses raw markup inside a text element, naming it', () => {
    const err = capError(minimal('<headline><b>AWAS</b> Kelud</headline>'));
    expect(err.field).toBe('alert.info[0].headline');
    expect(err.message).toMatch(/plain text/);
  });

  it('trims text and caps it at 2000 characters', () => {
    const ok = parseCap(minimal(`<description>  ${'a'.repeat(2000)}\n  </description>`));
    expect(ok.infos[0]!.description).toHaveLength(2000);
    const err = capError(minimal(`<description>${'a'.repeat(2001)}</description>`));
    expect(err.field).toBe('alert.info[0].description');
    expect(err.message).toMatch(/longer than 2000/);
    expect(capError(minimal('', `<note>${'n'.repeat(2001)}</note>`)).field).toBe('alert.note');
  });

  it('keeps identifiers that look like numbers as text', () => {
    expect(parseCap(edit(WARNING, /<identifier>[^<]*</, '<identifier>007<')).identifier).toBe('007');
  });
});

describe('pickInfo', () => {
  const base = parseCap(minimal('')).infos[0]!;
  const alertWith = (...languages: string[]): CapAlert => ({
    ...parseCap(minimal('')),
    infos: languages.map((language, i) => ({ ...base, language, event: `info ${i}` })),
  });
  const picked = (alert: CapAlert, preferred?: string) => pickInfo(alert, preferred)?.event;

  it('prefers the language asked for, by primary subtag and case-insensitively', () => {
    expect(picked(alertWith('en-US', 'id-ID'))).toBe('info 1');
    expect(picked(alertWith('en-US', 'ID'))).toBe('info 1');
    expect(picked(alertWith('en-US', 'id-ID'), 'ID-id')).toBe('info 1');
    expect(picked(alertWith('id-ID', 'en-US'), 'en')).toBe('info 1');
    expect(picked(alertWith('jv-ID', 'id-ID'))).toBe('info 1');
  });

  it('falls back to English, then to the first info', () => {
    expect(picked(alertWith('fr-FR', 'en-GB'))).toBe('info 1');
    expect(picked(alertWith('jv-ID', 'fr-FR'))).toBe('info 0');
    expect(picked(alertWith('jv-ID', 'en'), 'id')).toBe('info 1');
    expect(picked(alertWith())).toBeUndefined();
  });
});

describe('capPriority', () => {
  const base = parseCap(minimal('')).infos[0]!;
  // The table in sync/cap/priority.ts, row by row.
  const table = {
    Extreme: ['emergency', 'emergency', undefined, undefined, undefined],
    Severe: ['emergency', 'emergency', undefined, undefined, undefined],
    Moderate: ['announcement', 'announcement', undefined, undefined, undefined],
    Minor: [undefined, undefined, undefined, undefined, undefined],
    Unknown: [undefined, undefined, undefined, undefined, undefined],
  } as const;
  const urgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
  const cases = Object.entries(table).flatMap(([severity, row]) =>
    urgencies.map((urgency, i) => [severity, urgency, row[i]] as const),
  );

  it.each(cases)('%s + %s → %s', (severity, urgency, expected) => {
    const info: CapInfo = { ...base, severity: severity as CapInfo['severity'], urgency };
    expect(capPriority(info)).toBe(expected);
  });

  it('ignores certainty', () => {
    expect(capPriority({ ...base, certainty: 'Unlikely' })).toBe('emergency');
  });
});

describe('capExpiry', () => {
  it('is the latest expiry over the infos, ignoring infos without one', () => {
    const alert = parseCap(WARNING);
    const [id, en] = alert.infos as [CapInfo, CapInfo];
    const withoutExpiry = { ...en };
    delete withoutExpiry.expires;
    expect(capExpiry({ ...alert, infos: [id, withoutExpiry] })).toBe(wib(22));
    expect(capExpiry({ ...alert, infos: [withoutExpiry] })).toBeUndefined();
  });
});

describe('spokenText', () => {
  it('falls back to the description, and to the event without a headline', () => {
    const alert = parseCap(minimal('<description>Hujan abu\n   di Nglegok</description>'));
    expect(spokenText(alert, alert.infos[0]!)).toBe('Uji. Hujan abu di Nglegok.');
  });
});
