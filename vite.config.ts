import { defineConfig } from 'vite';
import { pagesBuild } from './vite.pages.ts';

/**
 * The kiosk and admin pages, served by the agent's local listener from dist/renderer:
 * /kiosk/ and /admin/, shared code split into hashed files under /assets/.
 * The captive portal is built apart (vite.portal.config.ts): its listener must not
 * be able to serve any of this.
 *
 *   npx vite build && npx vite build -c vite.portal.config.ts
 */
export default defineConfig(
  pagesBuild({
    root: './renderer/',
    outDir: './dist/renderer/',
    pages: { kiosk: 'kiosk/index.html', admin: 'admin/index.html' },
    // Code the kiosk and admin share: one cached file, named for what it is.
    chunkFileNames: 'assets/shared-[hash].js',
  }),
);
