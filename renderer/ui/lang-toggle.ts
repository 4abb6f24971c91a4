import { getLocale, onLocaleChange, otherLocale, setLocale, t } from '../i18n/index.ts';
import { h } from './dom.ts';

/**
 * One big button that switches between Indonesian and English. It is labelled with
 * the language it switches TO, written in that language, so a visitor who reads only
 * English finds "English" and one who reads only Indonesian finds "Bahasa Indonesia".
 */
export function languageToggle(): HTMLButtonElement {
  const button = h('button', {
    class: 'lang-toggle',
    attrs: { type: 'button' },
    on: { click: () => setLocale(otherLocale()) },
  });
  const label = () => {
    button.textContent = t('lang.switchTo');
    button.lang = otherLocale(getLocale());
    button.setAttribute('aria-label', t('lang.switchTo.label'));
  };
  label();
  onLocaleChange(label);
  return button;
}
