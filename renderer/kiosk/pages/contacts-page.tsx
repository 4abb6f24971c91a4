import { pick } from '../../i18n/index.ts';
import type { KioskDoc } from '../../ui/api-types.ts';

/** Every important number, big enough to read and dial from a metre away. */
export function ContactsView({ doc }: { doc: KioskDoc }) {
  const contacts = doc.kiosk?.contacts ?? [];
  return (
    <ul class="page-section contacts-page">
      {contacts.map((c, i) => (
        <li key={i} class="contact contact-large">
          <span class="contact-phone">{c.phone}</span>
          <span class="contact-name">{pick(c.name)}</span>
        </li>
      ))}
    </ul>
  );
}
