import { pick, t } from '../../i18n/index.ts';
import type { KioskImage, PlacesPage } from '../../ui/api-types.ts';
import { Picture } from '../picture.tsx';
import { Fact } from './facts.tsx';

/** Places to visit, each with its picture. */
export function PlacesView({
  page,
  images,
}: {
  page: PlacesPage;
  images: Record<string, KioskImage> | undefined;
}) {
  return (
    <>
      {(page.places ?? []).map((p, i) => (
        <article key={i} class="page-section place">
          <h2>{pick(p.name)}</h2>
          <Picture image={p.image} images={images} />
          <p>{pick(p.body)}</p>
          <div class="facts">
            <Fact icon="pin" label={t('kiosk.where')} text={p.where} />
            <Fact icon="clock" label={t('kiosk.hours')} text={p.hours} />
          </div>
        </article>
      ))}
    </>
  );
}
