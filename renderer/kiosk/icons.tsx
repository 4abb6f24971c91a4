/**
 * Icons by the names the control room uses for tiles, plus the kiosk's own. Our own simple
 * drawings on a 24×24 grid, stroked in the text colour: nothing extra to download. An
 * unknown name gets the "info" sign, never a hole.
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
  listen: ['M4 9.5h3.5L12 5.5v13l-4.5-4H4z', 'M15.5 9a4 4 0 0 1 0 6'],
  stop: ['M7 7h10v10H7z'],
  text: ['M4 19 9 5l5 14', 'M5.8 14h6.4', 'M15 19l3-8 3 8', 'M15.9 16.5h4.2'],
  contrast: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 3v18', 'M12 7h5', 'M12 11h8', 'M12 15h7.5'],
  touch: [
    'M9 11V5.5a1.5 1.5 0 0 1 3 0V11',
    'M12 10V9a1.5 1.5 0 0 1 3 0v2',
    'M15 10.5a1.5 1.5 0 0 1 3 0V15a6 6 0 0 1-6 6h-.5a6 6 0 0 1-4.8-2.4L4.5 15.5a1.6 1.6 0 0 1 2.4-2.1L9 15',
  ],
  warning: ['M12 3 2 20h20z', 'M12 10v4.5', 'M12 17.5h.01'],
  pin: [
    'M12 21s-7-6.2-7-11.2a7 7 0 0 1 14 0C19 14.8 12 21 12 21z',
    'M12 12.3a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  ],
  clock: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2'],
};

export function Icon({ name, class: className }: { name: string; class?: string }) {
  const paths = iconPaths[name] ?? iconPaths.info!;
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
      class={className ? `icon ${className}` : 'icon'}
    >
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
