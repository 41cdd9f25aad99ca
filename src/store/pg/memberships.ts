import { and, asc, eq, sql } from 'drizzle-orm';
import type { Membership, MembershipRepo } from '../../core/repos.js';
import { type Conn, type Pg, prepared } from './db.js';
import { memberships } from './schema.js';

type Row = typeof memberships.$inferSelect;

function toMembership(row: Row): Membership {
  return {
    circleId: row.circleId,
    memberId: row.memberId,
    status: row.status,
    since: row.since,
    joinedAt: row.joinedAt,
  };
}

async function one(db: Conn, circleId: number, memberId: number): Promise<Row | undefined> {
  const [row] = await prepared(db, 'memberships_one', (d) =>
    d
      .select()
      .from(memberships)
      .where(
        and(
          eq(memberships.circleId, sql.placeholder('circleId')),
          eq(memberships.memberId, sql.placeholder('memberId')),
        ),
      )
      .limit(1)
      .prepare('memberships_one'),
  ).execute({ circleId, memberId });
  return row;
}

/**
 * Memberships in PostgreSQL. `since` moves only when the status changes; `joinedAt` is set the first time
 * the status becomes `member` and never moves afterwards (tenure survives leaving and rejoining). Setting
 * the status a membership already has is one read and no write.
 */
export function pgMemberships(pg: Pg): MembershipRepo {
  return {
    async get(circleId, memberId) {
      const row = await pg.run((db) => one(db, circleId, memberId));
      return row ? toMembership(row) : null;
    },

    async set(circleId, memberId, status, at) {
      const known = await pg.run((db) => one(db, circleId, memberId));
      if (known && known.status === status && (status !== 'member' || known.joinedAt)) {
        return toMembership(known);
      }
      // One statement: the status check happens on the row as it is when written, whoever wrote last.
      const [row] = await pg.write((db) =>
        db
          .insert(memberships)
          .values({ circleId, memberId, status, since: at, joinedAt: status === 'member' ? at : null })
          .onConflictDoUpdate({
            target: [memberships.circleId, memberships.memberId],
            set: {
              status: sql`excluded.status`,
              since: sql`case when ${memberships.status} = excluded.status then ${memberships.since} else excluded.since end`,
              joinedAt: sql`coalesce(${memberships.joinedAt}, excluded.joined_at)`,
            },
          })
          .returning(),
      );
      return toMembership(row!);
    },

    async ofMember(memberId) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(memberships)
          .where(eq(memberships.memberId, memberId))
          .orderBy(asc(memberships.circleId)),
      );
      return rows.map(toMembership);
    },

    async list(circleId, status) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(memberships)
          .where(and(eq(memberships.circleId, circleId), eq(memberships.status, status)))
          .orderBy(asc(memberships.since), asc(memberships.memberId)),
      );
      return rows.map(toMembership);
    },
  };
}
