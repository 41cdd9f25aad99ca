import { CircleError } from '../core/errors.js';
import type { CheckinCode, LedgerEntry, RedeemResult, Standing } from '../core/points/repo.js';
import { emptyActivityState } from '../core/points/state.js';

/** The rules both stores' points repositories apply to rows, whatever the dialect. */

type RefusalReason = Extract<RedeemResult, { ok: false }>['reason'];

/** The standing of a member who never earned in the circle. */
export function zeroStanding(circleId: number, memberId: number): Standing {
  return { circleId, memberId, points: 0, level: 0, lastActiveAt: null, state: emptyActivityState() };
}

/** A check-in code row as the core sees it (a stored row has these columns, under these names). */
export function toCode(row: CheckinCode): CheckinCode {
  return {
    id: row.id,
    circleId: row.circleId,
    code: row.code,
    title: row.title,
    points: row.points,
    expiresAt: row.expiresAt,
    maxUses: row.maxUses,
    uses: row.uses,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

/**
 * Why a member cannot redeem a code that exists, or `null` when they can. Having redeemed it already is
 * said first: "you already checked in" tells them more than "used up" or "expired".
 */
export function refusal(
  code: Pick<CheckinCode, 'expiresAt' | 'maxUses' | 'uses'>,
  redeemedBefore: boolean,
  at: Date,
): RefusalReason | null {
  if (redeemedBefore) return 'already_redeemed';
  if (code.expiresAt !== null && code.expiresAt <= at) return 'expired';
  if (code.maxUses !== null && code.uses >= code.maxUses) return 'used_up';
  return null;
}

/** The later of a stored time and a new one (a standing's last activity never moves back). */
export function later(a: Date | null, b: Date | undefined): Date | null {
  if (b === undefined) return a;
  return a === null || b > a ? b : a;
}

/** Throws `CB_ERR_INVALID_ENTRY` for an entry `record` must not write (rolling back the whole call). */
export function checkEntry(entry: LedgerEntry, circleId: number, memberId: number): void {
  if (entry.circleId !== circleId || entry.memberId !== memberId) {
    throw new CircleError(
      'CB_ERR_INVALID_ENTRY',
      `ledger entry for circle ${entry.circleId} member ${entry.memberId} recorded for circle ${circleId} member ${memberId}`,
    );
  }
  if (!Number.isSafeInteger(entry.points)) {
    throw new CircleError(
      'CB_ERR_INVALID_ENTRY',
      `ledger points must be a safe integer, got ${entry.points}`,
    );
  }
}

/** Refusal of a second code of the same text in one circle (`createCode`). */
export function duplicateCode(code: { circleId: number; code: string }): CircleError {
  return new CircleError(
    'CB_ERR_DUPLICATE',
    `circle ${code.circleId} already has check-in code ${code.code}`,
  );
}

/** The ledger entry of `memberId` redeeming `code` at `at`: keyed, so a redemption counts once. */
export function checkinEntry(
  code: Pick<CheckinCode, 'id' | 'circleId' | 'points' | 'title'>,
  memberId: number,
  at: Date,
): LedgerEntry {
  return {
    circleId: code.circleId,
    memberId,
    kind: 'checkin',
    points: code.points,
    sourceKey: `checkin:${code.id}:${memberId}`,
    actorId: null,
    note: code.title,
    at,
  };
}
