import { and, desc, eq, ne } from 'drizzle-orm';
import type { MemberProfile, MemberRef, Platform } from '../../core/refs.js';
import type { MemberRecord, MemberRepo } from '../../core/repos.js';
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

/**
 * Members in SQLite. A profile field that is missing keeps the stored name (it is unknown, not removed).
 * A username belongs to one person per platform: whoever was last seen with it keeps it, and older
 * holders lose it, so `findByHandle` never has to pick between two people.
 */
export function sqliteMembers(db: Db): MemberRepo {
  function byRef(ref: MemberRef, on: Conn = db): Row | undefined {
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

  return {
    async upsert(ref, profile, at) {
      const set = names(profile);
      return db.transaction(
        (tx) => {
          if (set.usernameLc) {
            tx.update(members)
              .set({ username: null, usernameLc: null })
              .where(
                and(
                  eq(members.platform, ref.platform),
                  eq(members.usernameLc, set.usernameLc),
                  ne(members.userId, ref.id),
                ),
              )
              .run();
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
    },

    async find(ref) {
      const row = byRef(ref);
      return row ? toRecord(row) : null;
    },

    async byId(id) {
      const row = db.select().from(members).where(eq(members.id, id)).get();
      return row ? toRecord(row) : null;
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
