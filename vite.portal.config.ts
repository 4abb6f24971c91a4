import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { catalogueHtmlPlugin } from './renderer/build/catalogue-plugin.ts';

/**
 * The captive portal: splash (index.html) and landing page (welcome.html), built on
 * their own into dist/portal, which is all the hotspot listener serves. Plain HTML and
 * CSS, no JavaScript: phones' captive-portal windows often run with scripts limited.
 *
 *   npx vite build -c vite.portal.config.ts
 */
const portal = fileURLToPath(new URL('./renderer/portal/', import.meta.url));

export default defineConfig({
  root: portal,
  base: '/',
  publicDir: false,
  plugins: [catalogueHtmlPlugin()],
  build: {
    outDir: fileURLToPath(new URL('./dist/portal/', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        splash: `${portal}index.html`,
        welcome: `${portal}welcome.html`,
      },
    },
  },
});
