import type { CommunityHistory, CreditRepo } from '../../src/core/credit/repo.js';
import type { CreditReport } from '../../src/core/credit/report.js';

/** The history of someone the bot has never seen. */
export const NEWCOMER: CommunityHistory = {
  firstJoinedAt: null,
  maxLevel: 0,
  paymentsCompleted: 0,
  vouchesReceived: 0,
  warnings: 0,
  kicks: 0,
  bans: 0,
  failedScreenings30d: 0,
  vouchedThenBanned: 0,
};

/** A working in-memory credit repo: one fixed history for everyone, and a report cache that honours expiry. */
export function memoryCreditRepo(history: CommunityHistory = NEWCOMER): CreditRepo {
  const cache = new Map<string, { report: CreditReport; expiresAt: Date }>();
  return {
    history: async () => history,
    cached: async (provider, memberId, now) => {
      const row = cache.get(`${provider}:${memberId}`);
      return row && row.expiresAt > now ? row.report : null;
    },
    cache: async (provider, memberId, report, expiresAt) => {
      cache.set(`${provider}:${memberId}`, { report, expiresAt });
    },
  };
}
