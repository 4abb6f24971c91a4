import { pick, t } from '../../i18n/index.ts';
import type { KioskImage, ServicesPage } from '../../ui/api-types.ts';
import { Picture } from '../picture.tsx';
import { Fact, FactRow } from './facts.tsx';

/** Public services: what is done there, where, when it is open, and what to bring. */
export function ServicesView({
  page,
  images,
}: {
  page: ServicesPage;
  images: Record<string, KioskImage> | undefined;
}) {
  return (
    <>
      {(page.services ?? []).map((s, i) => (
        <article key={i} class="page-section service">
          <h2>{pick(s.name)}</h2>
          <Picture image={s.image} images={images} />
          <p>{pick(s.what)}</p>
          <div class="facts">
            <Fact icon="pin" label={t('kiosk.where')} text={s.where} />
            <Fact icon="clock" label={t('kiosk.hours')} text={s.hours} />
            {s.phone && (
              <FactRow icon="phone" label={t('kiosk.phone')}>
                <span class="phone-number">{s.phone}</span>
              </FactRow>
            )}
          </div>
          {s.requirements && s.requirements.length > 0 && (
            <div class="requirements">
              <h3>{t('kiosk.requirements')}</h3>
              <ul>
                {s.requirements.map((r, j) => (
                  <li key={j}>{pick(r)}</li>
                ))}
              </ul>
            </div>
          )}
        </article>
      ))}
    </>
  );
}
