import type { EntryQuestion, NewQuestion } from '../gate/repo.js';
import type { MemberRecord, MembershipStatus } from '../repos.js';

/** A signed-in dashboard session, found by the SHA-256 of the token its cookie carries. */
export interface DashboardSession {
  /** Hex SHA-256 of the cookie's random token: the database never holds a usable token. */
  readonly id: string;
  readonly memberId: number;
  /** Synchronizer token every form of this session carries. */
  readonly csrf: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** Messages, joins and approvals in a circle on one UTC day. */
export interface ActivityDay {
  /** Days since 1970-01-01 (UTC). */
  readonly day: number;
  readonly messages: number;
  readonly joins: number;
  readonly approvals: number;
}

/** One row of the members page: the person, their membership and standing. */
export interface MemberRow {
  readonly member: MemberRecord;
  readonly status: MembershipStatus;
  readonly joinedAt: Date | null;
  readonly points: number;
  readonly level: number;
}

/** Clicks of a circle's offers on one UTC day. */
export interface ClicksDay {
  readonly day: number;
  readonly clicks: number;
}

/** Completed payments (less refunds) of a circle in one currency on one UTC day. */
export interface RevenueDay {
  readonly day: number;
  readonly currency: string;
  readonly amountMinor: number;
  readonly payments: number;
}

/**
 * What the owner dashboard keeps (used login links, sessions, activity counters) and the read queries only
 * its pages need. Each method is atomic on its own.
 */
export interface DashboardRepo {
  /**
   * Marks a login link's id used. True the first time; false when it was used before (then nothing
   * changes). `expiresAt` says when the row may be pruned.
   */
  spendLoginToken(id: string, memberId: number, expiresAt: Date, at: Date): Promise<boolean>;
  /** Whether a login link's id was already used. */
  loginTokenSpent(id: string): Promise<boolean>;
  createSession(session: DashboardSession): Promise<void>;
  /** The session with this id if it has not expired at `now`. */
  session(id: string, now: Date): Promise<DashboardSession | null>;
  endSession(id: string): Promise<void>;
  /** Deletes expired sessions and used-link rows past their expiry; returns how many rows went. */
  prune(now: Date): Promise<number>;

  /** Adds to a circle's counters for the UTC day number `day`. */
  countActivity(circleId: number, day: number, add: { messages?: number; joins?: number }): Promise<void>;
  /** Days in `[fromDay, toDay]` with any activity, oldest first; approvals come from decided applications. */
  activity(circleId: number, fromDay: number, toDay: number): Promise<ActivityDay[]>;

  /**
   * A page of a circle's people (any membership status), best standing first. `search` matches a username
   * or display name (case-insensitive substring) or the platform id exactly.
   */
  members(
    circleId: number,
    query: { readonly search?: string; readonly limit: number; readonly offset: number },
  ): Promise<{ rows: MemberRow[]; total: number }>;

  /** Clicks per UTC day of a circle's offers (removed ones too) in `[fromDay, toDay]`, oldest first. */
  clicksByDay(circleId: number, fromDay: number, toDay: number): Promise<ClicksDay[]>;
  /**
   * Completed payments per UTC day and currency in `[fromDay, toDay]`, by creation time, oldest first;
   * `amountMinor` is net of their partial refunds (a refunded payment is not completed).
   */
  revenueByDay(circleId: number, fromDay: number, toDay: number): Promise<RevenueDay[]>;

  /**
   * Replaces the question at a 1-based position in place (its position stays). `null` when the circle
   * has no question there.
   */
  replaceQuestion(circleId: number, position: number, question: NewQuestion): Promise<EntryQuestion | null>;
}
