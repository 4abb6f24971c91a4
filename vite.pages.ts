import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';
import { catalogueHtmlPlugin } from './renderer/build/catalogue-plugin.ts';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/**
 * What both page builds share: text filled from the message catalogue, no inlined scripts or
 * styles (the CSP forbids inline code), no legacy transforms (Chromium in Electron and on the
 * Pi is current). `root` and `outDir` are relative to the repository; `pages` maps entry names
 * to HTML files under `root`.
 */
export function pagesBuild(opts: {
  root: string;
  outDir: string;
  pages: Record<string, string>;
  chunkFileNames?: string;
}): UserConfig {
  const root = here(opts.root);
  return {
    root,
    base: '/',
    publicDir: false,
    plugins: [catalogueHtmlPlugin()],
    // Kiosk components are TSX rendered by Preact (see renderer/kiosk/).
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: here(opts.outDir),
      emptyOutDir: true,
      assetsDir: 'assets',
      target: 'es2022',
      assetsInlineLimit: 0,
      reportCompressedSize: false,
      rollupOptions: {
        input: Object.fromEntries(Object.entries(opts.pages).map(([name, file]) => [name, `${root}${file}`])),
        ...(opts.chunkFileNames ? { output: { chunkFileNames: opts.chunkFileNames } } : {}),
      },
    },
  };
}
