import { and, count, countDistinct, eq, gt, gte, inArray, max, min, type SQLWrapper, sql } from 'drizzle-orm';
import type { CreditRepo } from '../../core/credit/repo.js';
import { decodeCredit, encodeCredit } from '../sqlite/codec.js';
import type { Pg } from './db.js';
import {
  applications,
  auditLog,
  creditCache,
  memberships,
  payments,
  pointStandings,
  vouches,
} from './schema.js';

const DAY_MS = 86_400_000;
const WINDOW_MS = 30 * DAY_MS;

/**
 * Credit storage in PostgreSQL: the cross-circle history community credit is computed from, and provider
 * reports cached until their expiry.
 */
export function pgCredit(pg: Pg): CreditRepo {
  return {
    async history(memberId, now) {
      // One statement of scalar subqueries (one round trip, one snapshot) rather than one query each.
      return pg.run(async (db) => {
        const tenure = db
          .select({ first: min(memberships.joinedAt) })
          .from(memberships)
          .where(eq(memberships.memberId, memberId));
        const received = db.select({ n: count() }).from(vouches).where(eq(vouches.applicantId, memberId));
        const sanction = (action: string) =>
          db
            .select({ n: count() })
            .from(auditLog)
            .where(and(eq(auditLog.targetId, memberId), eq(auditLog.action, action)));
        const failed = db
          .select({ n: count() })
          .from(applications)
          .where(
            and(
              eq(applications.memberId, memberId),
              inArray(applications.state, ['declined', 'expired']),
              gte(applications.decidedAt, new Date(now.getTime() - WINDOW_MS)),
            ),
          );
        // People this member vouched for who were banned (anywhere) within 30 days after the vouch.
        // Milliseconds, not '30 days': a day's length would follow the session's time zone.
        const betrayed = db
          .select({ n: countDistinct(vouches.applicantId) })
          .from(vouches)
          .where(
            and(
              eq(vouches.voucherId, memberId),
              sql`exists (select 1 from ${auditLog} where ${auditLog.targetId} = ${vouches.applicantId}
                and ${auditLog.action} = 'member.banned'
                and ${auditLog.at} between ${vouches.at}
                  and ${vouches.at} + ${WINDOW_MS} * interval '1 millisecond')`,
            ),
          );
        // The level each circle holds now (takes and decay lower it), not the best ever reached.
        const best = db
          .select({ level: max(pointStandings.level) })
          .from(pointStandings)
          .where(eq(pointStandings.memberId, memberId));
        const paid = db
          .select({ n: count() })
          .from(payments)
          .where(and(eq(payments.memberId, memberId), eq(payments.status, 'completed')));
        const n = (query: SQLWrapper) => sql<number>`coalesce((${query}), 0)`.mapWith(Number);
        const [row] = await db
          .select({
            firstJoinedAt: sql<Date | null>`(${tenure})`.mapWith(memberships.joinedAt),
            maxLevel: n(best),
            paymentsCompleted: n(paid),
            vouchesReceived: n(received),
            warnings: n(sanction('member.warned')),
            kicks: n(sanction('member.kicked')),
            bans: n(sanction('member.banned')),
            failedScreenings30d: n(failed),
            vouchedThenBanned: n(betrayed),
          })
          .from(sql`(select 1) as one`);
        return {
          firstJoinedAt: row?.firstJoinedAt ?? null,
          maxLevel: row?.maxLevel ?? 0,
          paymentsCompleted: row?.paymentsCompleted ?? 0,
          vouchesReceived: row?.vouchesReceived ?? 0,
          warnings: row?.warnings ?? 0,
          kicks: row?.kicks ?? 0,
          bans: row?.bans ?? 0,
          failedScreenings30d: row?.failedScreenings30d ?? 0,
          vouchedThenBanned: row?.vouchedThenBanned ?? 0,
        };
      });
    },

    async cached(provider, memberId, now) {
      const [row] = await pg.run((db) =>
        db
          .select()
          .from(creditCache)
          .where(
            and(
              eq(creditCache.provider, provider),
              eq(creditCache.memberId, memberId),
              gt(creditCache.expiresAt, now),
            ),
          )
          .limit(1),
      );
      return row ? { ...decodeCredit(row.report), expiresAt: row.expiresAt } : null;
    },

    async cache(provider, memberId, report, expiresAt) {
      const stored = encodeCredit(report);
      await pg.write((db) =>
        db
          .insert(creditCache)
          .values({ provider, memberId, report: stored, expiresAt })
          .onConflictDoUpdate({
            target: [creditCache.provider, creditCache.memberId],
            set: { report: stored, expiresAt },
          }),
      );
    },
  };
}
