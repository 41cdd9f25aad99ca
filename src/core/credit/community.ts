import type { Clock } from '../clock.js';
import type { CreditRepo } from './repo.js';
import { type CreditFactor, type CreditProvider, clampScore } from './report.js';

const BASE = 550;
const DAY_MS = 86_400_000;
const FULL_TENURE_DAYS = 365;

/** The name community credit reports under; the credit service never caches it. */
export const COMMUNITY_PROVIDER = 'community';

/** Points for a positive dimension: `each` per unit, never more than `max`. */
function capped(count: number, each: number, max: number): number {
  return Math.min(max, each * count);
}

/**
 * The built-in provider: a score from the member's history across every circle (DESIGN.md "Community credit").
 * Guarantees every factor is listed, even at 0 points, and a score within 350–950. Throws whatever the repo throws.
 */
export function createCommunityCredit(deps: { repo: CreditRepo; clock: Clock }): CreditProvider {
  return {
    name: COMMUNITY_PROVIDER,
    async report(subject) {
      const now = deps.clock.now();
      const h = await deps.repo.history(subject.memberId, now);
      const days = h.firstJoinedAt
        ? Math.max(0, Math.floor((now.getTime() - h.firstJoinedAt.getTime()) / DAY_MS))
        : 0;
      const factors: CreditFactor[] = [
        { key: 'base', points: BASE, value: BASE },
        {
          key: 'tenure',
          points: Math.floor((Math.min(days, FULL_TENURE_DAYS) * 100) / FULL_TENURE_DAYS),
          value: days,
        },
        { key: 'activity', points: capped(h.maxLevel, 12, 120), value: h.maxLevel },
        { key: 'payments', points: capped(h.paymentsCompleted, 20, 80), value: h.paymentsCompleted },
        { key: 'vouches', points: capped(h.vouchesReceived, 20, 60), value: h.vouchesReceived },
        // `0 - x` rather than `-x`: a member with no warnings sees 0, not -0.
        { key: 'warnings', points: 0 - 40 * h.warnings, value: h.warnings },
        { key: 'kicks', points: 0 - 80 * h.kicks, value: h.kicks },
        { key: 'bans', points: 0 - 200 * h.bans, value: h.bans },
        { key: 'failedScreenings', points: 0 - 30 * h.failedScreenings30d, value: h.failedScreenings30d },
        { key: 'vouchedThenBanned', points: 0 - 50 * h.vouchedThenBanned, value: h.vouchedThenBanned },
      ];
      const total = factors.reduce((sum, f) => sum + f.points, 0);
      return {
        score: clampScore(total),
        verified: null,
        factors,
        source: COMMUNITY_PROVIDER,
        fetchedAt: now,
      };
    },
  };
}
