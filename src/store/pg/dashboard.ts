import { and, asc, count, desc, eq, gte, lt, lte, or, type SQLWrapper, sql } from 'drizzle-orm';
import type { DashboardRepo, MemberRow } from '../../core/dashboard/repo.js';
import { changed, type Pg } from './db.js';
import { toQuestion } from './gate.js';
import { givenBack } from './payments.js';
import {
  activityDays,
  auditLog,
  dashboardLoginTokens,
  dashboardSessions,
  entryQuestions,
  members,
  memberships,
  offerClicks,
  offers,
  payments,
  pointStandings,
} from './schema.js';

const DAY_MS = 86_400_000;
/** SQL for the UTC day number (days since 1970) of a timestamptz column. */
const dayOf = (column: SQLWrapper) =>
  sql<number>`floor(extract(epoch from ${column}) / 86400)::integer`.mapWith(Number);

/** Escapes `%`, `_` and `\` for a LIKE pattern with `escape '\'`. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `[fromDay, toDay]` as a half-open range of times on `column`. */
const inDays = (column: Parameters<typeof gte>[0], fromDay: number, toDay: number) =>
  and(gte(column, new Date(fromDay * DAY_MS)), lt(column, new Date((toDay + 1) * DAY_MS)));

/**
 * The dashboard's tables and read queries in PostgreSQL. `countActivity` is one upsert per call: several
 * processes count into the same rows, so nothing is held back in memory.
 */
