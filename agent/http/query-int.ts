/**
 * A whole-number query parameter in a range, or the reason it is not one. Other parameters
 * are left alone (a cache-busting `?_=` must not break a screen).
 */
export function queryInt(
  query: unknown,
  name: string,
  range: { min: number; max: number; default: number },
): { value: number } | { error: string } {
  const raw = (query as Record<string, unknown> | undefined)?.[name];
  if (raw === undefined) return { value: range.default };
  const text = Array.isArray(raw) ? undefined : String(raw);
  const value = text !== undefined && /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    return {
      error: `${name} must be a whole number from ${range.min} to ${range.max} (got ${JSON.stringify(raw)})`,
    };
  }
  return { value };
}
