import { useState } from 'preact/hooks';
import { pick } from '../i18n/index.ts';
import type { KioskImage, KioskImageRef } from '../ui/api-types.ts';

/**
 * A picture from the content library. The agent has already measured it (`images` in
 * /api/kiosk): one it refused (too large for a Pi to decode, not an image, not downloaded
 * yet) is left out rather than shown broken; width and height reserve its box, so text
 * does not jump when it arrives. Decoded off the main thread, and only near the screen.
 */
export function Picture({
  image,
  images,
}: {
  image: KioskImageRef | undefined;
  images: Record<string, KioskImage> | undefined;
}) {
  const [broken, setBroken] = useState(false);
  const found = image ? images?.[image.content] : undefined;
  if (!found || !('src' in found) || broken) return null;
  return (
    <img
      class="picture"
      src={found.src}
      width={found.width}
      height={found.height}
      alt={pick(image?.alt)}
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => setBroken(true)}
    />
  );
}
