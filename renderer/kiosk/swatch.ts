import { useLayoutEffect, useRef } from 'preact/hooks';
import { paintSwatch } from '../ui/colour.ts';

/**
 * A ref that paints its element with a data colour (--swatch, --swatch-text) through the
 * CSSOM: the CSP allows no style attribute, and only a well-formed #rrggbb gets through.
 */
export function useSwatch<T extends HTMLElement>(colour: string | null | undefined) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    if (ref.current) paintSwatch(ref.current, colour);
  }, [colour]);
  return ref;
}
