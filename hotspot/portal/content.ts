import type { Bilingual } from '../../core/index.js';

/**
 * What the city set for its free Wi-Fi, as the portal shows it: from the desired `hotspot`
 * section, with the pole's own facts. Missing texts get the catalogue's defaults.
 */
export interface PortalContent {
  /**
   * Changes whenever anything below changes (e.g. the desired document's version): the portal
   * renders its pages once per version and serves the cached bytes until it changes.
   */
  version: string | number;
  /** The pole's name (its place), shown under the splash heading. */
  poleName: string;
  /** The network's name, shown with the pole's name. */
  ssid?: string;
  /** Who provides the service (the splash says "Layanan gratis dari …"). */
  provider?: Bilingual;
  /** Terms on the splash, one list item per line (line n of `id` goes with line n of `en`). */
  terms?: Bilingual;
  /** City information on the landing page after Connect, one paragraph per line. */
  welcome?: Bilingual;
  /** The limits, stated on the splash in both languages. */
  policy: { sessionMinutes: number; idleMinutes: number; dailyMinutes: number };
}
