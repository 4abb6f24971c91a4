import type { Bilingual } from '../../core/index.js';

/** Indonesia's air-quality index categories (ISPU, Permen LHK P.14/2020), with BMKG's colours. */
export interface IspuCategory {
  key: 'baik' | 'sedang' | 'tidak-sehat' | 'sangat-tidak-sehat' | 'berbahaya';
  name: Bilingual;
  /** Upper bound of the category in ISPU index points. */
  indexMax: number;
  /** Upper bound of PM2.5 (µg/m³, 24-hour average) for this category. */
  pm25Max: number;
  colour: string;
  advice: Bilingual;
}

export const ISPU_CATEGORIES: readonly IspuCategory[] = [
  {
    key: 'baik',
    name: { id: 'Baik', en: 'Good' },
    indexMax: 50,
    pm25Max: 15.5,
    colour: '#2e9e44',
    advice: { id: 'Udara baik. Nikmati kegiatan di luar.', en: 'Good air. Enjoy being outdoors.' },
  },
  {
    key: 'sedang',
    name: { id: 'Sedang', en: 'Moderate' },
    indexMax: 100,
    pm25Max: 55.4,
    colour: '#1f6fd1',
    advice: {
      id: 'Kelompok sensitif sebaiknya mengurangi kegiatan berat di luar.',
      en: 'Sensitive groups should reduce strenuous outdoor activity.',
    },
  },
  {
    key: 'tidak-sehat',
    name: { id: 'Tidak Sehat', en: 'Unhealthy' },
    indexMax: 200,
    pm25Max: 150.4,
    colour: '#f2c200',
    advice: {
      id: 'Kurangi kegiatan di luar. Pakai masker bila perlu keluar.',
      en: 'Spend less time outdoors. Wear a mask if you go out.',
    },
  },
  {
    key: 'sangat-tidak-sehat',
    name: { id: 'Sangat Tidak Sehat', en: 'Very Unhealthy' },
    indexMax: 300,
    pm25Max: 250.4,
    colour: '#d62828',
    advice: {
      id: 'Hindari kegiatan di luar. Tutup jendela rumah.',
      en: 'Avoid outdoor activity. Keep windows closed.',
    },
  },
  {
    key: 'berbahaya',
    name: { id: 'Berbahaya', en: 'Hazardous' },
    indexMax: 500,
    pm25Max: 500,
    colour: '#1a1a1a',
    advice: {
      id: 'Tetap di dalam ruangan. Ikuti arahan petugas.',
      en: 'Stay indoors. Follow the authorities’ instructions.',
    },
  },
];

export interface IspuValue {
  /** ISPU index points, linear within each category's breakpoints (as the regulation computes it). */
  index: number;
  category: IspuCategory;
}

/** PM2.5 (µg/m³) → ISPU index and category. Above 500 µg/m³ the index is capped at 500. */
export function ispuForPm25(pm25: number): IspuValue {
  if (!Number.isFinite(pm25) || pm25 < 0) throw new RangeError(`PM2.5 must be a number >= 0, got ${pm25}`);
  let lowConc = 0;
  let lowIndex = 0;
  for (const category of ISPU_CATEGORIES) {
    if (pm25 <= category.pm25Max) {
      const index =
        lowIndex + ((category.indexMax - lowIndex) * (pm25 - lowConc)) / (category.pm25Max - lowConc);
      // A category's index range starts one above the previous one (Sedang is 51–100).
      return {
        index: lowIndex === 0 ? Math.round(index) : Math.max(lowIndex + 1, Math.round(index)),
        category,
      };
    }
    lowConc = category.pm25Max;
    lowIndex = category.indexMax;
  }
  return { index: 500, category: ISPU_CATEGORIES[ISPU_CATEGORIES.length - 1]! };
}