export function pgDashboard(pg: Pg): DashboardRepo {
  return {
    async spendLoginToken(id, memberId, expiresAt, at) {
      const result = await pg.write((db) =>
        db.insert(dashboardLoginTokens).values({ id, memberId, usedAt: at, expiresAt }).onConflictDoNothing(),
      );
      return changed(result) > 0;
    },

    async loginTokenSpent(id) {
      const rows = await pg.run((db) =>
        db
          .select({ id: dashboardLoginTokens.id })
          .from(dashboardLoginTokens)
          .where(eq(dashboardLoginTokens.id, id))
          .limit(1),
      );
      return rows.length > 0;
    },

    async createSession(session) {
      await pg.write((db) => db.insert(dashboardSessions).values(session));
    },

    async session(id, now) {
      const [row] = await pg.run((db) =>
        db.select().from(dashboardSessions).where(eq(dashboardSessions.id, id)).limit(1),
      );
      return row && row.expiresAt > now ? row : null;
    },

    async endSession(id) {
      await pg.write((db) => db.delete(dashboardSessions).where(eq(dashboardSessions.id, id)));
    },

    async prune(now) {
      return pg.atomic(async (tx) => {
        const sessions = await tx.delete(dashboardSessions).where(lte(dashboardSessions.expiresAt, now));
        const tokens = await tx.delete(dashboardLoginTokens).where(lt(dashboardLoginTokens.expiresAt, now));
        return changed(sessions) + changed(tokens);
      });
    },

    async countActivity(circleId, day, add) {
      const messages = add.messages ?? 0;
      const joins = add.joins ?? 0;
      await pg.write((db) =>
        db
          .insert(activityDays)
          .values({ circleId, day, messages, joins })
          .onConflictDoUpdate({
            target: [activityDays.circleId, activityDays.day],
            set: {
              messages: sql`${activityDays.messages} + excluded.messages`,
              joins: sql`${activityDays.joins} + excluded.joins`,
            },
          }),
      );
    },

    async activity(circleId, fromDay, toDay) {
      const { counted, approved } = await pg.run(async (db) => ({
        counted: await db
          .select()
          .from(activityDays)
          .where(
            and(
              eq(activityDays.circleId, circleId),
              gte(activityDays.day, fromDay),
              lte(activityDays.day, toDay),
            ),
          ),
        approved: await db
          .select({ day: dayOf(auditLog.at), n: count() })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.circleId, circleId),
              eq(auditLog.action, 'gate.approved'),
              inDays(auditLog.at, fromDay, toDay),
            ),
          )
          .groupBy(dayOf(auditLog.at)),
      }));
      const byDay = new Map<number, { messages: number; joins: number; approvals: number }>();
      for (const row of counted)
        byDay.set(row.day, { messages: row.messages, joins: row.joins, approvals: 0 });
      for (const row of approved) {
        const entry = byDay.get(row.day) ?? { messages: 0, joins: 0, approvals: 0 };
        byDay.set(row.day, { ...entry, approvals: row.n });
      }
      return [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, counts]) => ({ day, ...counts }));
    },

    async members(circleId, query) {
      const search = query.search?.trim() ?? '';
      const pattern = `%${likeEscape(search.toLowerCase())}%`;
      const matches =
        search === ''
          ? undefined
          : or(
              sql`${members.usernameLc} like ${pattern} escape '\\'`,
              sql`lower(${members.displayName}) like ${pattern} escape '\\'`,
              eq(members.userId, search),
            );
      const where = and(eq(memberships.circleId, circleId), matches);
      const points = sql<number>`coalesce(${pointStandings.points}, 0)`.mapWith(Number);
      const { rows, total } = await pg.run(async (db) => ({
        rows: await db
          .select({
            member: members,
            status: memberships.status,
            joinedAt: memberships.joinedAt,
            points,
            level: sql<number>`coalesce(${pointStandings.level}, 0)`.mapWith(Number),
          })
          .from(memberships)
          .innerJoin(members, eq(members.id, memberships.memberId))
          .leftJoin(
            pointStandings,
            and(
              eq(pointStandings.circleId, memberships.circleId),
              eq(pointStandings.memberId, memberships.memberId),
            ),
          )
          .where(where)
          .orderBy(desc(points), asc(members.id))
          .limit(query.limit)
          .offset(query.offset),
        total: await db
          .select({ n: count() })
          .from(memberships)
          .innerJoin(members, eq(members.id, memberships.memberId))
          .where(where),
      }));
      return {
        total: total[0]?.n ?? 0,
        rows: rows.map(
          (row): MemberRow => ({
            member: {
              id: row.member.id,
              ref: { platform: row.member.platform, id: row.member.userId },
              username: row.member.username,
              displayName: row.member.displayName,
              firstSeenAt: row.member.firstSeenAt,
            },
            status: row.status,
            joinedAt: row.joinedAt,
            points: row.points,
            level: row.level,
          }),
        ),
      };
    },

    async clicksByDay(circleId, fromDay, toDay) {
      return pg.run((db) =>
        db
          .select({ day: dayOf(offerClicks.at), clicks: count() })
          .from(offerClicks)
          .innerJoin(offers, eq(offers.id, offerClicks.offerId))
          .where(and(eq(offers.circleId, circleId), inDays(offerClicks.at, fromDay, toDay)))
          .groupBy(dayOf(offerClicks.at))
          .orderBy(asc(dayOf(offerClicks.at))),
      );
    },

    async revenueByDay(circleId, fromDay, toDay) {
      return pg.run((db) =>
        db
          .select({
            day: dayOf(payments.createdAt),
            currency: payments.currency,
            amountMinor: sql<number>`sum(${payments.amountMinor} - ${givenBack})`.mapWith(Number),
            payments: count(),
          })
          .from(payments)
          .where(
            and(
              eq(payments.circleId, circleId),
              eq(payments.status, 'completed'),
              inDays(payments.createdAt, fromDay, toDay),
            ),
          )
          .groupBy(dayOf(payments.createdAt), payments.currency)
          .orderBy(asc(dayOf(payments.createdAt)), asc(payments.currency)),
      );
    },

    async replaceQuestion(circleId, position, question) {
      const [row] = await pg.write((db) =>
        db
          .update(entryQuestions)
          .set({
            kind: question.kind,
            prompt: question.prompt,
            options: [...question.options],
            correct: [...question.correct],
          })
          .where(and(eq(entryQuestions.circleId, circleId), eq(entryQuestions.position, position)))
          .returning(),
      );
      return row ? toQuestion(row) : null;
    },
  };
}
