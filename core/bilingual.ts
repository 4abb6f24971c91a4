/** A text shown to people: Indonesian first, English second. */
export interface Bilingual {
  id: string;
  en: string;
}

export const bi = (id: string, en: string): Bilingual => ({ id, en });
