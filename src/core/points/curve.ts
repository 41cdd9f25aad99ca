/**
 * Highest level whose threshold is a safe integer, so `pointsForLevel` is exact up to it and every safe
 * total has a level at most this.
 */
export const MAX_LEVEL = 175_483;

/** Points needed to go from level `level` to the next: MEE6's `5·L² + 50·L + 100`. */
export function pointsToNext(level: number): number {
  return 5 * level * level + 50 * level + 100;
}

/**
 * Total points needed to reach `level` from 0 (`1` → 100, `2` → 255, `3` → 475): the closed form of the
 * sum of `pointsToNext`, exact for every level up to `MAX_LEVEL`. Throws `RangeError` for anything but an
 * integer in 0–`MAX_LEVEL`.
 */
export function pointsForLevel(level: number): number {
  if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
    throw new RangeError(`level must be an integer in 0–${MAX_LEVEL}, got ${level}`);
  }
  // Σ_{k<L} (5k² + 50k + 100) = 5·(L−1)L(2L−1)/6 + 25·L(L−1) + 100L, divided before multiplying so
  // every intermediate stays an exact integer.
  const pairs = (level * (level - 1)) / 2;
  const odd = 2 * level - 1;
  const squares = pairs % 3 === 0 ? (pairs / 3) * odd : pairs * (odd / 3);
  return 5 * squares + 50 * pairs + 100 * level;
}

/** Where a total stands on the curve. */
export interface LevelProgress {
  readonly level: number;
  /** Points earned since reaching `level` (always 0 ≤ into < needed). */
  readonly into: number;
  /** Points from `level` to the next. */
  readonly needed: number;
}

/**
 * The level a total reaches, with the progress towards the next. Exact and constant-time for any total
 * (it starts from the cube root and corrects by a few steps); negative totals and NaN read as 0,
 * fractions are floored, totals past `Number.MAX_SAFE_INTEGER` read as it. Never throws.
 */
export function levelFor(totalPoints: number): LevelProgress {
  const total = Number.isFinite(totalPoints)
    ? Math.min(Math.max(Math.floor(totalPoints), 0), Number.MAX_SAFE_INTEGER)
    : totalPoints > 0
      ? Number.MAX_SAFE_INTEGER
      : 0;
  // pointsForLevel(L) ≈ 5/3·L³ + 22.5·L², so L ≈ ∛(3T/5) − 4.5 lands within a step or two.
  let level = Math.min(MAX_LEVEL, Math.max(0, Math.floor(Math.cbrt((3 * total) / 5) - 4.5)));
  while (level < MAX_LEVEL && pointsForLevel(level + 1) <= total) level += 1;
  while (level > 0 && pointsForLevel(level) > total) level -= 1;
  return { level, into: total - pointsForLevel(level), needed: pointsToNext(level) };
}

/**
 * A text progress bar, `▰▰▰▱▱▱▱▱▱▱`: `width` cells, filled in proportion to `into / needed` and rounded
 * down (a bar is full only when the level is done). Clamped to 0–`width`; never throws.
 */
export function progressBar(into: number, needed: number, width = 10): string {
  const cells = Number.isFinite(width) ? Math.min(Math.max(Math.floor(width), 0), 100) : 10;
  const share = needed > 0 && Number.isFinite(into) ? into / needed : needed > 0 ? 0 : 1;
  const filled = Math.min(Math.max(Math.floor(share * cells), 0), cells);
  return '▰'.repeat(filled) + '▱'.repeat(cells - filled);
}
