import { pick } from '../../i18n/index.ts';
import type { KioskImage, KioskSectionBlock } from '../../ui/api-types.ts';
import { Picture } from '../picture.tsx';

/** Sections of text, each with an optional picture: the text page, and the extra text of live pages. */
export function Sections({
  sections,
  images,
}: {
  sections: readonly KioskSectionBlock[];
  images: Record<string, KioskImage> | undefined;
}) {
  return (
    <>
      {sections.map((s, i) => (
        <article key={i} class="page-section">
          {s.heading && <h2>{pick(s.heading)}</h2>}
          <Picture image={s.image} images={images} />
          <p>{pick(s.body)}</p>
        </article>
      ))}
    </>
  );
}
