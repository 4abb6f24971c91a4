import { getLocale, type Locale, otherLocale } from '../../i18n/index.ts';

/**
 * A text from the agent in both languages at once: the chosen one large, the other
 * below (technicians are not always sure which language a colleague left the screen in).
 */
export function Bi({
  text,
  tone,
}: {
  text: { id: string; en: string };
  tone?: 'info' | 'error' | 'warning' | 'ok';
}) {
  const first: Locale = getLocale();
  const second = otherLocale(first);
  return (
    <div class={`message message-${tone ?? 'info'}`}>
      <p class="message-primary">{text[first]}</p>
      {text[second] !== text[first] && (
        <p class="message-secondary" lang={second}>
          {text[second]}
        </p>
      )}
    </div>
  );
}
