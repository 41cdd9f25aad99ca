import { and, asc, count, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { reasonOf } from '../../core/automation/reason.js';
import type { AutomationRepo, DigestDecision } from '../../core/automation/repo.js';
import { changed, type Pg } from './db.js';
import { givenBack } from './payments.js';
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
} from './schema.js';

const APPROVED = 'gate.approved';
const DECLINED = 'gate.declined';

const timestamp = (at: Date) => sql`${at.toISOString()}::timestamptz`;
const sumOf = (expression: ReturnType<typeof sql>) => sql<number>`sum(${expression})`.mapWith(Number);

/** The automation's rows in PostgreSQL. Claims are single statements, so two processes claim once. */
export function pgAutomation(pg: Pg): AutomationRepo {
  /** A member's last activity: their last counted message or check-in, or when they became a member. */
  const lastActive = sql<Date>`greatest(${pointStandings.lastActiveAt}, ${memberships.since})`.mapWith(
    memberships.since,
  );

  return {
    async claimWelcome(circleId, memberId, at) {
      const result = await pg.write((db) =>
        db.insert(automationWelcomes).values({ circleId, memberId, at }).onConflictDoNothing(),
      );
      return changed(result) > 0;
    },

    async clearWelcome(circleId, memberId) {
      await pg.write((db) =>
        db
          .delete(automationWelcomes)
          .where(and(eq(automationWelcomes.circleId, circleId), eq(automationWelcomes.memberId, memberId))),
      );
    },

    async setQuiet(memberId, quiet, at) {
      await pg.write((db) =>
        quiet
          ? db.insert(automationQuiet).values({ memberId, at }).onConflictDoNothing()
          : db.delete(automationQuiet).where(eq(automationQuiet.memberId, memberId)),
      );
    },

    async isQuiet(memberId) {
      const rows = await pg.run((db) =>
        db
          .select({ memberId: automationQuiet.memberId })
          .from(automationQuiet)
          .where(eq(automationQuiet.memberId, memberId))
          .limit(1),
      );
      return rows.length > 0;
    },

    async quietMembers(circleId, before, limit) {
      return pg.run((db) =>
        db
          .select({
            memberId: memberships.memberId,
            lastActiveAt: lastActive,
            points: sql<number>`coalesce(${pointStandings.points}, 0)`.mapWith(Number),
            level: sql<number>`coalesce(${pointStandings.level}, 0)`.mapWith(Number),
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
              sql`${lastActive} < ${timestamp(before)}`,
              sql`${automationQuiet.memberId} is null`,
              sql`(${automationNudges.at} is null or ${automationNudges.at} < ${lastActive})`,
            ),
          )
          .orderBy(asc(lastActive), asc(memberships.memberId))
          .limit(limit),
      );
    },

    async claimNudge(circleId, memberId, lastActiveAt, at) {
      const result = await pg.write((db) =>
        db
          .insert(automationNudges)
          .values({ circleId, memberId, at, reached: true })
          .onConflictDoUpdate({
            target: [automationNudges.circleId, automationNudges.memberId],
            set: { at, reached: true },
            setWhere: lt(automationNudges.at, lastActiveAt),
          }),
      );
      return changed(result) > 0;
    },

    async nudgeUnreachable(circleId, memberId) {
      await pg.write((db) =>
        db
          .update(automationNudges)
          .set({ reached: false })
          .where(and(eq(automationNudges.circleId, circleId), eq(automationNudges.memberId, memberId))),
      );
    },

    async lastNudge(circleId, memberId) {
      const [row] = await pg.run((db) =>
        db
          .select()
          .from(automationNudges)
          .where(and(eq(automationNudges.circleId, circleId), eq(automationNudges.memberId, memberId)))
          .limit(1),
      );
      return row ? { at: row.at, reached: row.reached } : null;
    },

    async subscribeDigest(circleId, memberId, at) {
      const result = await pg.write((db) =>
        db.insert(automationDigestSubscribers).values({ circleId, memberId, at }).onConflictDoNothing(),
      );
      return changed(result) > 0;
    },

    async unsubscribeDigest(circleId, memberId) {
      const result = await pg.write((db) =>
        db
          .delete(automationDigestSubscribers)
          .where(
            and(
              eq(automationDigestSubscribers.circleId, circleId),
              eq(automationDigestSubscribers.memberId, memberId),
            ),
          ),
      );
      return changed(result) > 0;
    },

    async digestSubscribers(circleId) {
      const rows = await pg.run((db) =>
        db
          .select({ memberId: automationDigestSubscribers.memberId })
          .from(automationDigestSubscribers)
          .where(eq(automationDigestSubscribers.circleId, circleId))
          .orderBy(asc(automationDigestSubscribers.at), asc(automationDigestSubscribers.memberId)),
      );
      return rows.map((row) => row.memberId);
    },

    async claimDigest(circleId, memberId, periodEnd, at) {
      const result = await pg.write((db) =>
        db.insert(automationDigestSends).values({ circleId, memberId, periodEnd, at }).onConflictDoNothing(),
      );
      return changed(result) > 0;
    },

    async digestFacts(circleId, from, to, declineLimit) {
      const inWeek = (column: Parameters<typeof gte>[0]) => and(gte(column, from), lt(column, to));
      const gained = sumOf(
        sql`case when ${pointLedger.at} < ${timestamp(to)} then ${pointLedger.points} else 0 end`,
      );
      const later = sumOf(
        sql`case when ${pointLedger.at} >= ${timestamp(to)} then ${pointLedger.points} else 0 end`,
      );
      const completed = sql`${payments.status} = 'completed'`;
      return pg.run(async (db) => {
        const [joined] = await db
          .select({ n: count() })
          .from(memberships)
          .where(and(eq(memberships.circleId, circleId), inWeek(memberships.joinedAt)));
        const decided = await db
          .select({ action: auditLog.action, n: count() })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.circleId, circleId),
              inArray(auditLog.action, [APPROVED, DECLINED]),
              inWeek(auditLog.at),
            ),
          )
          .groupBy(auditLog.action);
        const declineRows = await db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.circleId, circleId), eq(auditLog.action, DECLINED), inWeek(auditLog.at)))
          .orderBy(asc(auditLog.at), asc(auditLog.id))
          .limit(declineLimit);
        const earners = await db
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
          .orderBy(desc(gained), asc(pointLedger.memberId));
        const [checkins] = await db
          .select({ n: count() })
          .from(pointLedger)
          .where(
            and(eq(pointLedger.circleId, circleId), eq(pointLedger.kind, 'checkin'), inWeek(pointLedger.at)),
          );
        const [clicks] = await db
          .select({ n: count() })
          .from(offerClicks)
          .innerJoin(offers, eq(offers.id, offerClicks.offerId))
          .where(and(eq(offers.circleId, circleId), inWeek(offerClicks.at)));
        const paid = await db
          .select({
            currency: payments.currency,
            completed: sumOf(sql`case when ${completed} then 1 else 0 end`),
            amountMinor: sumOf(
              sql`case when ${completed} then ${payments.amountMinor} - ${givenBack} else 0 end`,
            ),
            refunded: sumOf(sql`case when ${givenBack} > 0 then 1 else 0 end`),
            refundedMinor: sumOf(givenBack),
          })
          .from(payments)
          .where(and(eq(payments.circleId, circleId), inWeek(payments.createdAt)))
          .groupBy(payments.currency)
          .orderBy(asc(payments.currency));
        const counted = (action: string) => decided.find((row) => row.action === action)?.n ?? 0;
        return {
          joined: joined?.n ?? 0,
          approved: counted(APPROVED),
          declined: counted(DECLINED),
          declines: declineRows.map(
            (row): DigestDecision => ({
              approved: false,
              memberId: row.targetId,
              actorId: row.actorId,
              reason: reasonOf(row.detail),
              at: row.at,
            }),
          ),
          earners: earners.map((row) => ({
            memberId: row.memberId,
            gained: row.gained,
            totalAtEnd: row.total - row.later,
          })),
          checkins: checkins?.n ?? 0,
          clicks: clicks?.n ?? 0,
          payments: paid,
        };
      });
    },
  };
}
