import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { MemberProfile, MemberRef, Platform } from '../../core/refs.js';
import type { MemberRecord, MemberRepo } from '../../core/repos.js';
import { type Conn, lock, type Pg, prepared } from './db.js';
import { members } from './schema.js';

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

async function byRef(db: Conn, ref: MemberRef): Promise<Row | undefined> {
  const [row] = await prepared(db, 'members_by_ref', (d) =>
    d
      .select()
      .from(members)
      .where(
        and(eq(members.platform, sql.placeholder('platform')), eq(members.userId, sql.placeholder('id'))),
      )
      .limit(1)
      .prepare('members_by_ref'),
  ).execute({ platform: ref.platform, id: ref.id });
  return row;
}

async function byUsername(db: Conn, platform: Platform, name: string): Promise<Row | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.platform, platform), eq(members.usernameLc, name.toLowerCase())))
    .orderBy(desc(members.id))
    .limit(1);
  return row;
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

function unchanged(known: Row, profile: MemberProfile | undefined): boolean {
  return (
    (!profile?.username || profile.username === known.username) &&
    (!profile?.displayName || profile.displayName === known.displayName)
  );
}

/**
 * Members in PostgreSQL. A profile field that is missing keeps the stored name (it is unknown, not removed).
 * A username belongs to one person per platform: whoever was last seen with it keeps it, and older holders
 * lose it (writers of one username wait for each other), so `findByHandle` never has to pick between two
 * people. A member whose names did not change costs one read and no write.
 */
export function pgMembers(pg: Pg): MemberRepo {
  return {
    async upsert(ref, profile, at) {
      const known = await pg.run((db) => byRef(db, ref));
      if (known && unchanged(known, profile)) return toRecord(known);
      const set = names(profile);
      const row = await pg.atomic(async (tx) => {
        if (set.usernameLc) {
          await lock(tx, `username:${ref.platform}:${set.usernameLc}`);
          await tx
            .update(members)
            .set({ username: null, usernameLc: null })
            .where(
              and(
                eq(members.platform, ref.platform),
                eq(members.usernameLc, set.usernameLc),
                ne(members.userId, ref.id),
              ),
            );
        }
        const insert = tx
          .insert(members)
          .values({ platform: ref.platform, userId: ref.id, firstSeenAt: at, ...set });
        if (Object.keys(set).length > 0) {
          const [updated] = await insert
            .onConflictDoUpdate({ target: [members.platform, members.userId], set })
            .returning();
          return updated;
        }
        const [inserted] = await insert.onConflictDoNothing().returning();
        return inserted ?? (await byRef(tx, ref));
      });
      return toRecord(row!);
    },

    async find(ref) {
      const row = await pg.run((db) => byRef(db, ref));
      return row ? toRecord(row) : null;
    },

    async byId(id) {
      const [row] = await pg.run((db) => db.select().from(members).where(eq(members.id, id)).limit(1));
      return row ? toRecord(row) : null;
    },

    async forgetNames(id) {
      await pg.write((db) =>
        db
          .update(members)
          .set({ username: null, usernameLc: null, displayName: null })
          .where(eq(members.id, id)),
      );
    },

    async findByHandle(platform, handle) {
      const trimmed = handle.trim();
      const row = await pg.run(async (db) => {
        if (trimmed.startsWith('@')) return byUsername(db, platform, trimmed.slice(1));
        // A bare handle is a platform id first (ids are exact), then a username.
        return (await byRef(db, { platform, id: trimmed })) ?? byUsername(db, platform, trimmed);
      });
      return row ? toRecord(row) : null;
    },
  };
}
