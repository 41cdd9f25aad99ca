import type { Database } from 'better-sqlite3';
import { and, asc, count, desc, eq, gt, gte, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type {
  LedgerEntry,
  LedgerKind,
  PointsRepo,
  RecordResult,
  Standing,
  StandingUpdate,
} from '../../core/points/repo.js';
import { MAX_RECENT } from '../../core/points/settings.js';
import { emptyActivityState, type MemberActivityState, readActivityState } from '../../core/points/state.js';
import { onGroupRollback } from '../group-commit.js';
import { checkEntry, later, zeroStanding } from '../points-rows.js';
import { checkinCodes, checkinRedemptions, pointLedger, pointStandings } from '../schema.js';
import { sqliteCheckins } from './checkins.js';
import type { Db } from './codec.js';

type LevelOf = (points: number) => number;

/** The drizzle handle with its better-sqlite3 connection, which `record` takes its transaction from. */
export type PointsDb = Db & { readonly $client: Database };

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

/** A `point_standings` row as `record` reads it (better-sqlite3, so no drizzle mapping). */
interface StandingRow {
  readonly points: number;
  readonly level: number;
  readonly last_active_at: number | null;
  readonly state: string;
}

/** `point_ledger` values in column order: circle, member, kind, points, source key, actor, note, at (ms). */
type EntryParams = [number, number, LedgerKind, number, string | null, number | null, string | null, number];

/** `point_standings` values in column order: circle, member, points, level, last active (ms), state, updated. */
type StandingParams = [number, number, number, number, number | null, string, number];

/** Stored JSON, or `null` when it does not parse (the state then reads as empty rather than failing). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const tally = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const day = (v: unknown) => v === null || (typeof v === 'string' && DAY.test(v));
const STATE_KEYS = Object.keys(emptyActivityState()).length;

/**
 * Whether `readActivityState(JSON.parse(JSON.stringify(state)))` would give `state` back unchanged, checked
 * by hand (no zod, no JSON): then the state `record` stores can be cached as it is.
 */
function isStoredAsIs(state: MemberActivityState): boolean {
  const { recent } = state;
  if (!Array.isArray(recent) || recent.length > MAX_RECENT) return false;
  for (let i = 0; i < recent.length; i++) if (typeof recent[i] !== 'string') return false;
  return (
    Object.keys(state).length === STATE_KEYS &&
    (state.lastEarnedAt === null || Number.isSafeInteger(state.lastEarnedAt)) &&
    day(state.streakDay) &&
    tally(state.streakLength) &&
    day(state.reactionDay) &&
    tally(state.reactionPointsToday) &&
    day(state.replyDay) &&
    tally(state.replyPointsToday)
  );
}

/**
 * Standings by (circle, member), `null` for a member with none, in two generations of at most `max`
 * entries: when the young one is full it becomes the old one and the old one is dropped, which costs
 * nothing per entry (a Map trimmed oldest-first walks the holes V8 leaves behind deleted entries).
 */
class StandingCache {
  #young = new Map<number | string, Standing | null>();
  #old = new Map<number | string, Standing | null>();

  constructor(private readonly max: number) {}

  /** A number for ids in the usual range (cheaper to hash), a string beyond it. */
  static key(circleId: number, memberId: number): number | string {
    return circleId < 2 ** 21 && memberId < 2 ** 32
      ? circleId * 2 ** 32 + memberId
      : `${circleId}:${memberId}`;
  }

  get(key: number | string): Standing | null | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: number | string, standing: Standing | null): void {
    if (this.#young.size >= this.max && !this.#young.has(key)) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, standing);
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }
}

/** Standings kept in memory: at least this many, at most twice as many. */
const STANDINGS_CACHED = 50_000;

/**
 * Points in SQLite. The ledger is the truth and each standing is kept equal to the sum of its member's
 * ledger rows: `record` and `redeem` write both in one IMMEDIATE transaction (inside a group commit, its
 * transaction: `redeem` in a SAVEPOINT, `record` undoing its own ledger rows should it fail part-way). An event whose entries were all already in the ledger changes nothing, so a redelivered update
 * neither counts twice nor applies its state twice. `record` throws `CB_ERR_INVALID_ENTRY` for an entry of
 * another member or circle or with non-integer points; `createCode` throws `CB_ERR_DUPLICATE` when the
 * circle already has that code.
 *
 * Standings are cached (every message reads its author's): this repository is the only writer of
 * `point_standings` in the one process that opens the file, it writes the cache through once a `record` or
 * `redeem` transaction has succeeded, and drops it all when a group commit is rolled back.
 */
export function sqlitePoints(db: PointsDb): PointsRepo {
  const cache = new StandingCache(STANDINGS_CACHED);
  onGroupRollback(db.$client, () => cache.clear());

  // `record` is the hot path of message points: its three statements are better-sqlite3 statements prepared
  // once, which takes about a third off each call compared with drizzle's prepared queries.
  const standingRow = db.$client.prepare<[number, number], StandingRow>(
    `select points, level, last_active_at, state from point_standings where circle_id = ? and member_id = ?`,
  );
  // Positional parameters: binding an object by name costs a property lookup per column on every call.
  const insertEntry = db.$client.prepare<EntryParams>(
    `insert into point_ledger (circle_id, member_id, kind, points, source_key, actor_id, note, at)
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (source_key) do nothing`,
  );
  const saveStanding = db.$client.prepare<StandingParams>(
    `insert into point_standings (circle_id, member_id, points, level, last_active_at, state, updated_at)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (circle_id, member_id) do update set points = excluded.points, level = excluded.level,
       last_active_at = excluded.last_active_at, state = excluded.state, updated_at = excluded.updated_at`,
  );

  function currentStanding(circleId: number, memberId: number): Standing | null {
    const key = StandingCache.key(circleId, memberId);
    const known = cache.get(key);
    if (known !== undefined) return known;
    const row = standingRow.get(circleId, memberId);
    const standing: Standing | null = row
      ? {
          circleId,
          memberId,
          points: row.points,
          level: row.level,
          lastActiveAt: row.last_active_at === null ? null : new Date(row.last_active_at),
          state: readActivityState(parseJson(row.state)),
        }
      : null;
    cache.set(key, standing);
    return standing;
  }

  /** Caches what a transaction that has just succeeded wrote (the state as it will read back). */
  function written(result: RecordResult, storedState: string | null): RecordResult {
    if (result.after === result.before || storedState === null) return result;
    const { after } = result;
    const cached = isStoredAsIs(after.state)
      ? after
      : { ...after, state: readActivityState(parseJson(storedState)) };
    cache.set(StandingCache.key(after.circleId, after.memberId), cached);
    return result;
  }

  /**
   * `record` without its transaction: the caller (record, redeem) holds one, and caches the standing
   * written (`stored` is its state's JSON) once it has succeeded.
   */
  function apply(
    circleId: number,
    memberId: number,
    entries: readonly LedgerEntry[],
    update: StandingUpdate,
    levelOf: LevelOf,
    /** Collects the ids of the ledger rows inserted, for `applyInGroup` to undo. */
    inserted?: Array<number | bigint>,
  ): { result: RecordResult; stored: string | null } {
    const before = currentStanding(circleId, memberId) ?? zeroStanding(circleId, memberId);
    let total = before.points;
    let duplicates = 0;
    for (const entry of entries) {
      checkEntry(entry, circleId, memberId);
      // A take larger than the total takes what is there, and the row says so.
      const points = Math.max(entry.points, 0 - total);
      const { changes, lastInsertRowid } = insertEntry.run(
        circleId,
        memberId,
        entry.kind,
        points,
        entry.sourceKey ?? null,
        entry.actorId ?? null,
        entry.note ?? null,
        entry.at.getTime(),
      );
      if (changes === 0) duplicates++;
      else {
        total += points;
        inserted?.push(lastInsertRowid);
      }
    }
    if (entries.length > 0 && duplicates === entries.length) {
      return { result: { before, after: before, duplicates }, stored: null };
    }
    const after: Standing = {
      circleId,
      memberId,
      points: total,
      level: levelOf(total),
      lastActiveAt: later(before.lastActiveAt, update.activeAt),
      state: update.state ?? before.state,
    };
    const stored = JSON.stringify(after.state);
    saveStanding.run(
      circleId,
      memberId,
      after.points,
      after.level,
      after.lastActiveAt?.getTime() ?? null,
      stored,
      Date.now(),
    );
    return { result: { before, after, duplicates }, stored };
  }

  // Built once: drizzle's `db.transaction` wraps a fresh better-sqlite3 transaction on every call.
  const recordInTransaction = db.$client.transaction(apply);
  const dropEntry = db.$client.prepare<[number | bigint]>('delete from point_ledger where id = ?');

  /**
   * `apply` inside the group commit's transaction without a SAVEPOINT of its own (one for every message
   * cost about a tenth of the write time): should a statement fail part-way, the ledger rows it inserted
   * are deleted again, so the standing and its ledger still move together. A failure that ends the whole
   * transaction (SQLITE_FULL, I/O) loses the group commit, which nobody acknowledges.
   */
  function applyInGroup(
    circleId: number,
    memberId: number,
    entries: readonly LedgerEntry[],
    update: StandingUpdate,
    levelOf: LevelOf,
  ): ReturnType<typeof apply> {
    const inserted: Array<number | bigint> = [];
    try {
      return apply(circleId, memberId, entries, update, levelOf, inserted);
    } catch (err) {
      if (db.$client.inTransaction) for (const id of inserted) dropEntry.run(id);
      throw err;
    }
  }

  return {
    async forgetMember(memberId, keepIn) {
      const reset = db.transaction((tx) => {
        const notKept = keepIn.length > 0 ? notInArray(pointStandings.circleId, [...keepIn]) : undefined;
        const circles = tx
          .select({ circleId: pointStandings.circleId })
          .from(pointStandings)
          .where(and(eq(pointStandings.memberId, memberId), notKept))
          .all()
          .map((r) => r.circleId);
        if (circles.length > 0) {
          tx.delete(pointLedger)
            .where(and(eq(pointLedger.memberId, memberId), inArray(pointLedger.circleId, circles)))
            .run();
          tx.delete(pointStandings)
            .where(and(eq(pointStandings.memberId, memberId), inArray(pointStandings.circleId, circles)))
            .run();
          const codes = tx
            .select({ id: checkinCodes.id })
            .from(checkinCodes)
            .where(inArray(checkinCodes.circleId, circles));
          tx.delete(checkinRedemptions)
            .where(and(eq(checkinRedemptions.memberId, memberId), inArray(checkinRedemptions.codeId, codes)))
            .run();
        }
        tx.update(pointLedger).set({ note: null }).where(eq(pointLedger.memberId, memberId)).run();
        tx.update(pointStandings)
          .set({ state: emptyActivityState() })
          .where(eq(pointStandings.memberId, memberId))
          .run();
        return circles.length;
      });
      // Rare: dropping every cached standing is simpler than finding this member's.
      cache.clear();
      return reset;
    },

    async standing(circleId, memberId) {
      return currentStanding(circleId, memberId) ?? zeroStanding(circleId, memberId);
    },

    async record(circleId, memberId, entries, update, levelOf) {
      const { result, stored } = db.$client.inTransaction
        ? applyInGroup(circleId, memberId, entries, update, levelOf)
        : recordInTransaction.immediate(circleId, memberId, entries, update, levelOf);
      return written(result, stored);
    },

    async rank(circleId, memberId) {
      const mine = currentStanding(circleId, memberId);
      if (!mine || mine.points <= 0) return null;
      const ahead = db
        .select({ n: count() })
        .from(pointStandings)
        .where(and(eq(pointStandings.circleId, circleId), gt(pointStandings.points, mine.points)))
        .get();
      return (ahead?.n ?? 0) + 1;
    },

    async top(circleId, since, limit) {
      if (since === null) {
        return db
          .select({ memberId: pointStandings.memberId, points: pointStandings.points })
          .from(pointStandings)
          .where(and(eq(pointStandings.circleId, circleId), gt(pointStandings.points, 0)))
          .orderBy(desc(pointStandings.points), asc(pointStandings.memberId))
          .limit(limit)
          .all();
      }
      const earned = sql<number>`sum(${pointLedger.points})`.mapWith(Number);
      return db
        .select({ memberId: pointLedger.memberId, points: earned })
        .from(pointLedger)
        .where(and(eq(pointLedger.circleId, circleId), gte(pointLedger.at, since)))
        .groupBy(pointLedger.memberId)
        .having(gt(earned, 0))
        .orderBy(desc(earned), asc(pointLedger.memberId))
        .limit(limit)
        .all();
    },

    async ranked(circleId) {
      const row = db
        .select({ n: count() })
        .from(pointStandings)
        .where(and(eq(pointStandings.circleId, circleId), gt(pointStandings.points, 0)))
        .get();
      return row?.n ?? 0;
    },

    async inactiveSince(circleId, before, limit) {
      // A member never seen active (`last_active_at` null) is left out: decay takes nothing on a guess.
      return db
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
        .limit(limit)
        .all()
        .map(toStanding);
    },

    ...sqliteCheckins(db, apply, written),
  };
}
