import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  audioResource,
  CapError,
  capExpiry,
  capPriority,
  parseCap,
  pickInfo,
  spokenText,
} from '../../../sync/index.js';
import { keludAlert, keludCancel } from '../../helpers/cap.js';

const sent = Date.parse('2026-11-28T10:00:00+07:00');

function refusal(xml: string): CapError {
  try {
    parseCap(xml);
  } catch (err) {
    if (err instanceof CapError) return err;
    throw err;
  }
  throw new Error('parsed, but a CapError was expected');
}

/** The Kelud alert with one element replaced (or removed with ''). */
const withElement = (name: string, replacement: string, xml = keludAlert({ identifier: 'k-1', sent })) =>
  xml.replace(new RegExp(`<${name}>[^<]*</${name}>`), replacement);

describe('parseCap', () => {
  it('reads a bilingual BPBD-style alert', () => {
    const a = parseCap(keludAlert({ identifier: 'k-1', sent }));
    expect(a).toMatchObject({
      identifier: 'k-1',
      sender: 'bpbd@blitarkab.go.id',
      sent,
      status: 'Exercise',
      msgType: 'Alert',
      scope: 'Public',
    });
    expect(a.infos).toHaveLength(2);
    expect(a.infos[0]).toMatchObject({
      language: 'id-ID',
      categories: ['Geo'],
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Likely',
      headline: 'Waspada Gunung Kelud',
    });
    expect(a.infos[0]!.areas[0]!.areaDesc).toBe('Kecamatan Nglegok, Kecamatan Gandusari');
    expect(capExpiry(a)).toBe(sent + 3600_000);
  });

  it('accepts namespace prefixes and the legacy "Very Likely"', () => {
    const xml = keludAlert({ identifier: 'k-1', sent })
      .replace(
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
        '<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">',
      )
      .replace('</alert>', '</cap:alert>')
      .replace(
        /<(\/?)(identifier|sender|sent|status|msgType|scope|info|language|category|event|urgency|severity|certainty|expires|senderName|headline|instruction|area|areaDesc)>/g,
        '<$1cap:$2>',
      )
      .replace('<cap:certainty>Likely', '<cap:certainty>Very Likely');
    const a = parseCap(xml);
    expect(a.identifier).toBe('k-1');
    expect(a.infos[1]!.certainty).toBe('Likely');
  });

  it('reads a Cancel with its references', () => {
    const c = parseCap(keludCancel('k-1-c', { identifier: 'k-1', sent }));
    expect(c.msgType).toBe('Cancel');
    expect(c.references).toEqual([{ sender: 'bpbd@blitarkab.go.id', identifier: 'k-1', sent }]);
    expect(c.infos).toEqual([]);
  });

  it('reads an inline audio resource with its SHA-1', () => {
    const wav = Buffer.from('RIFF fake wave');
    const sha1 = createHash('sha1').update(wav).digest('hex');
    const a = parseCap(
      keludAlert({
        identifier: 'k-2',
        sent,
        resource: { base64: wav.toString('base64'), sha1, size: wav.length },
      }),
    );
    expect(audioResource(a.infos[0]!)).toMatchObject({
      mimeType: 'audio/wav',
      size: wav.length,
      digest: sha1,
      derefUri: wav.toString('base64'),
    });
  });

  const required: [string, string][] = [
    ['identifier', 'alert.identifier is required'],
    ['sender', 'alert.sender is required'],
    ['sent', 'alert.sent is required'],
    ['status', 'alert.status is required'],
    ['msgType', 'alert.msgType is required'],
    ['scope', 'alert.scope is required'],
    ['event', 'alert.info[0].event is required'],
    ['urgency', 'alert.info[0].urgency is required'],
    ['severity', 'alert.info[0].severity is required'],
    ['certainty', 'alert.info[0].certainty is required'],
    ['category', 'alert.info[0].category is required'],
    ['areaDesc', 'alert.info[0].area[0].areaDesc is required'],
  ];
  for (const [name, message] of required) {
    it(`refuses an alert without ${name}, naming it`, () => {
      const e = refusal(withElement(name, ''));
      expect(e.message).toBe(message);
      expect(e.field).toBe(message.replace(' is required', ''));
    });
  }

  it('refuses bad enumerations, dates, identifiers and references', () => {
    expect(refusal(withElement('status', '<status>Real</status>')).message).toMatch(
      /alert.status "Real" is not one of Actual/,
    );
    expect(refusal(withElement('severity', '<severity>Huge</severity>')).field).toBe(
      'alert.info[0].severity',
    );
    expect(refusal(withElement('category', '<category>Volcano</category>')).field).toBe(
      'alert.info[0].category[0]',
    );
    expect(refusal(withElement('sent', '<sent>2026-11-28T10:00:00</sent>')).message).toMatch(
      /time-zone offset/,
    );
    expect(refusal(withElement('sent', '<sent>yesterday</sent>')).field).toBe('alert.sent');
    expect(refusal(withElement('identifier', '<identifier>two words</identifier>')).message).toMatch(
      /must not contain spaces/,
    );
    const cancel = keludCancel('c', { identifier: 'k-1', sent });
    expect(refusal(cancel.replace(/<references>.*<\/references>/, '')).message).toBe(
      'alert.references is required for msgType Cancel',
    );
    expect(
      refusal(cancel.replace(/<references>.*<\/references>/, '<references>just-one</references>')).message,
    ).toMatch(/not sender,identifier,sent/);
    const noInfo = keludAlert({ identifier: 'k', sent }).replace(/<info>[\s\S]*<\/info>/, '');
    expect(refusal(noInfo).message).toBe('alert.info is required for msgType Alert');
  });

  it('refuses DOCTYPE/ENTITY, malformed XML, oversize input, other namespaces and other roots', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><alert>&lol2;</alert>`;
    expect(refusal(bomb).message).toMatch(/DOCTYPE or ENTITY/);
    expect(refusal('<alert><identifier>x</alert>').message).toMatch(/not well-formed XML/);
    expect(refusal(`<alert>${'x'.repeat(300 * 1024)}</alert>`).message).toMatch(/larger than/);
    expect(refusal(keludAlert({ identifier: 'k', sent }).replace('cap:1.2', 'cap:1.1')).message).toMatch(
      /is not CAP 1.2/,
    );
    expect(refusal('<feed><alert/></feed>').message).toMatch(/root element must be <alert>/);
  });

  it('keeps HTML in text fields as literal text and caps their length', () => {
    const xml = withElement('headline', '<headline>&lt;script&gt;alert(1)&lt;/script&gt; Awas</headline>');
    expect(parseCap(xml).infos[0]!.headline).toBe('<script>alert(1)</script> Awas');
    expect(refusal(withElement('headline', `<headline>${'a'.repeat(2001)}</headline>`)).message).toMatch(
      /longer than 2000/,
    );
    expect(refusal(withElement('headline', '<headline><b>bold</b></headline>')).message).toMatch(
      /must be text/,
    );
  });
});

describe('choosing what to say', () => {
  const a = parseCap(keludAlert({ identifier: 'k-1', sent }));

  it('picks the Indonesian info, else English, else the first', () => {
    expect(pickInfo(a, 'id')!.language).toBe('id-ID');
    expect(pickInfo(a, 'en')!.language).toBe('en-US');
    expect(pickInfo({ ...a, infos: [a.infos[1]!] }, 'id')!.language).toBe('en-US');
    const jv = { ...a.infos[0]!, language: 'jv-ID' };
    expect(pickInfo({ ...a, infos: [jv] }, 'id')!.language).toBe('jv-ID');
  });

  it('maps severity and urgency to a priority', () => {
    const info = a.infos[0]!;
    expect(capPriority({ ...info, severity: 'Extreme', urgency: 'Immediate' })).toBe('emergency');
    expect(capPriority({ ...info, severity: 'Severe', urgency: 'Expected' })).toBe('emergency');
    expect(capPriority({ ...info, severity: 'Moderate', urgency: 'Immediate' })).toBe('announcement');
    expect(capPriority({ ...info, severity: 'Minor', urgency: 'Immediate' })).toBeUndefined();
    expect(capPriority({ ...info, severity: 'Extreme', urgency: 'Future' })).toBeUndefined();
    expect(capPriority({ ...info, severity: 'Unknown', urgency: 'Unknown' })).toBeUndefined();
  });

  it('speaks headline and instruction, announcing an exercise or test as such', () => {
    expect(spokenText(a, a.infos[0]!)).toBe(
      'LATIHAN. Waspada Gunung Kelud. Jauhi radius 10 km dari kawah dan ikuti arahan petugas.',
    );
    expect(spokenText(a, a.infos[1]!)).toMatch(/^EXERCISE\. Mount Kelud alert\./);
    expect(spokenText({ ...a, status: 'Test' }, a.infos[0]!)).toMatch(/^TES\. /);
    expect(spokenText({ ...a, status: 'Actual' }, a.infos[0]!)).toMatch(/^Waspada Gunung Kelud\./);
  });
});
