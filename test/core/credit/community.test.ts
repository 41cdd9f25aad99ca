import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createCommunityCredit } from '../../../src/core/credit/community.js';
import type { CommunityHistory } from '../../../src/core/credit/repo.js';
import type { CreditReport, CreditSubject } from '../../../src/core/credit/report.js';
import { memoryCreditRepo, NEWCOMER } from '../../fakes/credit-repo.js';

const DAY = 86_400_000;
const subject: CreditSubject = { memberId: 1, ref: { platform: 'telegram', id: '42' }, username: 'ann' };

const newcomer = NEWCOMER;

async function score(history: Partial<CommunityHistory>, clock = new ManualClock()): Promise<CreditReport> {
  const credit = createCommunityCredit({ repo: memoryCreditRepo({ ...newcomer, ...history }), clock });
  return credit.report(subject);
}

function points(report: CreditReport, key: string): number | undefined {
  return report.factors.find((f) => f.key === key)?.points;
}

const FACTOR_KEYS = [
  'base',
  'tenure',
  'activity',
  'payments',
  'vouches',
  'warnings',
  'kicks',
  'bans',
  'failedScreenings',
  'vouchedThenBanned',
];

describe('community credit', () => {
  it('a newcomer with no history starts at 550', async () => {
    const clock = new ManualClock();
    const report = await score({}, clock);
    expect(report.score).toBe(550);
    expect(report.source).toBe('community');
    expect(report.verified).toBeNull();
    expect(report.fetchedAt).toEqual(clock.now());
  });

  it('a year-long member at level 10 with 4 payments and 3 vouches scores 910', async () => {
    const clock = new ManualClock();
    const report = await score(
      {
        firstJoinedAt: new Date(clock.now().getTime() - 365 * DAY),
        maxLevel: 10,
        paymentsCompleted: 4,
        vouchesReceived: 3,
      },
      clock,
    );
    expect(report.score).toBe(550 + 100 + 120 + 80 + 60);
    expect(report.factors.find((f) => f.key === 'tenure')).toEqual({
      key: 'tenure',
      points: 100,
      value: 365,
    });
  });

  it('half a year of membership earns half the tenure points, rounded down', async () => {
    const clock = new ManualClock();
    const report = await score({ firstJoinedAt: new Date(clock.now().getTime() - 100 * DAY) }, clock);
    expect(points(report, 'tenure')).toBe(27);
  });

  it('more of a good thing stops counting at the cap', async () => {
    const report = await score({
      firstJoinedAt: new Date(0),
      maxLevel: 50,
      paymentsCompleted: 30,
      vouchesReceived: 9,
    });
    expect(points(report, 'tenure')).toBe(100);
    expect(points(report, 'activity')).toBe(120);
    expect(points(report, 'payments')).toBe(80);
    expect(points(report, 'vouches')).toBe(60);
  });

  it('warnings, kicks, bans, failed screenings and bad vouches each cost points', async () => {
    expect((await score({ warnings: 2 })).score).toBe(550 - 80);
    expect((await score({ kicks: 1 })).score).toBe(550 - 80);
    expect((await score({ bans: 1 })).score).toBe(550 - 200);
    expect((await score({ failedScreenings30d: 3 })).score).toBe(550 - 90);
    expect((await score({ vouchedThenBanned: 1 })).score).toBe(550 - 50);
  });

  it('a member banned twice bottoms out at 350, not below', async () => {
    const report = await score({ bans: 2, warnings: 3 });
    expect(report.score).toBe(350);
    expect(points(report, 'bans')).toBe(-400);
  });

  it('a member sees every dimension, even the ones worth nothing yet', async () => {
    const report = await score({});
    expect(report.factors.map((f) => f.key)).toEqual(FACTOR_KEYS);
    for (const f of report.factors.slice(1)) {
      expect(Object.is(f.points, 0)).toBe(true);
      expect(f.value).toBe(0);
    }
  });

  it('whatever the history, the score stays within 350–950 and every factor is shown', async () => {
    const count = fc.nat({ max: 1000 });
    const history = fc.record({
      joinedDaysAgo: fc.option(fc.integer({ min: -10, max: 5000 })),
      maxLevel: count,
      paymentsCompleted: count,
      vouchesReceived: count,
      warnings: count,
      kicks: count,
      bans: count,
      failedScreenings30d: count,
      vouchedThenBanned: count,
    });
    await fc.assert(
      fc.asyncProperty(history, async ({ joinedDaysAgo, ...rest }) => {
        const clock = new ManualClock();
        const firstJoinedAt =
          joinedDaysAgo === null ? null : new Date(clock.now().getTime() - joinedDaysAgo * DAY);
        const report = await score({ ...rest, firstJoinedAt }, clock);
        expect(report.score).toBeGreaterThanOrEqual(350);
        expect(report.score).toBeLessThanOrEqual(950);
        expect(Number.isInteger(report.score)).toBe(true);
        expect(report.factors.map((f) => f.key)).toEqual(FACTOR_KEYS);
      }),
    );
  });
});
