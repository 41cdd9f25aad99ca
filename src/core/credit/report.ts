import { MAX_SCORE, MIN_SCORE } from '../gate/settings.js';
import type { MemberRef } from '../refs.js';

/** One visible part of a score: which dimension, how many points, and the figure behind it. */
export interface CreditFactor {
  /** Message-catalog suffix: `credit.factor.<key>`. */
  readonly key: string;
  readonly points: number;
  /** The figure shown beside the factor (days, vouches, kicks …). */
  readonly value: number;
}

/** A credit report from one provider, or several combined. */
export interface CreditReport {
  /** 350–950. */
  readonly score: number;
  /** Whether the provider vouches for a real identity; `null` when it does not say. */
  readonly verified: boolean | null;
  readonly factors: readonly CreditFactor[];
  readonly source: string;
  readonly fetchedAt: Date;
  /** When a cached copy stops being good. */
  readonly expiresAt?: Date;
}

/** Who a provider is asked about. */
export interface CreditSubject {
  readonly memberId: number;
  readonly ref: MemberRef;
  readonly username: string | null;
}

/** Where a credit score comes from. Throws `CreditUnavailableError` when it cannot answer. */
export interface CreditProvider {
  readonly name: string;
  report(subject: CreditSubject): Promise<CreditReport>;
}

export function clampScore(score: number): number {
  return Math.min(MAX_SCORE, Math.max(MIN_SCORE, Math.round(score)));
}
