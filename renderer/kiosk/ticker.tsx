import { useEffect, useState } from 'preact/hooks';
import { pick } from '../i18n/index.ts';
import type { KioskText } from '../ui/api-types.ts';

// Long enough to read a line at walking pace, short enough that a passer-by sees two.
const ROTATE_MS = 8000;

/**
 * The ticker line: one message at a time, changing every few seconds with a short fade.
 * Rotating instead of scrolling sideways: easier to read, and a Pi's GPU does not have to
 * animate a long strip all day.
 */
export function Ticker({ items }: { items: readonly KioskText[] }) {
  const [index, setIndex] = useState(0);
  const count = items.length;
  useEffect(() => {
    setIndex(0);
    if (count < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), ROTATE_MS);
    return () => clearInterval(timer);
  }, [items, count]);
  const item = items[index % Math.max(count, 1)];
  return (
    <footer id="ticker" class="ticker" hidden={!item}>
      {/* A new key restarts the CSS fade-in. */}
      {item && (
        <p key={index} class="ticker-text">
          {pick(item)}
        </p>
      )}
    </footer>
  );
}
