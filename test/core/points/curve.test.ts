import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  levelFor,
  MAX_LEVEL,
  pointsForLevel,
  pointsToNext,
  progressBar,
} from '../../../src/core/points/curve.js';

/** The curve by its definition, in exact big integers. */
const reference = (level: number): bigint => {
  let total = 0n;
  for (let k = 0n; k < BigInt(level); k++) total += 5n * k * k + 50n * k + 100n;
  return total;
};

describe('the level curve (MEE6: 5·L² + 50·L + 100 from L to L+1)', () => {
  it('puts level 1 at 100 points, level 2 at 255, level 3 at 475 …', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(pointsForLevel)).toEqual([0, 100, 255, 475, 770, 1150, 4675]);
    expect([0, 1, 2].map(pointsToNext)).toEqual([100, 155, 220]);
  });

  it('matches the sum of the steps exactly, up to the last safe level', () => {
    for (const level of [0, 1, 7, 99, 1000, 8432])
      expect(BigInt(pointsForLevel(level))).toBe(reference(level));
    const big = (l: bigint) => (5n * (l - 1n) * l * (2n * l - 1n)) / 6n + 25n * l * (l - 1n) + 100n * l;
    for (const level of [100_000, 123_457, MAX_LEVEL - 1, MAX_LEVEL]) {
      expect(BigInt(pointsForLevel(level))).toBe(big(BigInt(level)));
    }
    expect(big(BigInt(MAX_LEVEL))).toBeLessThanOrEqual(BigInt(Number.MAX_SAFE_INTEGER));
    expect(big(BigInt(MAX_LEVEL + 1))).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(() => pointsForLevel(MAX_LEVEL + 1)).toThrow(RangeError);
    expect(() => pointsForLevel(-1)).toThrow(RangeError);
    expect(() => pointsForLevel(1.5)).toThrow(RangeError);
  });

  it('tells a member their level and how far they are into it', () => {
    expect(levelFor(0)).toEqual({ level: 0, into: 0, needed: 100 });
    expect(levelFor(99)).toEqual({ level: 0, into: 99, needed: 100 });
    expect(levelFor(100)).toEqual({ level: 1, into: 0, needed: 155 });
    expect(levelFor(254)).toEqual({ level: 1, into: 154, needed: 155 });
    expect(levelFor(255)).toEqual({ level: 2, into: 0, needed: 220 });
    expect(levelFor(500)).toEqual({ level: 3, into: 25, needed: 295 });
  });

  it('reads odd totals calmly: negative and NaN are 0, fractions floor, huge totals cap', () => {
    expect(levelFor(-50).level).toBe(0);
    expect(levelFor(Number.NaN)).toEqual({ level: 0, into: 0, needed: 100 });
    expect(levelFor(254.9).level).toBe(1);
    expect(levelFor(Number.POSITIVE_INFINITY).level).toBe(MAX_LEVEL);
    expect(levelFor(Number.MAX_SAFE_INTEGER).level).toBe(MAX_LEVEL);
  });

  it('is exact and quick for totals up to 10^12', () => {
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) levelFor(1e12 - i * 7_919);
    // Correctness is the point; the loose bound only catches a loop over millions of levels.
    expect(performance.now() - started).toBeLessThan(2_000);
    const { level, into, needed } = levelFor(1e12);
    expect(BigInt(pointsForLevel(level)) + BigInt(into)).toBe(10n ** 12n);
    expect(into).toBeLessThan(needed);
    expect(levelFor(pointsForLevel(level + 1)).level).toBe(level + 1);
    expect(levelFor(pointsForLevel(level + 1) - 1).level).toBe(level);
  });

  it('property: pointsForLevel and levelFor agree at every threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_LEVEL }), (level) => {
        expect(levelFor(pointsForLevel(level)).level).toBe(level);
        if (level > 0) expect(levelFor(pointsForLevel(level) - 1).level).toBe(level - 1);
      }),
    );
  });

  it('property: more points never mean a lower level, and progress stays inside the level', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 1e12 }),
        (total, extra) => {
          const here = levelFor(total);
          expect(here.into).toBeGreaterThanOrEqual(0);
          expect(here.into).toBeLessThan(here.needed);
          expect(here.needed).toBe(pointsToNext(here.level));
          expect(levelFor(total + extra).level).toBeGreaterThanOrEqual(here.level);
        },
      ),
    );
  });
});

describe('the progress bar on /rank', () => {
  it('fills in tenths, rounding down so a bar is only full when the level is done', () => {
    expect(progressBar(0, 155)).toBe('▱▱▱▱▱▱▱▱▱▱');
    expect(progressBar(50, 155)).toBe('▰▰▰▱▱▱▱▱▱▱');
    expect(progressBar(154, 155)).toBe('▰▰▰▰▰▰▰▰▰▱');
    expect(progressBar(155, 155)).toBe('▰▰▰▰▰▰▰▰▰▰');
    expect(progressBar(1, 2, 4)).toBe('▰▰▱▱');
  });

  it('never throws and always has the width asked for (clamped to 0–100)', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.integer({ min: -5, max: 200 }), (into, needed, width) => {
        expect(Array.from(progressBar(into, needed, width))).toHaveLength(Math.min(Math.max(width, 0), 100));
      }),
    );
  });
});
