import { and, asc, eq, sql } from 'drizzle-orm';
import type { Membership, MembershipRepo } from '../../core/repos.js';
import { memberships } from '../schema.js';
import type { Db } from './codec.js';

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

/**
 * Memberships in SQLite. `since` moves only when the status changes; `joinedAt` is set the first time
 * the status becomes `member` and never moves afterwards (tenure survives leaving and rejoining).
 */
export function sqliteMemberships(db: Db): MembershipRepo {
  return {
    async get(circleId, memberId) {
      const row = db
        .select()
        .from(memberships)
        .where(and(eq(memberships.circleId, circleId), eq(memberships.memberId, memberId)))
        .get();
      return row ? toMembership(row) : null;
    },

    async set(circleId, memberId, status, at) {
      const row = db
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
        .returning()
        .get();
      return toMembership(row);
    },

    async ofMember(memberId) {
      return db
        .select()
        .from(memberships)
        .where(eq(memberships.memberId, memberId))
        .orderBy(asc(memberships.circleId))
        .all()
        .map(toMembership);
    },

    async list(circleId, status) {
      return db
        .select()
        .from(memberships)
        .where(and(eq(memberships.circleId, circleId), eq(memberships.status, status)))
        .orderBy(asc(memberships.since), asc(memberships.memberId))
        .all()
        .map(toMembership);
    },
  };
}
