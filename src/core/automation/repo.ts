import type { Reason } from '../gate/repo.js';

/** A member the nudge may write to: in the circle, quiet since `lastActiveAt`, not opted out. */
export interface QuietMember {
  readonly memberId: number;
  /** Their last activity in the circle (a counted message or check-in), else when they became a member. */
  readonly lastActiveAt: Date;
  readonly points: number;
  readonly level: number;
}

/** An admission decision of the digest's week, from the audit log. */
export interface DigestDecision {
  readonly approved: boolean;
  readonly memberId: number | null;
  /** Admin who decided; `null` when the rules did. */
  readonly actorId: number | null;
  readonly reason: Reason | null;
  readonly at: Date;
}

/** A member whose points moved in the digest's week. */
export interface DigestEarner {
  readonly memberId: number;
  /** Net points of the week (earned less taken). */
  readonly gained: number;
  /** Their total at the end of the week. */
  readonly totalAtEnd: number;
}

/** Payments of the week in one currency, by when they were made; their status is the current one. */
export interface DigestPayments {
  readonly currency: string;
  /** Payments still completed (partly refunded ones too). */
  readonly completed: number;
  /** What the completed ones kept: their amounts less what was given back of them. */
  readonly amountMinor: number;
  /** Payments with money given back, in full or in part. */
  readonly refunded: number;
  /** What was given back (all of a refunded payment). */
  readonly refundedMinor: number;
}

/** What happened in a circle in `[from, to)`, as the weekly digest reports it. */
export interface DigestFacts {
  /** People who became members for the first time. */
  readonly joined: number;
  readonly approved: number;
  readonly declined: number;
  /** The first declines (at most the limit asked for), oldest first, with their reasons. */
  readonly declines: readonly DigestDecision[];
  /** Every member whose points moved, most gained first. */
  readonly earners: readonly DigestEarner[];
  readonly checkins: number;
  /** Hits on the circle's tracked links (removed offers too). */
  readonly clicks: number;
  readonly payments: readonly DigestPayments[];
}

/**
 * What the automation keeps: who was welcomed, who opted out of nudges, who was nudged when, who gets the
 * digest and which digests went out — and the read query the digest needs. Each method is atomic.
 */
export interface AutomationRepo {
  /**
   * Marks a member welcomed in a circle. True the first time; false while the mark stands (the welcome of
   * this stay was already sent, or is being sent), so two ways of learning of one join welcome once.
   */
  claimWelcome(circleId: number, memberId: number, at: Date): Promise<boolean>;
  /** Clears the mark when the member leaves: coming back is welcomed again. */
  clearWelcome(circleId: number, memberId: number): Promise<void>;

  /** Opts a person out of nudges in every circle (`quiet`), or back in. */
  setQuiet(memberId: number, quiet: boolean, at: Date): Promise<void>;
  isQuiet(memberId: number): Promise<boolean>;

  /**
   * Members of the circle quiet since before `before`, not opted out, and not nudged since their last
   * activity (one nudge per quiet stretch); longest quiet first.
   */
  quietMembers(circleId: number, before: Date, limit: number): Promise<QuietMember[]>;
  /**
   * Records a nudge about to be sent. True for the first caller only: false when the member was already
   * nudged at or after `lastActiveAt` (a job run twice nudges once).
   */
  claimNudge(circleId: number, memberId: number, lastActiveAt: Date, at: Date): Promise<boolean>;
  /** The nudge could not be delivered (closed DMs): kept, so the member is not tried again every day. */
  nudgeUnreachable(circleId: number, memberId: number): Promise<void>;
  /** The last nudge of a member in a circle, if any. */
  lastNudge(circleId: number, memberId: number): Promise<{ at: Date; reached: boolean } | null>;

  /** Adds an admin to the circle's digest; false when they were already on it. */
  subscribeDigest(circleId: number, memberId: number, at: Date): Promise<boolean>;
  /** Takes an admin off the digest; false when they were not on it. */
  unsubscribeDigest(circleId: number, memberId: number): Promise<boolean>;
  /** Who gets the circle's digest, in the order they asked. */
  digestSubscribers(circleId: number): Promise<number[]>;
  /** Claims the digest of the week ending `periodEnd` for one admin: true for the first caller only. */
  claimDigest(circleId: number, memberId: number, periodEnd: Date, at: Date): Promise<boolean>;
  /** What happened in `[from, to)`; `declineLimit` bounds the declines listed (not their count). */
  digestFacts(circleId: number, from: Date, to: Date, declineLimit: number): Promise<DigestFacts>;
}
