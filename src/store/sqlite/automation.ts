import { and, asc, count, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { reasonOf } from '../../core/automation/reason.js';
import type { AutomationRepo, DigestDecision } from '../../core/automation/repo.js';
import {
  auditLog,
  automationDigestSends,
  automationDigestSubscribers,
  automationNudges,
  automationQuiet,
  automationWelcomes,
  memberships,
  offerClicks,
  offers,
  payments,
  pointLedger,
  pointStandings,
} from '../schema.js';
import type { Db } from './codec.js';
import { givenBack } from './payments.js';

const APPROVED = 'gate.approved';
const DECLINED = 'gate.declined';

/** The automation's rows in SQLite (times are integer ms). */
export function sqliteAutomation(db: Db): AutomationRepo {
  /** A member's last activity: their last counted message or check-in, or when they became a member. */
  const lastActive = sql<number>`max(coalesce(${pointStandings.lastActiveAt}, 0), ${memberships.since})`;

  return {
    async claimWelcome(circleId, memberId, at) {
      const row = db
        .insert(automationWelcomes)
        .values({ circleId, memberId, at })
        .onConflictDoNothing()
        .returning()
        .get();
      return row !== undefined;
    },

    async clearWelcome(circleId, memberId) {
      db.delete(automationWelcomes)
        .where(and(eq(automationWelcomes.circleId, circleId), eq(automationWelcomes.memberId, memberId)))
        .run();
    },

    async setQuiet(memberId, quiet, at) {
      if (quiet) db.insert(automationQuiet).values({ memberId, at }).onConflictDoNothing().run();
      else db.delete(automationQuiet).where(eq(automationQuiet.memberId, memberId)).run();
    },

    async isQuiet(memberId) {
      return (
        db.select().from(automationQuiet).where(eq(automationQuiet.memberId, memberId)).get() !== undefined
      );
    },

    async quietMembers(circleId, before, limit) {
      return db
        .select({
          memberId: memberships.memberId,
          lastActiveAt: lastActive,
          points: sql<number>`coalesce(${pointStandings.points}, 0)`,
          level: sql<number>`coalesce(${pointStandings.level}, 0)`,
        })
        .from(memberships)
        .leftJoin(
          pointStandings,
          and(
            eq(pointStandings.circleId, memberships.circleId),
            eq(pointStandings.memberId, memberships.memberId),
          ),
        )
        .leftJoin(
          automationNudges,
          and(
            eq(automationNudges.circleId, memberships.circleId),
            eq(automationNudges.memberId, memberships.memberId),
          ),
        )
        .leftJoin(automationQuiet, eq(automationQuiet.memberId, memberships.memberId))
        .where(
          and(
            eq(memberships.circleId, circleId),
            eq(memberships.status, 'member'),
            sql`${lastActive} < ${before.getTime()}`,
            sql`${automationQuiet.memberId} is null`,
            sql`(${automationNudges.at} is null or ${automationNudges.at} < ${lastActive})`,
          ),
        )
        .orderBy(asc(lastActive), asc(memberships.memberId))
        .limit(limit)
        .all()
        .map((row) => ({ ...row, lastActiveAt: new Date(row.lastActiveAt) }));
    },

    async claimNudge(circleId, memberId, lastActiveAt, at) {
      const row = db
        .insert(automationNudges)
        .values({ circleId, memberId, at, reached: true })
        .onConflictDoUpdate({
          target: [automationNudges.circleId, automationNudges.memberId],
          set: { at, reached: true },
          setWhere: lt(automationNudges.at, lastActiveAt),
        })
        .returning()
        .get();
      return row !== undefined;
    },

    async nudgeUnreachable(circleId, memberId) {
      db.update(automationNudges)
        .set({ reached: false })
        .where(and(eq(automationNudges.circleId, circleId), eq(automationNudges.memberId, memberId)))
        .run();
    },

    async lastNudge(circleId, memberId) {
      const row = db
        .select()
        .from(automationNudges)
        .where(and(eq(automationNudges.circleId, circleId), eq(automationNudges.memberId, memberId)))
        .get();
      return row ? { at: row.at, reached: row.reached } : null;
    },

    async subscribeDigest(circleId, memberId, at) {
      const row = db
        .insert(automationDigestSubscribers)
        .values({ circleId, memberId, at })
        .onConflictDoNothing()
        .returning()
        .get();
      return row !== undefined;
    },

    async unsubscribeDigest(circleId, memberId) {
      const { changes } = db
        .delete(automationDigestSubscribers)
        .where(
          and(
            eq(automationDigestSubscribers.circleId, circleId),
            eq(automationDigestSubscribers.memberId, memberId),
          ),
        )
        .run();
      return changes > 0;
    },

    async digestSubscribers(circleId) {
      return db
        .select({ memberId: automationDigestSubscribers.memberId })
        .from(automationDigestSubscribers)
        .where(eq(automationDigestSubscribers.circleId, circleId))
        .orderBy(asc(automationDigestSubscribers.at), asc(automationDigestSubscribers.memberId))
        .all()
        .map((row) => row.memberId);
    },

    async claimDigest(circleId, memberId, periodEnd, at) {
      const row = db
        .insert(automationDigestSends)
        .values({ circleId, memberId, periodEnd, at })
        .onConflictDoNothing()
        .returning()
        .get();
      return row !== undefined;
    },

    async digestFacts(circleId, from, to, declineLimit) {
      const inWeek = (column: Parameters<typeof gte>[0]) => and(gte(column, from), lt(column, to));
      const joined = db
        .select({ n: count() })
        .from(memberships)
        .where(and(eq(memberships.circleId, circleId), inWeek(memberships.joinedAt)))
        .get();
      const decided = db
        .select({ action: auditLog.action, n: count() })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.circleId, circleId),
            inArray(auditLog.action, [APPROVED, DECLINED]),
            inWeek(auditLog.at),
          ),
        )
        .groupBy(auditLog.action)
        .all();
      const declines = db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.circleId, circleId), eq(auditLog.action, DECLINED), inWeek(auditLog.at)))
        .orderBy(asc(auditLog.at), asc(auditLog.id))
        .limit(declineLimit)
        .all()
        .map(
          (row): DigestDecision => ({
            approved: false,
            memberId: row.targetId,
            actorId: row.actorId,
            reason: reasonOf(row.detail),
            at: row.at,
          }),
        );
      const toMs = to.getTime();
      const gained = sql<number>`sum(case when ${pointLedger.at} < ${toMs} then ${pointLedger.points} else 0 end)`;
      const later = sql<number>`sum(case when ${pointLedger.at} >= ${toMs} then ${pointLedger.points} else 0 end)`;
      const earners = db
        .select({ memberId: pointLedger.memberId, gained, later, total: pointStandings.points })
        .from(pointLedger)
        .innerJoin(
          pointStandings,
          and(
            eq(pointStandings.circleId, pointLedger.circleId),
            eq(pointStandings.memberId, pointLedger.memberId),
          ),
        )
        .where(and(eq(pointLedger.circleId, circleId), gte(pointLedger.at, from)))
        .groupBy(pointLedger.memberId, pointStandings.points)
        .having(sql`${gained} <> 0`)
        .orderBy(desc(gained), asc(pointLedger.memberId))
        .all()
        .map((row) => ({
          memberId: row.memberId,
          gained: Number(row.gained),
          totalAtEnd: row.total - Number(row.later),
        }));
      const checkins = db
        .select({ n: count() })
        .from(pointLedger)
        .where(
          and(eq(pointLedger.circleId, circleId), eq(pointLedger.kind, 'checkin'), inWeek(pointLedger.at)),
        )
        .get();
      const clicks = db
        .select({ n: count() })
        .from(offerClicks)
        .innerJoin(offers, eq(offers.id, offerClicks.offerId))
        .where(and(eq(offers.circleId, circleId), inWeek(offerClicks.at)))
        .get();
      const paid = db
        .select({
          currency: payments.currency,
          completed: sql<number>`sum(case when ${payments.status} = 'completed' then 1 else 0 end)`,
          amountMinor: sql<number>`sum(case when ${payments.status} = 'completed' then ${payments.amountMinor} - ${givenBack} else 0 end)`,
          refunded: sql<number>`sum(case when ${givenBack} > 0 then 1 else 0 end)`,
          refundedMinor: sql<number>`sum(${givenBack})`,
        })
        .from(payments)
        .where(and(eq(payments.circleId, circleId), inWeek(payments.createdAt)))
        .groupBy(payments.currency)
        .orderBy(asc(payments.currency))
        .all()
        .map((row) => ({
          currency: row.currency,
          completed: Number(row.completed),
          amountMinor: Number(row.amountMinor),
          refunded: Number(row.refunded),
          refundedMinor: Number(row.refundedMinor),
        }));
      const counted = (action: string) => decided.find((row) => row.action === action)?.n ?? 0;
      return {
        joined: joined?.n ?? 0,
        approved: counted(APPROVED),
        declined: counted(DECLINED),
        declines,
        earners,
        checkins: checkins?.n ?? 0,
        clicks: clicks?.n ?? 0,
        payments: paid,
      };
    },
  };
}
