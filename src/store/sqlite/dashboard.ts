import type { Database } from 'better-sqlite3';
import { and, asc, count, desc, eq, gte, lt, lte, or, type SQLWrapper, sql } from 'drizzle-orm';
import type { DashboardRepo, MemberRow } from '../../core/dashboard/repo.js';
import type { MembershipStatus } from '../../core/repos.js';
import { beforeGroupCommit, onGroupRollback } from '../group-commit.js';
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
} from '../schema.js';
import type { Db } from './codec.js';
import { givenBack } from './payments.js';

const DAY_MS = 86_400_000;
/** SQL for the UTC day number of a millisecond column (a literal divisor: a bound number is a REAL, and would not floor). */
const dayOf = (column: SQLWrapper) => sql<number>`(${column} / ${sql.raw(String(DAY_MS))})`;

/** Escapes `%`, `_` and `\` for a LIKE pattern with `escape '\'`. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The dashboard's tables and read queries in SQLite. `countActivity` runs on every group message: inside a
 * group commit it only adds to a counter in memory, written (one prepared upsert per circle and day) just
 * before the window commits, and dropped with it if the window is lost.
 */
export function sqliteDashboard(db: Db & { readonly $client: Database }): DashboardRepo {
  const bump = db.$client.prepare<[number, number, number, number]>(
    `insert into activity_days (circle_id, day, messages, joins) values (?, ?, ?, ?)
     on conflict (circle_id, day) do update set
       messages = messages + excluded.messages, joins = joins + excluded.joins`,
  );

  const pending = new Map<string, { circleId: number; day: number; messages: number; joins: number }>();
  beforeGroupCommit(db.$client, () => {
    for (const c of pending.values()) bump.run(c.circleId, c.day, c.messages, c.joins);
    pending.clear();
  });
  onGroupRollback(db.$client, () => pending.clear());

  return {
    async spendLoginToken(id, memberId, expiresAt, at) {
      const { changes } = db
        .insert(dashboardLoginTokens)
        .values({ id, memberId, usedAt: at, expiresAt })
        .onConflictDoNothing()
        .run();
      return changes > 0;
    },

    async loginTokenSpent(id) {
      return (
        db.select().from(dashboardLoginTokens).where(eq(dashboardLoginTokens.id, id)).get() !== undefined
      );
    },

    async createSession(session) {
      db.insert(dashboardSessions).values(session).run();
    },

    async session(id, now) {
      const row = db.select().from(dashboardSessions).where(eq(dashboardSessions.id, id)).get();
      return row && row.expiresAt > now ? row : null;
    },

    async endSession(id) {
      db.delete(dashboardSessions).where(eq(dashboardSessions.id, id)).run();
    },

    async prune(now) {
      const sessions = db.delete(dashboardSessions).where(lte(dashboardSessions.expiresAt, now)).run();
      const tokens = db.delete(dashboardLoginTokens).where(lt(dashboardLoginTokens.expiresAt, now)).run();
      return sessions.changes + tokens.changes;
    },

    async countActivity(circleId, day, add) {
      const messages = add.messages ?? 0;
      const joins = add.joins ?? 0;
      if (!db.$client.inTransaction) {
        bump.run(circleId, day, messages, joins);
        return;
      }
      // Inside a group commit: one write per circle and day when the window commits, not one per message.
      const key = `${circleId}:${day}`;
      const counted = pending.get(key);
      if (counted) {
        counted.messages += messages;
        counted.joins += joins;
      } else pending.set(key, { circleId, day, messages, joins });
    },

    async activity(circleId, fromDay, toDay) {
      const counted = db
        .select()
        .from(activityDays)
        .where(
          and(
            eq(activityDays.circleId, circleId),
            gte(activityDays.day, fromDay),
            lte(activityDays.day, toDay),
          ),
        )
        .all();
      const approved = db
        .select({ day: dayOf(auditLog.at), n: count() })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.circleId, circleId),
            eq(auditLog.action, 'gate.approved'),
            gte(auditLog.at, new Date(fromDay * DAY_MS)),
            lt(auditLog.at, new Date((toDay + 1) * DAY_MS)),
          ),
        )
        .groupBy(dayOf(auditLog.at))
        .all();
      const byDay = new Map<number, { messages: number; joins: number; approvals: number }>();
      for (const row of counted)
        byDay.set(row.day, { messages: row.messages, joins: row.joins, approvals: 0 });
      for (const row of approved) {
        const day = Number(row.day);
        const entry = byDay.get(day) ?? { messages: 0, joins: 0, approvals: 0 };
        byDay.set(day, { ...entry, approvals: row.n });
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
      const rows = db
        .select({
          member: members,
          status: memberships.status,
          joinedAt: memberships.joinedAt,
          points: sql<number>`coalesce(${pointStandings.points}, 0)`,
          level: sql<number>`coalesce(${pointStandings.level}, 0)`,
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
        .orderBy(desc(sql`coalesce(${pointStandings.points}, 0)`), asc(members.id))
        .limit(query.limit)
        .offset(query.offset)
        .all();
      const [total] = db
        .select({ n: count() })
        .from(memberships)
        .innerJoin(members, eq(members.id, memberships.memberId))
        .where(where)
        .all();
      return {
        total: total?.n ?? 0,
        rows: rows.map(
          (row): MemberRow => ({
            member: {
              id: row.member.id,
              ref: { platform: row.member.platform, id: row.member.userId },
              username: row.member.username,
              displayName: row.member.displayName,
              firstSeenAt: row.member.firstSeenAt,
            },
            status: row.status as MembershipStatus,
            joinedAt: row.joinedAt,
            points: Number(row.points),
            level: Number(row.level),
          }),
        ),
      };
    },

    async clicksByDay(circleId, fromDay, toDay) {
      return db
        .select({ day: dayOf(offerClicks.at), clicks: count() })
        .from(offerClicks)
        .innerJoin(offers, eq(offers.id, offerClicks.offerId))
        .where(
          and(
            eq(offers.circleId, circleId),
            gte(offerClicks.at, new Date(fromDay * DAY_MS)),
            lt(offerClicks.at, new Date((toDay + 1) * DAY_MS)),
          ),
        )
        .groupBy(dayOf(offerClicks.at))
        .orderBy(asc(dayOf(offerClicks.at)))
        .all()
        .map((row) => ({ day: Number(row.day), clicks: row.clicks }));
    },

    async revenueByDay(circleId, fromDay, toDay) {
      return db
        .select({
          day: dayOf(payments.createdAt),
          currency: payments.currency,
          amountMinor: sql<number>`sum(${payments.amountMinor} - ${givenBack})`,
          payments: count(),
        })
        .from(payments)
        .where(
          and(
            eq(payments.circleId, circleId),
            eq(payments.status, 'completed'),
            gte(payments.createdAt, new Date(fromDay * DAY_MS)),
            lt(payments.createdAt, new Date((toDay + 1) * DAY_MS)),
          ),
        )
        .groupBy(dayOf(payments.createdAt), payments.currency)
        .orderBy(asc(dayOf(payments.createdAt)), asc(payments.currency))
        .all()
        .map((row) => ({ ...row, day: Number(row.day), amountMinor: Number(row.amountMinor) }));
    },

    async replaceQuestion(circleId, position, question) {
      const row = db
        .update(entryQuestions)
        .set({
          kind: question.kind,
          prompt: question.prompt,
          options: [...question.options],
          correct: [...question.correct],
        })
        .where(and(eq(entryQuestions.circleId, circleId), eq(entryQuestions.position, position)))
        .returning()
        .get();
      return row
        ? {
            id: row.id,
            circleId: row.circleId,
            position: row.position,
            kind: row.kind,
            prompt: row.prompt,
            options: row.options,
            correct: row.correct,
          }
        : null;
    },
  };
}
