import { catalogue, isMessageKey } from './catalogue.ts';

/**
 * Fill `{{id:key}}` and `{{en:key}}` in an HTML file with the catalogue text, HTML-escaped.
 * Runs at build time (a Vite plugin), so static pages such as the portal get their
 * words from the same catalogue as the scripted ones and still work with no JavaScript.
 * An unknown key fails the build instead of shipping a page with a hole in it.
 */
export function fillCatalogueText(html: string, file = 'page'): string {
  return html.replace(/\{\{(id|en):([\w.]+)\}\}/g, (_whole, lang: 'id' | 'en', key: string) => {
    if (!isMessageKey(key))
      throw new Error(`${file}: unknown message key "${key}" (renderer/i18n/catalogue.ts)`);
    return escapeHtml(catalogue[key][lang]);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
