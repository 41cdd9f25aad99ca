import type { CreditReport } from './report.js';

/** What community credit reads about a person, across every circle. */
export interface CommunityHistory {
  /** When the person first became a member of any circle; `null` if never. */
  readonly firstJoinedAt: Date | null;
  /** Highest level the person holds now in any circle (admin takes and decay lower it). */
  readonly maxLevel: number;
  /** Payments completed in any circle. */
  readonly paymentsCompleted: number;
  /** Vouches received from members in good standing. */
  readonly vouchesReceived: number;
  readonly warnings: number;
  readonly kicks: number;
  readonly bans: number;
  /** Applications declined or expired in the last 30 days. */
  readonly failedScreenings30d: number;
  /** People this person vouched for who were banned within 30 days of the vouch. */
  readonly vouchedThenBanned: number;
}

/** Storage for credit: the history behind community credit, and cached provider reports. */
export interface CreditRepo {
  history(memberId: number, now: Date): Promise<CommunityHistory>;
  cached(provider: string, memberId: number, now: Date): Promise<CreditReport | null>;
  cache(provider: string, memberId: number, report: CreditReport, expiresAt: Date): Promise<void>;
}
