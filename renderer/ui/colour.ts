/**
 * Colours that arrive as data (the ISPU category colour from /api/air). The CSP allows
 * no style attribute, so pages set them through the CSSOM as custom properties that
 * the stylesheet uses; only a well-formed `#rrggbb` ever gets that far.
 */

const DARK_TEXT = '#111111';
const LIGHT_TEXT = '#ffffff';

export function isHexColour(value: unknown): value is string {
  return typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value);
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Near-black or white, whichever reads better on this background (yellow gets dark text, black gets white). */
export function textColourOn(background: string): string {
  return contrastRatio(background, DARK_TEXT) >= contrastRatio(background, LIGHT_TEXT)
    ? DARK_TEXT
    : LIGHT_TEXT;
}

/**
 * Paint el with a data colour: `--swatch` (background) and `--swatch-text` (readable
 * text on it). A missing or malformed colour removes both, so the stylesheet's neutral
 * fallback shows instead of a wrong colour.
 */
export function paintSwatch(el: HTMLElement, colour: string | null | undefined): void {
  if (isHexColour(colour)) {
    el.style.setProperty('--swatch', colour);
    el.style.setProperty('--swatch-text', textColourOn(colour));
  } else {
    el.style.removeProperty('--swatch');
    el.style.removeProperty('--swatch-text');
  }
}
