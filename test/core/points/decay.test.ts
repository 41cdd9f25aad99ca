import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decayAmount } from '../../../src/core/points/decay.js';
import { at } from './fixtures.js';

const decay = { percentPerWeek: 2, afterDays: 30 };
const now = at('2026-06-01T03:00:00');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe('inactivity decay (/points decay 2%/week after 30d)', () => {
  it('is off by default: nothing is ever taken', () => {
    expect(decayAmount({ total: 10_000, lastActiveAt: daysAgo(400), at: now, decay: null })).toBe(0);
  });

  it('leaves members alone until they have been away longer than the grace period', () => {
    expect(decayAmount({ total: 10_000, lastActiveAt: daysAgo(29), at: now, decay })).toBe(0);
    expect(decayAmount({ total: 10_000, lastActiveAt: daysAgo(30), at: now, decay })).toBe(0);
    expect(decayAmount({ total: 10_000, lastActiveAt: daysAgo(31), at: now, decay })).toBe(200);
  });

  it('takes the weekly share rounded down, never more than the member has', () => {
    expect(decayAmount({ total: 1_234, lastActiveAt: daysAgo(60), at: now, decay })).toBe(24);
    expect(decayAmount({ total: 49, lastActiveAt: daysAgo(60), at: now, decay })).toBe(0);
    const all = { percentPerWeek: 100, afterDays: 1 };
    expect(decayAmount({ total: 77, lastActiveAt: daysAgo(2), at: now, decay: all })).toBe(77);
    expect(decayAmount({ total: 0, lastActiveAt: daysAgo(60), at: now, decay })).toBe(0);
    expect(decayAmount({ total: -50, lastActiveAt: daysAgo(60), at: now, decay })).toBe(0);
  });

  it('takes nothing from a member whose last activity is unknown', () => {
    expect(decayAmount({ total: 500, lastActiveAt: null, at: now, decay })).toBe(0);
  });

  it('is exact for fractional percents and huge totals', () => {
    const odd = { percentPerWeek: 0.57, afterDays: 1 };
    expect(decayAmount({ total: 100, lastActiveAt: daysAgo(2), at: now, decay: odd })).toBe(0);
    expect(decayAmount({ total: 10_000, lastActiveAt: daysAgo(2), at: now, decay: odd })).toBe(57);
    expect(decayAmount({ total: 1e12, lastActiveAt: daysAgo(2), at: now, decay: odd })).toBe(5_700_000_000);
    const total = Number.MAX_SAFE_INTEGER;
    const exact = (BigInt(total) * 57n) / 10_000n;
    expect(BigInt(decayAmount({ total, lastActiveAt: daysAgo(2), at: now, decay: odd }))).toBe(exact);
  });

  it('property: an integer between 0 and the total, equal to ⌊total·percent/100⌋ to two decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 400 }),
        (total, basisPoints, idleDays) => {
          const settings = { percentPerWeek: basisPoints / 100, afterDays: 30 };
          const amount = decayAmount({ total, lastActiveAt: daysAgo(idleDays), at: now, decay: settings });
          expect(Number.isSafeInteger(amount)).toBe(true);
          expect(amount).toBeGreaterThanOrEqual(0);
          expect(amount).toBeLessThanOrEqual(Math.max(total, 0));
          const expected = idleDays > 30 && total > 0 ? (BigInt(total) * BigInt(basisPoints)) / 10_000n : 0n;
          expect(BigInt(amount)).toBe(expected);
        },
      ),
    );
  });
});
