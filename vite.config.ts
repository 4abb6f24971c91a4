import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { catalogueHtmlPlugin } from './renderer/build/catalogue-plugin.ts';

/**
 * The kiosk and admin pages, served by the agent's local listener from dist/renderer:
 * /kiosk/ and /admin/, shared code split into hashed files under /assets/.
 * The captive portal is built apart (vite.portal.config.ts): its listener must not
 * be able to serve any of this.
 *
 *   npx vite build && npx vite build -c vite.portal.config.ts
 */
const renderer = fileURLToPath(new URL('./renderer/', import.meta.url));

export default defineConfig({
  root: renderer,
  base: '/',
  publicDir: false,
  plugins: [catalogueHtmlPlugin()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Chromium in Electron and on the Pi is current; no legacy transforms needed.
    target: 'es2022',
    // Never inline scripts or styles into the HTML: the CSP forbids inline code.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        kiosk: `${renderer}kiosk/index.html`,
        admin: `${renderer}admin/index.html`,
      },
      // Code the kiosk and admin share: one cached file, named for what it is.
      output: { chunkFileNames: 'assets/shared-[hash].js' },
    },
  },
});
