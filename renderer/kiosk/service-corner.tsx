import { useEffect, useRef } from 'preact/hooks';

/** How long a technician holds the corner; nobody does that by accident. */
const HOLD_MS = 5000;

/**
 * The way in for a technician at the pole: press and hold the top-left corner for five
 * seconds and the admin screen opens (it asks for the PIN). The corner draws nothing and
 * takes no tap away from the kiosk: a short touch there does nothing at all. Moving the
 * finger off, lifting it, or a second finger cancels.
 */
export function ServiceCorner({ onHeld }: { onHeld: () => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancel = () => clearTimeout(timer.current);
  useEffect(() => cancel, []);
  return (
    <div
      class="service-corner"
      aria-hidden="true"
      data-testid="service-corner"
      onPointerDown={(e) => {
        cancel();
        if (!e.isPrimary) return;
        timer.current = setTimeout(onHeld, HOLD_MS);
      }}
      onPointerUp={cancel}
      onPointerCancel={cancel}
      onPointerLeave={cancel}
    />
  );
}
