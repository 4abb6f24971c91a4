/** CAP 1.2 documents for sync tests and the benchmark: a Kelud warning for Kabupaten Blitar and its Cancel. */

const wib = (ms: number) => `${new Date(ms + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
const SENDER = 'bpbd@blitarkab.go.id';

export interface CapOptions {
  identifier: string;
  sent?: number;
  expires?: number;
  status?: 'Actual' | 'Exercise' | 'Test' | 'Draft' | 'System';
  severity?: 'Extreme' | 'Severe' | 'Moderate' | 'Minor';
  urgency?: 'Immediate' | 'Expected' | 'Future';
  /** An audio resource given inline, with its SHA-1. */
  resource?: { base64: string; sha1: string; size: number };
}

export function keludAlert(o: CapOptions): string {
  const sent = o.sent ?? Date.now();
  const expires = o.expires ?? sent + 3600_000;
  const info = (lang: string, headline: string, instruction: string) => `
  <info>
    <language>${lang}</language>
    <category>Geo</category>
    <event>${lang.startsWith('id') ? 'Peningkatan aktivitas Gunung Kelud' : 'Increased activity of Mount Kelud'}</event>
    <urgency>${o.urgency ?? 'Immediate'}</urgency>
    <severity>${o.severity ?? 'Severe'}</severity>
    <certainty>Likely</certainty>
    <expires>${wib(expires)}</expires>
    <senderName>BPBD Kabupaten Blitar</senderName>
    <headline>${headline}</headline>
    <instruction>${instruction}</instruction>${
      o.resource
        ? `
    <resource><resourceDesc>Pesan suara</resourceDesc><mimeType>audio/wav</mimeType><size>${o.resource.size}</size><derefUri>${o.resource.base64}</derefUri><digest>${o.resource.sha1}</digest></resource>`
        : ''
    }
    <area><areaDesc>Kecamatan Nglegok, Kecamatan Gandusari</areaDesc></area>
  </info>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${o.identifier}</identifier>
  <sender>${SENDER}</sender>
  <sent>${wib(sent)}</sent>
  <status>${o.status ?? 'Exercise'}</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>${info('id-ID', 'Waspada Gunung Kelud', 'Jauhi radius 10 km dari kawah dan ikuti arahan petugas.')}${info(
    'en-US',
    'Mount Kelud alert',
    'Stay 10 km away from the crater and follow the officers.',
  )}
</alert>`;
}

export function keludCancel(identifier: string, of: { identifier: string; sent: number }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier>
  <sender>${SENDER}</sender>
  <sent>${wib(Date.now())}</sent>
  <status>Exercise</status>
  <msgType>Cancel</msgType>
  <scope>Public</scope>
  <references>${SENDER},${of.identifier},${wib(of.sent)}</references>
</alert>`;
}
