import jsqr from 'jsqr';
import { describe, expect, it } from 'vitest';
import { escapeWifiField, wifiQrPayload, wifiQrSvg } from '../../../agent/http/wifi-qr.js';

// A CommonJS bundle: under NodeNext its default import is module.exports, whose `default` is the decoder.
const jsQR = jsqr.default;

/** Draws the SVG's module runs into a bitmap (SCALE px a module), as a screen would show it. */
function rasterise(svg: string): { n: number; dark: boolean[][]; rgba: Uint8ClampedArray; px: number } {
  const n = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const dark = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)v1H\1z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let i = 0; i < w; i++) dark[y]![x + i] = true;
  }
  const SCALE = 4;
  const px = n * SCALE;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  for (let y = 0; y < px; y++)
    for (let x = 0; x < px; x++)
      if (dark[Math.floor(y / SCALE)]![Math.floor(x / SCALE)])
        rgba.fill(0, (y * px + x) * 4, (y * px + x) * 4 + 3);
  return { n, dark, rgba, px };
}

describe('Wi-Fi QR payload', () => {
  it('escapes backslash, semicolon, comma, colon and double quote with a backslash', () => {
    expect(escapeWifiField('Blitar-WiFi-Gratis')).toBe('Blitar-WiFi-Gratis');
    expect(escapeWifiField('a\\b;c,d:e"f')).toBe('a\\\\b\\;c\\,d\\:e\\"f');
    expect(escapeWifiField("Kafe 'Kopi' & Teh")).toBe("Kafe 'Kopi' & Teh");
  });

  it('joins an open network, or a WPA2 one with its passphrase', () => {
    expect(wifiQrPayload('Blitar-WiFi-Gratis')).toBe('WIFI:T:nopass;S:Blitar-WiFi-Gratis;;');
    expect(wifiQrPayload('Alun;Alun: "Pusat"')).toBe('WIFI:T:nopass;S:Alun\\;Alun\\: \\"Pusat\\";;');
    expect(wifiQrPayload('Alun-Alun', 'kata;sandi')).toBe('WIFI:T:WPA;S:Alun-Alun;P:kata\\;sandi;;');
  });
});

describe('Wi-Fi QR SVG', () => {
  it('decodes back to the payload, even for an SSID full of special characters', () => {
    for (const ssid of [
      'Blitar-WiFi-Gratis',
      'Tiang;Alun,Alun:\\"1"',
      'Wi-Fi Pendopo Kabupaten Blitar 2026',
    ]) {
      const { rgba, px } = rasterise(wifiQrSvg(ssid));
      expect(jsQR(rgba, px, px)?.data).toBe(wifiQrPayload(ssid));
    }
    const wpa = rasterise(wifiQrSvg('Blitar-WiFi', 'rahasia:123'));
    expect(jsQR(wpa.rgba, wpa.px, wpa.px)?.data).toBe('WIFI:T:WPA;S:Blitar-WiFi;P:rahasia\\:123;;');
  });

  it('is black on white with a quiet zone of four modules', () => {
    const svg = wifiQrSvg('Blitar-WiFi-Gratis');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('fill="#fff"');
    expect(svg).toContain('<path fill="#000"');
    const { n, dark } = rasterise(svg);
    const border = [0, 1, 2, 3, n - 4, n - 3, n - 2, n - 1];
    for (const i of border) {
      for (let j = 0; j < n; j++) {
        expect(dark[i]![j]).toBe(false);
        expect(dark[j]![i]).toBe(false);
      }
    }
    // The top-left finder pattern starts right inside the quiet zone.
    expect(dark[4]![4]).toBe(true);
    // The SSID never appears in the markup (nothing of it can be interpreted by the browser).
    expect(svg).not.toContain('Blitar');
  });
});
