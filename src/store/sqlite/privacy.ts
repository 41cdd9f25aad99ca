import { and, asc, count, eq, isNotNull, lt, or, sql, sum } from 'drizzle-orm';
import type { PrivacyRepo } from '../../core/privacy/repo.js';
import {
  applications,
  automationDigestSubscribers,
  automationNudges,
  automationQuiet,
  automationWelcomes,
  checkinCodes,
  checkinRedemptions,
  circles,
  creditCache,
  dashboardLoginTokens,
  dashboardSessions,
  members,
  memberships,
  offerClicks,
  offers,
  payments,
  pointLedger,
  pointStandings,
  vouches,
} from '../schema.js';
import { type Db, decodeCredit } from './codec.js';
import { toPayment } from './payments.js';

/**
 * A person's data across every table, for `/mydata` and `/forgetme`. It reads and deletes in other
 * repositories' tables on purpose: one place knows where personal data lives, so a new table that holds
 * some must be added here (the privacy contract tests fail otherwise). Points go through the points
 * repository (`forgetMember`) and names through the members repository (`forgetNames`): both cache.
 */
export function sqlitePrivacy(db: Db): PrivacyRepo {
  return {
    async collect(memberId) {
      const member = db.select().from(members).where(eq(members.id, memberId)).get();
      if (!member) throw new Error(`no member ${memberId}`);
      const ledger = db
        .select({
          circleId: pointLedger.circleId,
          kind: pointLedger.kind,
          entries: count(),
          points: sum(pointLedger.points).mapWith(Number),
        })
        .from(pointLedger)
        .where(eq(pointLedger.memberId, memberId))
        .groupBy(pointLedger.circleId, pointLedger.kind)
        .orderBy(asc(pointLedger.circleId), asc(pointLedger.kind))
        .all();
      return {
        member: {
          id: member.id,
          platform: member.platform,
          platformUserId: member.userId,
          username: member.username,
          displayName: member.displayName,
          firstSeenAt: member.firstSeenAt,
        },
        memberships: db
          .select({
            circleId: memberships.circleId,
            circle: sql<string>`coalesce(${circles.title}, ${circles.chatId})`,
            status: memberships.status,
            since: memberships.since,
            joinedAt: memberships.joinedAt,
          })
          .from(memberships)
          .innerJoin(circles, eq(circles.id, memberships.circleId))
          .where(eq(memberships.memberId, memberId))
          .orderBy(asc(memberships.circleId))
          .all(),
        points: db
          .select()
          .from(pointStandings)
          .where(eq(pointStandings.memberId, memberId))
          .orderBy(asc(pointStandings.circleId))
          .all()
          .map((s) => ({
            circleId: s.circleId,
            points: s.points,
            level: s.level,
            lastActiveAt: s.lastActiveAt,
            ledger: ledger
              .filter((l) => l.circleId === s.circleId)
              .map(({ kind, entries, points }) => ({ kind, entries, points: points ?? 0 })),
          })),
        applications: db
          .select()
          .from(applications)
          .where(eq(applications.memberId, memberId))
          .orderBy(asc(applications.id))
          .all()
          .map((a) => ({
            id: a.id,
            circleId: a.circleId,
            state: a.state,
            questions: a.questions,
            answers: a.answers,
            reason: a.reason ?? null,
            credit: a.credit ? decodeCredit(a.credit) : null,
            createdAt: a.createdAt,
            decidedAt: a.decidedAt,
          })),
        creditReports: db
          .select({ provider: creditCache.provider, report: creditCache.report })
          .from(creditCache)
          .where(eq(creditCache.memberId, memberId))
          .orderBy(asc(creditCache.provider))
          .all()
          .map((r) => ({ provider: r.provider, report: decodeCredit(r.report) })),
        vouchesGiven: db
          .select({ circleId: vouches.circleId, applicantId: vouches.applicantId, at: vouches.at })
          .from(vouches)
          .where(eq(vouches.voucherId, memberId))
          .orderBy(asc(vouches.at))
          .all(),
        vouchesReceived: db
          .select({ circleId: vouches.circleId, voucherId: vouches.voucherId, at: vouches.at })
          .from(vouches)
          .where(eq(vouches.applicantId, memberId))
          .orderBy(asc(vouches.at))
          .all(),
        checkins: db
          .select({ circleId: checkinCodes.circleId, title: checkinCodes.title, at: checkinRedemptions.at })
          .from(checkinRedemptions)
          .innerJoin(checkinCodes, eq(checkinCodes.id, checkinRedemptions.codeId))
          .where(eq(checkinRedemptions.memberId, memberId))
          .orderBy(asc(checkinRedemptions.at))
          .all(),
        payments: db
          .select()
          .from(payments)
          .where(eq(payments.memberId, memberId))
          .orderBy(asc(payments.id))
          .all()
          .map(toPayment),
        clicks: db
          .select({ offerId: offerClicks.offerId, title: offers.title, at: offerClicks.at })
          .from(offerClicks)
          .innerJoin(offers, eq(offers.id, offerClicks.offerId))
          .where(eq(offerClicks.memberId, memberId))
          .orderBy(asc(offerClicks.at))
          .all(),
        reminders: {
          quietSince:
            db
              .select({ at: automationQuiet.at })
              .from(automationQuiet)
              .where(eq(automationQuiet.memberId, memberId))
              .get()?.at ?? null,
          nudges: db
            .select({
              circleId: automationNudges.circleId,
              at: automationNudges.at,
              reached: automationNudges.reached,
            })
            .from(automationNudges)
            .where(eq(automationNudges.memberId, memberId))
            .orderBy(asc(automationNudges.circleId))
            .all(),
          welcomes: db
            .select({ circleId: automationWelcomes.circleId, at: automationWelcomes.at })
            .from(automationWelcomes)
            .where(eq(automationWelcomes.memberId, memberId))
            .orderBy(asc(automationWelcomes.circleId))
            .all(),
          digests: db
            .select({ circleId: automationDigestSubscribers.circleId, since: automationDigestSubscribers.at })
            .from(automationDigestSubscribers)
            .where(eq(automationDigestSubscribers.memberId, memberId))
            .orderBy(asc(automationDigestSubscribers.circleId))
            .all(),
        },
      };
    },

    async forget(memberId, opts) {
      return db.transaction((tx) => {
        const mine = eq(applications.memberId, memberId);
        const answers = tx
          .update(applications)
          .set({ answers: [], credit: null })
          .where(and(mine, sql`json_array_length(${applications.answers}) > 0`))
          .run().changes;
        // Reports kept on applications without answers (none asked) go too.
        tx.update(applications)
          .set({ credit: null })
          .where(and(mine, isNotNull(applications.credit)))
          .run();
        const creditReports = tx.delete(creditCache).where(eq(creditCache.memberId, memberId)).run().changes;
        const vouchCount = tx
          .delete(vouches)
          .where(or(eq(vouches.voucherId, memberId), eq(vouches.applicantId, memberId)))
          .run().changes;
        const clicks = tx.delete(offerClicks).where(eq(offerClicks.memberId, memberId)).run().changes;
        tx.delete(dashboardSessions).where(eq(dashboardSessions.memberId, memberId)).run();
        tx.delete(dashboardLoginTokens).where(eq(dashboardLoginTokens.memberId, memberId)).run();
        const paymentsAnonymised = tx
          .update(payments)
          .set({ memberId: null, payerAlias: opts.alias })
          .where(eq(payments.memberId, memberId))
          .run().changes;
        return {
          answers,
          creditReports,
          vouches: vouchCount,
          clicks,
          pointsReset: 0,
          paymentsAnonymised,
        };
      });
    },

    async purgeAnswers(circleId, before) {
      return db
        .update(applications)
        .set({ answers: [], credit: null })
        .where(
          and(
            eq(applications.circleId, circleId),
            lt(applications.decidedAt, before),
            sql`json_array_length(${applications.answers}) > 0`,
          ),
        )
        .run().changes;
    },
  };
}
