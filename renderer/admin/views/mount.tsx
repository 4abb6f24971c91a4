import { useEffect, useRef } from 'preact/hooks';

/**
 * Puts a screen part written without Preact (an element and its destroy function) into a
 * Preact view, and destroys it when the view goes.
 */
export function Mount({ make }: { make: () => { el: HTMLElement; destroy: () => void } }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const part = make();
    box.current?.append(part.el);
    return () => {
      part.destroy();
      part.el.remove();
    };
  }, []);
  return <div class="mount" ref={box} />;
}
