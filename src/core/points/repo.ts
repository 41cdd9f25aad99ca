import type { MemberActivityState } from './state.js';

/** Why points moved: one ledger row each. */
export const LEDGER_KINDS = [
  'message',
  'reaction',
  'reply',
  'streak',
  'checkin',
  'admin',
  'decay',
  'import',
  'payment',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** A member's standing in one circle: the running total kept in step with the ledger, and the rules' memory. */
export interface Standing {
  readonly circleId: number;
  readonly memberId: number;
  readonly points: number;
  readonly level: number;
  /** Last time the member did something that counts (a message, a check-in): decay reads it. */
  readonly lastActiveAt: Date | null;
  readonly state: MemberActivityState;
}

/** One movement of points. */
export interface LedgerEntry {
  readonly circleId: number;
  readonly memberId: number;
  readonly kind: LedgerKind;
  /** May be negative (admin take, decay). */
  readonly points: number;
  /**
   * Identity of what caused it (e.g. `msg:telegram:-100:42`, `checkin:7:3`), unique across the whole
   * ledger: an entry whose key is already there is ignored, so a redelivered update never counts twice.
   */
  readonly sourceKey?: string;
  /** Admin who gave or took; `null` for the rules. */
  readonly actorId?: number | null;
  readonly note?: string;
  readonly at: Date;
}

/** What `record` changes beside the ledger. */
export interface StandingUpdate {
  /** The rules' memory after the event (unchanged when omitted). */
  readonly state?: MemberActivityState;
  /** Marks the member active at this time (messages, check-ins). */
  readonly activeAt?: Date;
}

export interface RecordResult {
  readonly before: Standing;
  readonly after: Standing;
  /** Entries skipped because their `sourceKey` was already in the ledger. */
  readonly duplicates: number;
}

export interface CheckinCode {
  readonly id: number;
  readonly circleId: number;
  readonly code: string;
  readonly title: string;
  readonly points: number;
  readonly expiresAt: Date | null;
  readonly maxUses: number | null;
  readonly uses: number;
  readonly createdBy: number;
  readonly createdAt: Date;
}

export type RedeemResult =
  | { readonly ok: true; readonly code: CheckinCode; readonly result: RecordResult }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'used_up' | 'already_redeemed' };

export interface PointsRepo {
  /** The member's standing; a zero standing (empty state) when they never earned anything. */
  standing(circleId: number, memberId: number): Promise<Standing>;
  /**
   * Appends ledger entries for ONE member of ONE circle and moves their total by the sum, recomputing the
   * level with `levelOf`, in one transaction. The total never goes below 0 (a take larger than the total is
   * capped, and the ledger row says what was really taken). When every entry was already in the ledger,
   * nothing changes at all — not the state, not the activity time — so a redelivered event is a no-op.
   */
  record(
    circleId: number,
    memberId: number,
    entries: readonly LedgerEntry[],
    update: StandingUpdate,
    levelOf: (points: number) => number,
  ): Promise<RecordResult>;
  /**
   * For `/forgetme`: in every circle but `keepIn` the member's points restart from zero (ledger, standing
   * and check-ins deleted); where they are kept, only what the rules remember (recent texts) and the notes
   * on ledger rows are cleared. Returns how many circles were reset.
   */
  forgetMember(memberId: number, keepIn: readonly number[]): Promise<number>;
  /** 1-based rank by total in the circle (ties share the better rank); `null` with no points. */
  rank(circleId: number, memberId: number): Promise<number | null>;
  /** Highest totals (since `null`) or highest sums of ledger points since a time, best first. */
  top(
    circleId: number,
    since: Date | null,
    limit: number,
  ): Promise<Array<{ memberId: number; points: number }>>;
  /** How many members of the circle have points (for "rank 3 of 40"). */
  ranked(circleId: number): Promise<number>;
  /** Standings inactive since before `before` with points left (decay runs over them). */
  inactiveSince(circleId: number, before: Date, limit: number): Promise<Standing[]>;

  createCode(code: Omit<CheckinCode, 'id' | 'uses'>): Promise<CheckinCode>;
  /** Redeems a code once per member, atomically with its ledger entry and use count. */
  redeem(
    circleId: number,
    code: string,
    memberId: number,
    at: Date,
    levelOf: (points: number) => number,
  ): Promise<RedeemResult>;
}
