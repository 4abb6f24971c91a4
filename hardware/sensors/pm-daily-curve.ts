// A plausible day of particulates by a busy road in a small East Java town such as
// Blitar: clean-ish nights, a sharp morning peak (commuters, school runs on motorbikes,
// morning rubbish burning, a shallow mixing layer), a calmer midday as the air mixes,
// and a broader evening peak. Roughly 15–70 µg/m³ PM2.5; PM10 1.3–1.8 × PM2.5, higher
// in the dry afternoon when road dust is up.

/** Western Indonesia Time (Asia/Jakarta) is UTC+7 all year. */
const WIB_OFFSET_H = 7;

/** Hour of the day (0–24, fractional) in WIB for an epoch time in ms. */
export function hourOfDayWib(ms: number): number {
  return (((ms / 3_600_000 + WIB_OFFSET_H) % 24) + 24) % 24;
}

/** A bell around `centre` (hours), wrapping at midnight. */
function bump(hour: number, centre: number, width: number): number {
  let d = Math.abs(hour - centre);
  d = Math.min(d, 24 - d);
  return Math.exp(-0.5 * (d / width) ** 2);
}

/** Typical PM2.5 in µg/m³ at a WIB hour, before noise. */
export function typicalPm25(hour: number): number {
  return (
    16 +
    44 * bump(hour, 7, 1.3) +
    34 * bump(hour, 18.5, 1.7) +
    6 * bump(hour, 12.5, 2.5) +
    7 * bump(hour, 0, 3)
  );
}

/** Typical PM10/PM2.5 ratio at a WIB hour: lowest before dawn, highest mid-afternoon. */
export function typicalPm10Ratio(hour: number): number {
  return 1.55 + 0.15 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}
