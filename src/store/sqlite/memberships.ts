import type { Database } from 'better-sqlite3';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Membership, MembershipRepo, MembershipStatus } from '../../core/repos.js';
import { BoundedCache } from '../cache.js';
import { onGroupRollback } from '../group-commit.js';
import { memberships } from '../schema.js';
import type { Db } from './codec.js';

type Row = typeof memberships.$inferSelect;

/** A `memberships` row as better-sqlite3 returns it (times in ms). */
interface RawRow {
  readonly circle_id: number;
  readonly member_id: number;
  readonly status: MembershipStatus;
  readonly since: number;
  readonly joined_at: number | null;
}

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
export function sqliteMemberships(db: Db & { readonly $client: Database }): MembershipRepo {
  // Every group message checks its author's membership: known ones (and known absences) are cached, and
  // dropped when a group commit they were written in is rolled back.
  const cache = new BoundedCache<string, Membership | null>();
  onGroupRollback(db.$client, () => cache.clear());
  // A member's first message in a circle writes one: prepared once rather than built by drizzle each time.
  const upsertOne = db.$client.prepare<[number, number, MembershipStatus, number, number | null], RawRow>(
    `insert into memberships (circle_id, member_id, status, since, joined_at) values (?, ?, ?, ?, ?)
     on conflict (circle_id, member_id) do update set status = excluded.status,
       since = case when memberships.status = excluded.status then memberships.since else excluded.since end,
       joined_at = coalesce(memberships.joined_at, excluded.joined_at)
     returning circle_id, member_id, status, since, joined_at`,
  );
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
      const ms = at.getTime();
      const row = upsertOne.get(circleId, memberId, status, ms, status === 'member' ? ms : null)!;
      const membership: Membership = {
        circleId: row.circle_id,
        memberId: row.member_id,
        status: row.status,
        since: new Date(row.since),
        joinedAt: row.joined_at === null ? null : new Date(row.joined_at),
      };
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
