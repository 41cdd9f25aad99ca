/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day holding `at`. Throws `RangeError` for an invalid date. */
export function utcDay(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of the UTC day holding `ms` (negative before 1970). */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` day; `null` for `null` or anything malformed (a month outside
 * 1–12 or a day outside 1–31). Never throws; reads the digits by hand since it runs on every event.
 */
export function dayIndex(day: string | null): number | null {
  if (day === null || day.length !== 10 || day[4] !== '-' || day[7] !== '-') return null;
  const year = digits(day, 0, 4);
  const month = digits(day, 5, 7);
  const date = digits(day, 8, 10);
  if (year < 0 || month < 1 || month > 12 || date < 1 || date > 31) return null;
  return dayNumber(Date.UTC(year, month - 1, date));
}

/** The decimal number in `text[from, to)`, or -1 when a character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
