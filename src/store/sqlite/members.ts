import type { Database } from 'better-sqlite3';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { MemberProfile, MemberRef, Platform } from '../../core/refs.js';
import type { MemberRecord, MemberRepo } from '../../core/repos.js';
import { BoundedCache } from '../cache.js';
import { onGroupRollback } from '../group-commit.js';
import { members } from '../schema.js';
import type { Conn, Db } from './codec.js';

type Row = typeof members.$inferSelect;

function toRecord(row: Row): MemberRecord {
  return {
    id: row.id,
    ref: { platform: row.platform, id: row.userId },
    username: row.username,
    displayName: row.displayName,
    firstSeenAt: row.firstSeenAt,
  };
}

const refKey = (ref: MemberRef) => `${ref.platform}:${ref.id}`;

/**
 * Members in SQLite. A profile field that is missing keeps the stored name (it is unknown, not removed).
 * A username belongs to one person per platform: whoever was last seen with it keeps it, and older
 * holders lose it, so `findByHandle` never has to pick between two people. A member whose names did not
 * change costs no write (every event upserts its author), and known members are cached.
 */
export function sqliteMembers(db: Db & { readonly $client: Database }): MemberRepo {
  const cache = new BoundedCache<string, MemberRecord>();
  const idToKey = new BoundedCache<number, string>();
  // A member written in a group commit that was rolled back does not exist: forget every cached one.
  onGroupRollback(db.$client, () => {
    cache.clear();
    idToKey.clear();
  });
  const remember = (record: MemberRecord) => {
    idToKey.set(record.id, refKey(record.ref));
    return cache.set(refKey(record.ref), record);
  };

  const selectByRef = db
    .select()
    .from(members)
    .where(
      and(eq(members.platform, sql.placeholder('platform')), eq(members.userId, sql.placeholder('userId'))),
    )
    .prepare();
  const selectById = db
    .select()
    .from(members)
    .where(eq(members.id, sql.placeholder('id')))
    .prepare();

  function byRef(ref: MemberRef, on: Conn = db): Row | undefined {
    if (on === db) return selectByRef.get({ platform: ref.platform, userId: ref.id });
    return on
      .select()
      .from(members)
      .where(and(eq(members.platform, ref.platform), eq(members.userId, ref.id)))
      .get();
  }

  function byUsername(platform: Platform, name: string): Row | undefined {
    return db
      .select()
      .from(members)
      .where(and(eq(members.platform, platform), eq(members.usernameLc, name.toLowerCase())))
      .orderBy(desc(members.id))
      .get();
  }

  function names(profile: MemberProfile | undefined) {
    const set: Partial<typeof members.$inferInsert> = {};
    if (profile?.username) {
      set.username = profile.username;
      set.usernameLc = profile.username.toLowerCase();
    }
    if (profile?.displayName) set.displayName = profile.displayName;
    return set;
  }

  function unchanged(known: MemberRecord, profile: MemberProfile | undefined): boolean {
    return (
      (!profile?.username || profile.username === known.username) &&
      (!profile?.displayName || profile.displayName === known.displayName)
    );
  }

  return {
    async upsert(ref, profile, at) {
      const known = cache.get(refKey(ref));
      if (known && unchanged(known, profile)) return known;
      if (!known) {
        // Not cached (a restart, or a big community): a read settles most of these with no write.
        const row = byRef(ref);
        const stored = row ? remember(toRecord(row)) : null;
        if (stored && unchanged(stored, profile)) return stored;
      }
      const set = names(profile);
      const record = db.transaction(
        (tx) => {
          if (set.usernameLc) {
            const losers = tx
              .update(members)
              .set({ username: null, usernameLc: null })
              .where(
                and(
                  eq(members.platform, ref.platform),
                  eq(members.usernameLc, set.usernameLc),
                  ne(members.userId, ref.id),
                ),
              )
              .returning({ id: members.id })
              .all();
            for (const { id } of losers) {
              const key = idToKey.get(id);
              if (key) cache.delete(key);
            }
          }
          const insert = tx
            .insert(members)
            .values({ platform: ref.platform, userId: ref.id, firstSeenAt: at, ...set });
          const row =
            Object.keys(set).length > 0
              ? insert
                  .onConflictDoUpdate({ target: [members.platform, members.userId], set })
                  .returning()
                  .get()
              : (insert.onConflictDoNothing().returning().get() ?? byRef(ref, tx));
          return toRecord(row!);
        },
        { behavior: 'immediate' },
      );
      return remember(record);
    },

    async find(ref) {
      const known = cache.get(refKey(ref));
      if (known) return known;
      const row = byRef(ref);
      return row ? remember(toRecord(row)) : null;
    },

    async byId(id) {
      const key = idToKey.get(id);
      const known = key ? cache.get(key) : undefined;
      if (known) return known;
      const row = selectById.get({ id });
      return row ? remember(toRecord(row)) : null;
    },

    async forgetNames(id) {
      db.update(members)
        .set({ username: null, usernameLc: null, displayName: null })
        .where(eq(members.id, id))
        .run();
      const key = idToKey.get(id);
      if (key) cache.delete(key);
    },

    async findByHandle(platform, handle) {
      const trimmed = handle.trim();
      if (trimmed.startsWith('@')) {
        const row = byUsername(platform, trimmed.slice(1));
        return row ? toRecord(row) : null;
      }
      // A bare handle is a platform id first (ids are exact), then a username.
      const row = byRef({ platform, id: trimmed }) ?? byUsername(platform, trimmed);
      return row ? toRecord(row) : null;
    },
  };
}
