import { describe, expect, it } from 'vitest';
import { ispuForPm25 } from '../../../hardware/index.js';

describe('ISPU from PM2.5 (P.14/2020 breakpoints)', () => {
  it.each([
    [0, 0, 'baik'],
    [15.5, 50, 'baik'],
    [15.6, 51, 'sedang'],
    [35, 74, 'sedang'],
    [55.4, 100, 'sedang'],
    [55.5, 101, 'tidak-sehat'],
    [150.4, 200, 'tidak-sehat'],
    [200, 250, 'sangat-tidak-sehat'],
    [250.5, 301, 'berbahaya'],
    [999, 500, 'berbahaya'],
  ])('%f µg/m³ → index %i, %s', (pm25, index, key) => {
    const v = ispuForPm25(pm25);
    expect(v.category.key).toBe(key);
    expect(v.index).toBe(index);
  });

  it('names each category in Indonesian and English with a colour', () => {
    expect(ispuForPm25(40).category.name).toEqual({ id: 'Sedang', en: 'Moderate' });
    expect(ispuForPm25(100).category.colour).toBe('#f2c200');
  });

  it('refuses impossible values', () => {
    expect(() => ispuForPm25(-1)).toThrow(RangeError);
    expect(() => ispuForPm25(Number.NaN)).toThrow(RangeError);
  });
});
