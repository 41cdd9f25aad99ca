import { and, asc, eq, sql } from 'drizzle-orm';
import type { Membership, MembershipRepo } from '../../core/repos.js';
import { BoundedCache } from '../cache.js';
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
  // Every group message checks its author's membership: known ones (and known absences) are cached.
  const cache = new BoundedCache<string, Membership | null>();
  const selectOne = db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.circleId, sql.placeholder('circleId')),
        eq(memberships.memberId, sql.placeholder('memberId')),
      ),
    )
    .prepare();

  return {
    async get(circleId, memberId) {
      const key = `${circleId}:${memberId}`;
      const known = cache.get(key);
      if (known !== undefined) return known;
      const row = selectOne.get({ circleId, memberId });
      return cache.set(key, row ? toMembership(row) : null);
    },

    async set(circleId, memberId, status, at) {
      const key = `${circleId}:${memberId}`;
      const known = cache.get(key);
      // Same status again moves nothing (and a member's joinedAt is already set).
      if (known && known.status === status && (status !== 'member' || known.joinedAt)) return known;
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
      const membership = toMembership(row);
      cache.set(key, membership);
      return membership;
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
