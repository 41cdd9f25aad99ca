import { and, asc, count, desc, eq, gt, gte, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type {
  LedgerEntry,
  PointsRepo,
  RecordResult,
  RedeemResult,
  Standing,
  StandingUpdate,
} from '../../core/points/repo.js';
import { emptyActivityState, readActivityState } from '../../core/points/state.js';
import {
  checkEntry,
  checkinEntry,
  duplicateCode,
  later,
  refusal,
  toCode,
  zeroStanding,
} from '../points-rows.js';
import { type Conn, lock, type Pg, prepared } from './db.js';
import { checkinCodes, checkinRedemptions, pointLedger, pointStandings } from './schema.js';

type LevelOf = (points: number) => number;

function toStanding(row: typeof pointStandings.$inferSelect): Standing {
  return {
    circleId: row.circleId,
    memberId: row.memberId,
    points: row.points,
    level: row.level,
    lastActiveAt: row.lastActiveAt,
    state: readActivityState(row.state),
  };
}

async function standingRow(db: Conn, circleId: number, memberId: number) {
  const [row] = await db
    .select()
    .from(pointStandings)
    .where(and(eq(pointStandings.circleId, circleId), eq(pointStandings.memberId, memberId)))
    .limit(1);
  return row;
}

type StandingRow = typeof pointStandings.$inferSelect;

/**
 * The standing row, locked until the transaction ends so that writers of it, in any process, take turns: a
 * row lock when it exists (one statement: it waits for the holder and reads the row as committed), else an
 * advisory lock first (the row may not exist yet), under which its creators take turns, and the row again.
 */
async function lockedStanding(tx: Conn, circleId: number, memberId: number) {
  const locked = (db: Conn) =>
    prepared(db, 'points_standing_locked', (d) =>
      d
        .select()
        .from(pointStandings)
        .where(
          and(
            eq(pointStandings.circleId, sql.placeholder('circleId')),
            eq(pointStandings.memberId, sql.placeholder('memberId')),
          ),
        )
        .limit(1)
        .for('update')
        .prepare('points_standing_locked'),
    ).execute({ circleId, memberId });
  const [row] = await locked(tx);
  if (row) return row;
  await lock(tx, `points:${circleId}:${memberId}`);
  const [created] = await locked(tx);
  return created;
}

/** Where `standing` leaves the row it locked in the transaction's memo, for `record` to use. */
const heldKey = (circleId: number, memberId: number) => `points.standing:${circleId}:${memberId}`;

/**
 * `record` inside the caller's transaction. The member's standing is locked first (`lockedStanding`), so
 * two events of one member, in any process, apply one after the other — unless `standing` already locked
 * and read it in this transaction (`memo`): then that row is still the standing, and is not read again.
 */
async function apply(
  tx: Conn,
  circleId: number,
  memberId: number,
  entries: readonly LedgerEntry[],
  update: StandingUpdate,
  levelOf: LevelOf,
  memo: Map<string, unknown> | null,
): Promise<RecordResult> {
  for (const entry of entries) checkEntry(entry, circleId, memberId);
  const key = heldKey(circleId, memberId);
  let row: StandingRow | undefined;
  if (memo?.has(key)) {
    row = (memo.get(key) as StandingRow | null) ?? undefined;
    memo.delete(key); // written below: read afresh (still locked) if asked again
  } else {
    row = await lockedStanding(tx, circleId, memberId);
  }
  const before = row ? toStanding(row) : zeroStanding(circleId, memberId);
  let total = before.points;
  let duplicates = 0;
  for (const entry of entries) {
    // A take larger than the total takes what is there, and the row says so.
    const points = Math.max(entry.points, 0 - total);
    const inserted = await prepared(tx, 'points_ledger_insert', (d) =>
      d
        .insert(pointLedger)
        .values({
          circleId: sql.placeholder('circleId'),
          memberId: sql.placeholder('memberId'),
          kind: sql.placeholder('kind'),
          points: sql.placeholder('points'),
          sourceKey: sql.placeholder('sourceKey'),
          actorId: sql.placeholder('actorId'),
          note: sql.placeholder('note'),
          at: sql.placeholder('at'),
        })
        .onConflictDoNothing({ target: pointLedger.sourceKey })
        .returning({ id: pointLedger.id })
        .prepare('points_ledger_insert'),
    ).execute({
      circleId,
      memberId,
      kind: entry.kind,
      points,
      sourceKey: entry.sourceKey ?? null,
      actorId: entry.actorId ?? null,
      note: entry.note ?? null,
      at: entry.at,
    });
    if (inserted.length === 0) duplicates++;
    else total += points;
  }
  if (entries.length > 0 && duplicates === entries.length) return { before, after: before, duplicates };
  const after: Standing = {
    circleId,
    memberId,
    points: total,
    level: levelOf(total),
    lastActiveAt: later(before.lastActiveAt, update.activeAt),
    state: update.state ?? before.state,
  };
  await prepared(tx, 'points_standing_upsert', (d) =>
    d
      .insert(pointStandings)
      .values({
        circleId: sql.placeholder('circleId'),
        memberId: sql.placeholder('memberId'),
        points: sql.placeholder('points'),
        level: sql.placeholder('level'),
        // A bare placeholder (no column encoder, which cannot take null): node-postgres sends the Date or null.
        lastActiveAt: sql`${sql.placeholder('lastActiveAt')}::timestamptz`,
        state: sql.placeholder('state'),
        updatedAt: sql.placeholder('updatedAt'),
      })
      .onConflictDoUpdate({
        target: [pointStandings.circleId, pointStandings.memberId],
        set: {
          points: sql`excluded.points`,
          level: sql`excluded.level`,
          lastActiveAt: sql`excluded.last_active_at`,
          state: sql`excluded.state`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
      .prepare('points_standing_upsert'),
  ).execute({
    circleId,
    memberId,
    points: after.points,
    level: after.level,
    lastActiveAt: after.lastActiveAt,
    state: after.state,
    updatedAt: new Date(),
  });
  return { before, after, duplicates };
}

/**
 * Points in PostgreSQL. The ledger is the truth and each standing is kept equal to the sum of its member's
 * ledger rows: `record` and `redeem` write both in one transaction. An event whose entries were all already
 * in the ledger changes nothing, so a redelivered update neither counts twice nor applies its state twice.
 * `record` throws `CB_ERR_INVALID_ENTRY` for an entry of another member or circle or with non-integer
 * points; `createCode` throws `CB_ERR_DUPLICATE` when the circle already has that code. Nothing is cached.
 */
export function pgPoints(pg: Pg): PointsRepo {
  return {
    async forgetMember(memberId, keepIn) {
      const memo = pg.memo?.() ?? null;
      return pg.atomic(async (tx) => {
        // Standings of this member read in this transaction are about to change: `record` reads them again.
        for (const key of memo?.keys() ?? []) {
          if (key.startsWith('points.standing:') && key.endsWith(`:${memberId}`)) memo?.delete(key);
        }
        const notKept = keepIn.length > 0 ? notInArray(pointStandings.circleId, [...keepIn]) : undefined;
        const rows = await tx
          .select({ circleId: pointStandings.circleId })
          .from(pointStandings)
          .where(and(eq(pointStandings.memberId, memberId), notKept));
        const circles = rows.map((r) => r.circleId);
        if (circles.length > 0) {
          await tx
            .delete(pointLedger)
            .where(and(eq(pointLedger.memberId, memberId), inArray(pointLedger.circleId, circles)));
          await tx
            .delete(pointStandings)
            .where(and(eq(pointStandings.memberId, memberId), inArray(pointStandings.circleId, circles)));
          const codes = tx
            .select({ id: checkinCodes.id })
            .from(checkinCodes)
            .where(inArray(checkinCodes.circleId, circles));
          await tx
            .delete(checkinRedemptions)
            .where(and(eq(checkinRedemptions.memberId, memberId), inArray(checkinRedemptions.codeId, codes)));
        }
        await tx.update(pointLedger).set({ note: null }).where(eq(pointLedger.memberId, memberId));
        await tx
          .update(pointStandings)
          .set({ state: emptyActivityState() })
          .where(eq(pointStandings.memberId, memberId));
        return circles.length;
      });
    },

    async standing(circleId, memberId) {
      // Inside an event's transaction the standing is read to be recorded next (the rules decide from it):
      // read it locked, once, and `record` takes it from the memo.
      const memo = pg.memo?.() ?? null;
      const row = await pg.run(async (db) => {
        if (!memo) return standingRow(db, circleId, memberId);
        const locked = await lockedStanding(db, circleId, memberId);
        memo.set(heldKey(circleId, memberId), locked ?? null);
        return locked;
      });
      return row ? toStanding(row) : zeroStanding(circleId, memberId);
    },

    async record(circleId, memberId, entries, update, levelOf) {
      const memo = pg.memo?.() ?? null;
      return pg.atomic((tx) => apply(tx, circleId, memberId, entries, update, levelOf, memo));
    },

    async rank(circleId, memberId) {
      return pg.run(async (db) => {
        const mine = await standingRow(db, circleId, memberId);
        if (!mine || mine.points <= 0) return null;
        const [ahead] = await db
          .select({ n: count() })
          .from(pointStandings)
          .where(and(eq(pointStandings.circleId, circleId), gt(pointStandings.points, mine.points)));
        return (ahead?.n ?? 0) + 1;
      });
    },

    async top(circleId, since, limit) {
      if (since === null) {
        return pg.run((db) =>
          db
            .select({ memberId: pointStandings.memberId, points: pointStandings.points })
            .from(pointStandings)
            .where(and(eq(pointStandings.circleId, circleId), gt(pointStandings.points, 0)))
            .orderBy(desc(pointStandings.points), asc(pointStandings.memberId))
            .limit(limit),
        );
      }
      const earned = sql<number>`sum(${pointLedger.points})`.mapWith(Number);
      return pg.run((db) =>
        db
          .select({ memberId: pointLedger.memberId, points: earned })
          .from(pointLedger)
          .where(and(eq(pointLedger.circleId, circleId), gte(pointLedger.at, since)))
          .groupBy(pointLedger.memberId)
          .having(gt(earned, 0))
          .orderBy(desc(earned), asc(pointLedger.memberId))
          .limit(limit),
      );
    },

    async ranked(circleId) {
      const [row] = await pg.run((db) =>
        db
          .select({ n: count() })
          .from(pointStandings)
          .where(and(eq(pointStandings.circleId, circleId), gt(pointStandings.points, 0))),
      );
      return row?.n ?? 0;
    },

    async inactiveSince(circleId, before, limit) {
      // A member never seen active (`last_active_at` null) is left out: decay takes nothing on a guess.
      const rows = await pg.run((db) =>
        db
          .select()
          .from(pointStandings)
          .where(
            and(
              eq(pointStandings.circleId, circleId),
              gt(pointStandings.points, 0),
              lt(pointStandings.lastActiveAt, before),
            ),
          )
          .orderBy(asc(pointStandings.lastActiveAt), asc(pointStandings.memberId))
          .limit(limit),
      );
      return rows.map(toStanding);
    },

    async createCode(code) {
      const [row] = await pg.write((db) =>
        db
          .insert(checkinCodes)
          .values({ ...code, uses: 0 })
          .onConflictDoNothing({ target: [checkinCodes.circleId, checkinCodes.code] })
          .returning(),
      );
      if (!row) throw duplicateCode(code);
      return toCode(row);
    },

    async redeem(circleId, code, memberId, at, levelOf) {
      return pg.atomic(async (tx): Promise<RedeemResult> => {
        // Locking the code row makes redeemers of one code take turns: `uses` never passes `max_uses`.
        const [found] = await tx
          .select()
          .from(checkinCodes)
          .where(and(eq(checkinCodes.circleId, circleId), eq(checkinCodes.code, code)))
          .limit(1)
          .for('update');
        if (!found) return { ok: false, reason: 'unknown' };
        const [redeemedBefore] = await tx
          .select({ at: checkinRedemptions.at })
          .from(checkinRedemptions)
          .where(and(eq(checkinRedemptions.codeId, found.id), eq(checkinRedemptions.memberId, memberId)))
          .limit(1);
        const reason = refusal(found, redeemedBefore !== undefined, at);
        if (reason) return { ok: false, reason };
        await tx.insert(checkinRedemptions).values({ codeId: found.id, memberId, at });
        const [used] = await tx
          .update(checkinCodes)
          .set({ uses: sql`${checkinCodes.uses} + 1` })
          .where(eq(checkinCodes.id, found.id))
          .returning();
        const entry = checkinEntry(found, memberId, at);
        const memo = pg.memo?.() ?? null;
        const result = await apply(tx, circleId, memberId, [entry], { activeAt: at }, levelOf, memo);
        return { ok: true, code: toCode(used!), result };
      });
    },
  };
}
