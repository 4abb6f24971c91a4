import { encode } from 'uqr';

/**
 * The QR code on the kiosk's Wi-Fi page: a phone camera that reads it offers to join the
 * pole's hotspot. An open hotspot (the captive portal asks for consent) has no password in
 * the code; a WPA2 one carries its passphrase, which the city chose to show at the pole.
 */

/** The quiet zone the QR standard asks for: scanners find the code by the white margin. */
const QUIET_MODULES = 4;

/** Backslash before `\ ; , : "`, the characters the Wi-Fi QR format (WIFI:…;;) gives meaning to. */
export function escapeWifiField(value: string): string {
  return value.replace(/[\\;,:"]/g, (c) => `\\${c}`);
}

/** The text of a code that joins the network: open, or WPA2 with `passphrase`. */
export function wifiQrPayload(ssid: string, passphrase?: string): string {
  return passphrase === undefined
    ? `WIFI:T:nopass;S:${escapeWifiField(ssid)};;`
    : `WIFI:T:WPA;S:${escapeWifiField(ssid)};P:${escapeWifiField(passphrase)};;`;
}

/**
 * An SVG of the code: dark modules black on white, one unit per module, runs of dark modules
 * drawn as one rectangle each (a small file that scales sharply to any size on the screen).
 */
export function wifiQrSvg(ssid: string, passphrase?: string): string {
  // M (15 % recovery): the screen may be smudged or catch the sun.
  const qr = encode(wifiQrPayload(ssid, passphrase), { ecc: 'M', border: QUIET_MODULES });
  const n = qr.size;
  const runs: string[] = [];
  qr.data.forEach((row, y) => {
    for (let x = 0; x < n; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < n && row[x + 1]) x++;
      runs.push(`M${start} ${y}h${x - start + 1}v1H${start}z`);
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${n * 8}" height="${n * 8}" shape-rendering="crispEdges">` +
    `<rect width="${n}" height="${n}" fill="#fff"/>` +
    `<path fill="#000" d="${runs.join('')}"/></svg>`
  );
}
