import { pick, t } from '../i18n/index.ts';
import type { KioskPage } from '../ui/api-types.ts';
import { h } from '../ui/dom.ts';
import { backIcon } from './icons.ts';

/**
 * One content page: a sticky bar with a big Back button and the title, then the sections.
 * `live` (e.g. the air now, on the air tile's page) goes before the control room's sections.
 */
export function pageView(page: KioskPage | undefined, goHome: () => void, live?: HTMLElement): HTMLElement {
  const back = h(
    'button',
    { class: 'back-button', attrs: { type: 'button' }, on: { click: goHome } },
    backIcon(),
    h('span', {}, t('kiosk.back')),
  );
  const body = page
    ? page.sections.map((s) =>
        h('article', { class: 'page-section' }, h('h2', {}, pick(s.heading)), h('p', {}, pick(s.body))),
      )
    : [h('p', { class: 'page-missing' }, t('kiosk.pageMissing'))];
  return h(
    'section',
    { class: 'page-view', attrs: { 'data-page': page?.id } },
    h('div', { class: 'page-bar' }, back, h('h1', { class: 'page-title' }, page ? pick(page.title) : '')),
    h('div', { class: 'page-body' }, page && live, body),
  );
}
