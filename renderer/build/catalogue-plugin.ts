import { fillCatalogueText } from '../i18n/html-placeholders.ts';

/**
 * Vite plugin: fill `{{id:key}}` / `{{en:key}}` in every HTML page from the message
 * catalogue before Vite parses it. Typed structurally so this file needs no Node or Vite types.
 */
export function catalogueHtmlPlugin() {
  return {
    name: 'tiang-catalogue-html',
    transformIndexHtml: {
      order: 'pre' as const,
      handler: (html: string, ctx: { path: string }) => fillCatalogueText(html, ctx.path),
    },
  };
}
