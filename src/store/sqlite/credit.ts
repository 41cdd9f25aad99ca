import { and, count, countDistinct, eq, gt, gte, inArray, max, min, sql } from 'drizzle-orm';
import type { CreditRepo } from '../../core/credit/repo.js';
import {
  applications,
  auditLog,
  creditCache,
  memberships,
  payments,
  pointStandings,
  vouches,
} from '../schema.js';
import { type Db, decodeCredit, encodeCredit } from './codec.js';

const DAY_MS = 86_400_000;
const WINDOW_MS = 30 * DAY_MS;

/**
 * Credit storage in SQLite: the cross-circle history community credit is computed from, and provider
 * reports cached until their expiry.
 */
export function sqliteCredit(db: Db): CreditRepo {
  return {
    async history(memberId, now) {
      const tenure = db
        .select({ first: min(memberships.joinedAt) })
        .from(memberships)
        .where(eq(memberships.memberId, memberId))
        .get();
      const received = db.select({ n: count() }).from(vouches).where(eq(vouches.applicantId, memberId)).get();
      const sanctions = db
        .select({
          warnings: sql<number>`coalesce(sum(${auditLog.action} = 'member.warned'), 0)`,
          kicks: sql<number>`coalesce(sum(${auditLog.action} = 'member.kicked'), 0)`,
          bans: sql<number>`coalesce(sum(${auditLog.action} = 'member.banned'), 0)`,
        })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.targetId, memberId),
            inArray(auditLog.action, ['member.warned', 'member.kicked', 'member.banned']),
          ),
        )
        .get();
      const failed = db
        .select({ n: count() })
        .from(applications)
        .where(
          and(
            eq(applications.memberId, memberId),
            inArray(applications.state, ['declined', 'expired']),
            gte(applications.decidedAt, new Date(now.getTime() - WINDOW_MS)),
          ),
        )
        .get();
      // People this member vouched for who were banned (anywhere) within 30 days after the vouch.
      const betrayed = db
        .select({ n: countDistinct(vouches.applicantId) })
        .from(vouches)
        .where(
          and(
            eq(vouches.voucherId, memberId),
            sql`exists (select 1 from ${auditLog} where ${auditLog.targetId} = ${vouches.applicantId}
              and ${auditLog.action} = 'member.banned'
              and ${auditLog.at} between ${vouches.at} and ${vouches.at} + ${WINDOW_MS})`,
          ),
        )
        .get();
      // The level each circle holds now (takes and decay lower it), not the best ever reached.
      const best = db
        .select({ level: max(pointStandings.level) })
        .from(pointStandings)
        .where(eq(pointStandings.memberId, memberId))
        .get();
      const paid = db
        .select({ n: count() })
        .from(payments)
        .where(and(eq(payments.memberId, memberId), eq(payments.status, 'completed')))
        .get();
      return {
        firstJoinedAt: tenure?.first ?? null,
        maxLevel: best?.level ?? 0,
        paymentsCompleted: paid?.n ?? 0,
        vouchesReceived: received?.n ?? 0,
        warnings: Number(sanctions?.warnings ?? 0),
        kicks: Number(sanctions?.kicks ?? 0),
        bans: Number(sanctions?.bans ?? 0),
        failedScreenings30d: failed?.n ?? 0,
        vouchedThenBanned: betrayed?.n ?? 0,
      };
    },

    async cached(provider, memberId, now) {
      const row = db
        .select()
        .from(creditCache)
        .where(
          and(
            eq(creditCache.provider, provider),
            eq(creditCache.memberId, memberId),
            gt(creditCache.expiresAt, now),
          ),
        )
        .get();
      return row ? { ...decodeCredit(row.report), expiresAt: row.expiresAt } : null;
    },

    async cache(provider, memberId, report, expiresAt) {
      const stored = encodeCredit(report);
      db.insert(creditCache)
        .values({ provider, memberId, report: stored, expiresAt })
        .onConflictDoUpdate({
          target: [creditCache.provider, creditCache.memberId],
          set: { report: stored, expiresAt },
        })
        .run();
    },
  };
}
