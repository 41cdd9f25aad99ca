import { and, eq, sql } from 'drizzle-orm';
import type {
  LedgerEntry,
  PointsRepo,
  RecordResult,
  RedeemResult,
  StandingUpdate,
} from '../../core/points/repo.js';
import { checkinEntry, duplicateCode, refusal, toCode } from '../points-rows.js';
import { checkinCodes, checkinRedemptions } from '../schema.js';
import type { PointsDb } from './points.js';

/** `record` without its transaction, as the points repository runs it (see `sqlitePoints`). */
type Apply = (
  circleId: number,
  memberId: number,
  entries: readonly LedgerEntry[],
  update: StandingUpdate,
  levelOf: (points: number) => number,
) => { result: RecordResult; stored: string | null };

/**
 * Offline check-in codes in SQLite, part of the points repository: a redemption, the code's use and its
 * ledger entry are written in one IMMEDIATE transaction (a SAVEPOINT inside a group commit) through the
 * repository's own `apply`, and the standing it wrote is cached through `written` once that succeeded.
 */
export function sqliteCheckins(
  db: PointsDb,
  apply: Apply,
  written: (result: RecordResult, stored: string | null) => RecordResult,
): Pick<PointsRepo, 'createCode' | 'redeem'> {
  return {
    async createCode(code) {
      const row = db
        .insert(checkinCodes)
        .values({ ...code, uses: 0 })
        .onConflictDoNothing({ target: [checkinCodes.circleId, checkinCodes.code] })
        .returning()
        .get();
      if (!row) throw duplicateCode(code);
      return toCode(row);
    },

    async redeem(circleId, code, memberId, at, levelOf) {
      let stored: string | null = null;
      const redeemed = db.transaction(
        (tx): RedeemResult => {
          const found = tx
            .select()
            .from(checkinCodes)
            .where(and(eq(checkinCodes.circleId, circleId), eq(checkinCodes.code, code)))
            .get();
          if (!found) return { ok: false, reason: 'unknown' };
          const redeemedBefore = tx
            .select({ at: checkinRedemptions.at })
            .from(checkinRedemptions)
            .where(and(eq(checkinRedemptions.codeId, found.id), eq(checkinRedemptions.memberId, memberId)))
            .get();
          const reason = refusal(found, redeemedBefore !== undefined, at);
          if (reason) return { ok: false, reason };
          tx.insert(checkinRedemptions).values({ codeId: found.id, memberId, at }).run();
          const used = tx
            .update(checkinCodes)
            .set({ uses: sql`${checkinCodes.uses} + 1` })
            .where(eq(checkinCodes.id, found.id))
            .returning()
            .get();
          const entry = checkinEntry(found, memberId, at);
          const applied = apply(circleId, memberId, [entry], { activeAt: at }, levelOf);
          stored = applied.stored;
          return { ok: true, code: toCode(used!), result: applied.result };
        },
        { behavior: 'immediate' },
      );
      if (redeemed.ok) written(redeemed.result, stored);
      return redeemed;
    },
  };
}
