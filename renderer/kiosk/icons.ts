import { strokeIcon } from '../ui/svg.ts';

/**
 * Tile icons by the names the control room uses in kiosk content. Our own simple
 * drawings on a 24×24 grid; an unknown name gets the "info" sign, never a hole.
 */
const iconPaths: Record<string, readonly string[]> = {
  services: ['M3 21h18', 'M5 21V10', 'M19 21V10', 'M9.5 21v-5h5v5', 'M2.5 10 12 4l9.5 6', 'M12 7.2v.1'],
  travel: [
    'M12 21s-7-6.2-7-11.2a7 7 0 0 1 14 0C19 14.8 12 21 12 21z',
    'M12 12.3a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  ],
  calendar: [
    'M5 5h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z',
    'M3 10h18',
    'M8 3v4',
    'M16 3v4',
    'M8 14h3v3H8z',
  ],
  phone: [
    'M5 3.5h3.2l1.6 4.3-2.1 1.4a11.5 11.5 0 0 0 7.1 7.1l1.4-2.1 4.3 1.6V19a2 2 0 0 1-2.2 2A17 17 0 0 1 3 5.7a2 2 0 0 1 2-2.2z',
  ],
  wifi: [
    'M2 8.8a15 15 0 0 1 20 0',
    'M5.2 12.3a10.5 10.5 0 0 1 13.6 0',
    'M8.6 15.8a5.5 5.5 0 0 1 6.8 0',
    'M12 19.5h.01',
  ],
  air: ['M3 8h10.5a3 3 0 1 0-3-3', 'M3 12h15a3 3 0 1 1-3 3', 'M3 16h7'],
  info: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 11v5.5', 'M12 7.5h.01'],
  back: ['M15 5l-7 7 7 7'],
  speaker: ['M4 9.5h3.5L12 5.5v13l-4.5-4H4z', 'M15.5 9a4 4 0 0 1 0 6', 'M18.3 6.5a7.5 7.5 0 0 1 0 11'],
};

export function tileIcon(name: string): SVGSVGElement {
  return strokeIcon(iconPaths[name] ?? iconPaths.info!, 'icon tile-icon');
}

export function backIcon(): SVGSVGElement {
  return strokeIcon(iconPaths.back!, 'icon back-icon');
}

export function speakerIcon(): SVGSVGElement {
  return strokeIcon(iconPaths.speaker!, 'icon now-playing-icon');
}
