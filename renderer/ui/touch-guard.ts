/**
 * Stop the things a public touchscreen must not do: a long press opening a context
 * menu, text getting selected, pictures dragged, pinch or ctrl+wheel zoom. CSS does
 * most of it (touch-action, user-select in theme.css); these listeners catch the rest.
 */
export function guardTouchScreen(): void {
  const prevent = (e: Event) => e.preventDefault();
  document.addEventListener('contextmenu', prevent);
  document.addEventListener('selectstart', prevent);
  document.addEventListener('dragstart', prevent);
  // Safari's pinch events; Chromium honours touch-action instead.
  document.addEventListener('gesturestart', prevent);
  document.addEventListener(
    'touchmove',
    (e) => {
      if (e.touches.length > 1) e.preventDefault();
    },
    { passive: false },
  );
  document.addEventListener(
    'wheel',
    (e) => {
      if (e.ctrlKey) e.preventDefault();
    },
    { passive: false },
  );
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && ['+', '-', '=', '0'].includes(e.key)) e.preventDefault();
  });
}
