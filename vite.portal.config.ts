import { defineConfig, type Plugin } from 'vite';
import { catalogue } from './renderer/i18n/catalogue.ts';
import { pagesBuild } from './vite.pages.ts';

/**
 * The captive portal: splash (index.html), landing page (welcome.html) and the page that says
 * why Connect did not work (notice.html), built on their own into dist/portal. They are
 * templates: the portal server (hotspot/portal/pages.ts) reads them once, fills `{name}` with
 * the city's settings and serves them from memory. Plain HTML and CSS, no JavaScript: phones'
 * captive-portal windows often run with scripts limited.
 *
 *   npx vite build -c vite.portal.config.ts
 */
const base = pagesBuild({
  root: './renderer/portal/',
  outDir: './dist/portal/',
  pages: { splash: 'index.html', welcome: 'welcome.html', notice: 'notice.html' },
});

export default defineConfig({ ...base, plugins: [...(base.plugins ?? []), portalTemplates()] });

/**
 * After Vite has built the pages: put the stylesheet inside each page (one request gets the
 * whole page; the portal's CSP allows the style by its hash) and write strings.json, the
 * `portal.*` catalogue entries the server needs at run time (defaults, notices, sentences
 * with a time in them).
 */
function portalTemplates(): Plugin {
  return {
    name: 'tiang-portal-templates',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const css = new Map<string, string>();
      for (const file of Object.values(bundle)) {
        if (file.type === 'asset' && file.fileName.endsWith('.css')) {
          css.set(`/${file.fileName}`, String(file.source).trim());
        }
      }
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
        file.source = String(file.source).replace(
          /<link rel="stylesheet"[^>]*? href="([^"]+\.css)"[^>]*>/g,
          (_tag, href: string) => {
            const text = css.get(href);
            if (text === undefined) throw new Error(`${file.fileName}: no built stylesheet ${href}`);
            return `<style>${text}</style>`;
          },
        );
      }
      for (const href of css.keys()) delete bundle[href.slice(1)];
      const strings = Object.fromEntries(
        Object.entries(catalogue).filter(([key]) => key.startsWith('portal.')),
      );
      this.emitFile({
        type: 'asset',
        fileName: 'strings.json',
        source: `${JSON.stringify(strings, null, 1)}\n`,
      });
    },
  };
}
