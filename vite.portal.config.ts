import { defineConfig } from 'vite';
import { pagesBuild } from './vite.pages.ts';

/**
 * The captive portal: splash (index.html) and landing page (welcome.html), built on
 * their own into dist/portal, which is all the hotspot listener serves. Plain HTML and
 * CSS, no JavaScript: phones' captive-portal windows often run with scripts limited.
 *
 *   npx vite build -c vite.portal.config.ts
 */
export default defineConfig(
  pagesBuild({
    root: './renderer/portal/',
    outDir: './dist/portal/',
    pages: { splash: 'index.html', welcome: 'welcome.html' },
  }),
);
