import { and, asc, count, eq, isNotNull, lt, or, sql, sum } from 'drizzle-orm';
import type { PrivacyRepo } from '../../core/privacy/repo.js';
import { decodeCredit } from '../sqlite/codec.js';
import { changed, type Pg } from './db.js';
import { toPayment } from './payments.js';
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
} from './schema.js';

const hasAnswers = sql`jsonb_array_length(${applications.answers}) > 0`;

/**
 * A person's data across every table, for `/mydata` and `/forgetme`. It reads and deletes in other
 * repositories' tables on purpose: one place knows where personal data lives, so a new table that holds
 * some must be added here (the privacy contract tests fail otherwise). Points go through the points
 * repository (`forgetMember`) and names through the members repository (`forgetNames`).
 */
export function pgPrivacy(pg: Pg): PrivacyRepo {
  return {
    async collect(memberId) {
      return pg.run(async (db) => {
        const [member] = await db.select().from(members).where(eq(members.id, memberId)).limit(1);
        if (!member) throw new Error(`no member ${memberId}`);
        const ledger = await db
          .select({
            circleId: pointLedger.circleId,
            kind: pointLedger.kind,
            entries: count(),
            points: sum(pointLedger.points).mapWith(Number),
          })
          .from(pointLedger)
          .where(eq(pointLedger.memberId, memberId))
          .groupBy(pointLedger.circleId, pointLedger.kind)
          .orderBy(asc(pointLedger.circleId), asc(pointLedger.kind));
        const standings = await db
          .select()
          .from(pointStandings)
          .where(eq(pointStandings.memberId, memberId))
          .orderBy(asc(pointStandings.circleId));
        const apps = await db
          .select()
          .from(applications)
          .where(eq(applications.memberId, memberId))
          .orderBy(asc(applications.id));
        const reports = await db
          .select({ provider: creditCache.provider, report: creditCache.report })
          .from(creditCache)
          .where(eq(creditCache.memberId, memberId))
          .orderBy(asc(creditCache.provider));
        const paid = await db
          .select()
          .from(payments)
          .where(eq(payments.memberId, memberId))
          .orderBy(asc(payments.id));
        return {
          member: {
            id: member.id,
            platform: member.platform,
            platformUserId: member.userId,
            username: member.username,
            displayName: member.displayName,
            firstSeenAt: member.firstSeenAt,
          },
          memberships: await db
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
            .orderBy(asc(memberships.circleId)),
          points: standings.map((s) => ({
            circleId: s.circleId,
            points: s.points,
            level: s.level,
            lastActiveAt: s.lastActiveAt,
            ledger: ledger
              .filter((l) => l.circleId === s.circleId)
              .map(({ kind, entries, points }) => ({ kind, entries, points: points ?? 0 })),
          })),
          applications: apps.map((a) => ({
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
          creditReports: reports.map((r) => ({ provider: r.provider, report: decodeCredit(r.report) })),
          vouchesGiven: await db
            .select({ circleId: vouches.circleId, applicantId: vouches.applicantId, at: vouches.at })
            .from(vouches)
            .where(eq(vouches.voucherId, memberId))
            .orderBy(asc(vouches.at)),
          vouchesReceived: await db
            .select({ circleId: vouches.circleId, voucherId: vouches.voucherId, at: vouches.at })
            .from(vouches)
            .where(eq(vouches.applicantId, memberId))
            .orderBy(asc(vouches.at)),
          checkins: await db
            .select({ circleId: checkinCodes.circleId, title: checkinCodes.title, at: checkinRedemptions.at })
            .from(checkinRedemptions)
            .innerJoin(checkinCodes, eq(checkinCodes.id, checkinRedemptions.codeId))
            .where(eq(checkinRedemptions.memberId, memberId))
            .orderBy(asc(checkinRedemptions.at)),
          payments: paid.map(toPayment),
          clicks: await db
            .select({ offerId: offerClicks.offerId, title: offers.title, at: offerClicks.at })
            .from(offerClicks)
            .innerJoin(offers, eq(offers.id, offerClicks.offerId))
            .where(eq(offerClicks.memberId, memberId))
            .orderBy(asc(offerClicks.at)),
          reminders: {
            quietSince:
              (
                await db
                  .select({ at: automationQuiet.at })
                  .from(automationQuiet)
                  .where(eq(automationQuiet.memberId, memberId))
              )[0]?.at ?? null,
            nudges: await db
              .select({
                circleId: automationNudges.circleId,
                at: automationNudges.at,
                reached: automationNudges.reached,
              })
              .from(automationNudges)
              .where(eq(automationNudges.memberId, memberId))
              .orderBy(asc(automationNudges.circleId)),
            welcomes: await db
              .select({ circleId: automationWelcomes.circleId, at: automationWelcomes.at })
              .from(automationWelcomes)
              .where(eq(automationWelcomes.memberId, memberId))
              .orderBy(asc(automationWelcomes.circleId)),
            digests: await db
              .select({
                circleId: automationDigestSubscribers.circleId,
                since: automationDigestSubscribers.at,
              })
              .from(automationDigestSubscribers)
              .where(eq(automationDigestSubscribers.memberId, memberId))
              .orderBy(asc(automationDigestSubscribers.circleId)),
          },
        };
      });
    },

    async forget(memberId, opts) {
      return pg.atomic(async (tx) => {
        const mine = eq(applications.memberId, memberId);
        const answers = changed(
          await tx.update(applications).set({ answers: [], credit: null }).where(and(mine, hasAnswers)),
        );
        // Reports kept on applications without answers (none asked) go too.
        await tx
          .update(applications)
          .set({ credit: null })
          .where(and(mine, isNotNull(applications.credit)));
        const creditReports = changed(await tx.delete(creditCache).where(eq(creditCache.memberId, memberId)));
        const vouchCount = changed(
          await tx
            .delete(vouches)
            .where(or(eq(vouches.voucherId, memberId), eq(vouches.applicantId, memberId))),
        );
        const clicks = changed(await tx.delete(offerClicks).where(eq(offerClicks.memberId, memberId)));
        await tx.delete(dashboardSessions).where(eq(dashboardSessions.memberId, memberId));
        await tx.delete(dashboardLoginTokens).where(eq(dashboardLoginTokens.memberId, memberId));
        const paymentsAnonymised = changed(
          await tx
            .update(payments)
            .set({ memberId: null, payerAlias: opts.alias })
            .where(eq(payments.memberId, memberId)),
        );
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
      const result = await pg.write((db) =>
        db
          .update(applications)
          .set({ answers: [], credit: null })
          .where(and(eq(applications.circleId, circleId), lt(applications.decidedAt, before), hasAnswers)),
      );
      return changed(result);
    },
  };
}
