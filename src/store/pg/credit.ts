import { and, count, countDistinct, eq, gt, gte, inArray, max, min, sql } from 'drizzle-orm';
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

/** How many audit rows have this action (a bigint count, read as a number). */
const actions = (action: string) =>
  sql<number>`count(*) filter (where ${auditLog.action} = ${action})`.mapWith(Number);

/**
 * Credit storage in PostgreSQL: the cross-circle history community credit is computed from, and provider
 * reports cached until their expiry.
 */
export function pgCredit(pg: Pg): CreditRepo {
  return {
    async history(memberId, now) {
      return pg.run(async (db) => {
        const [tenure] = await db
          .select({ first: min(memberships.joinedAt) })
          .from(memberships)
          .where(eq(memberships.memberId, memberId));
        const [received] = await db
          .select({ n: count() })
          .from(vouches)
          .where(eq(vouches.applicantId, memberId));
        const [sanctions] = await db
          .select({
            warnings: actions('member.warned'),
            kicks: actions('member.kicked'),
            bans: actions('member.banned'),
          })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.targetId, memberId),
              inArray(auditLog.action, ['member.warned', 'member.kicked', 'member.banned']),
            ),
          );
        const [failed] = await db
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
        const [betrayed] = await db
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
        const [best] = await db
          .select({ level: max(pointStandings.level) })
          .from(pointStandings)
          .where(eq(pointStandings.memberId, memberId));
        const [paid] = await db
          .select({ n: count() })
          .from(payments)
          .where(and(eq(payments.memberId, memberId), eq(payments.status, 'completed')));
        return {
          firstJoinedAt: tenure?.first ?? null,
          maxLevel: best?.level ?? 0,
          paymentsCompleted: paid?.n ?? 0,
          vouchesReceived: received?.n ?? 0,
          warnings: sanctions?.warnings ?? 0,
          kicks: sanctions?.kicks ?? 0,
          bans: sanctions?.bans ?? 0,
          failedScreenings30d: failed?.n ?? 0,
          vouchedThenBanned: betrayed?.n ?? 0,
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
