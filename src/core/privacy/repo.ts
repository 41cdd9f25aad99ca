import type { CreditReport } from '../credit/report.js';
import type { Answer, ApplicationState, QuestionSnapshot, Reason } from '../gate/repo.js';
import type { Payment } from '../market/repo.js';
import type { Platform } from '../refs.js';
import type { MembershipStatus } from '../repos.js';

/** Everything circlebot holds about one person, across circles: what `/mydata` sends them. */
export interface PersonalData {
  readonly member: {
    readonly id: number;
    readonly platform: Platform;
    readonly platformUserId: string;
    readonly username: string | null;
    readonly displayName: string | null;
    readonly firstSeenAt: Date;
  };
  readonly memberships: ReadonlyArray<{
    readonly circleId: number;
    readonly circle: string;
    readonly status: MembershipStatus;
    readonly since: Date;
    readonly joinedAt: Date | null;
  }>;
  readonly points: ReadonlyArray<{
    readonly circleId: number;
    readonly points: number;
    readonly level: number;
    readonly lastActiveAt: Date | null;
    /** Ledger rows and their sum, per kind (`message`, `checkin`, …). */
    readonly ledger: ReadonlyArray<{
      readonly kind: string;
      readonly entries: number;
      readonly points: number;
    }>;
  }>;
  readonly applications: ReadonlyArray<{
    readonly id: number;
    readonly circleId: number;
    readonly state: ApplicationState;
    readonly questions: readonly QuestionSnapshot[];
    readonly answers: readonly Answer[];
    readonly reason: Reason | null;
    readonly credit: CreditReport | null;
    readonly createdAt: Date;
    readonly decidedAt: Date | null;
  }>;
  /** Reports from credit providers, as cached. */
  readonly creditReports: ReadonlyArray<{ readonly provider: string; readonly report: CreditReport }>;
  readonly vouchesGiven: ReadonlyArray<{
    readonly circleId: number;
    readonly applicantId: number;
    readonly at: Date;
  }>;
  readonly vouchesReceived: ReadonlyArray<{
    readonly circleId: number;
    readonly voucherId: number;
    readonly at: Date;
  }>;
  readonly checkins: ReadonlyArray<{ readonly circleId: number; readonly title: string; readonly at: Date }>;
  readonly payments: readonly Payment[];
  readonly clicks: ReadonlyArray<{ readonly offerId: number; readonly title: string; readonly at: Date }>;
  /**
   * What the automation remembers so as not to message a person twice: their `/quiet` choice, the nudges
   * sent to them, the circles that welcomed them (this stay) and the digests they asked for. Dates only, no
   * texts; kept by `forget` (it is what keeps the bot from writing to them again).
   */
  readonly reminders: {
    readonly quietSince: Date | null;
    readonly nudges: ReadonlyArray<{
      readonly circleId: number;
      readonly at: Date;
      readonly reached: boolean;
    }>;
    readonly welcomes: ReadonlyArray<{ readonly circleId: number; readonly at: Date }>;
    readonly digests: ReadonlyArray<{ readonly circleId: number; readonly since: Date }>;
  };
}

/** What `forget` removed or changed, for the member's confirmation. */
export interface ForgetSummary {
  readonly answers: number;
  readonly creditReports: number;
  readonly vouches: number;
  readonly clicks: number;
  /** Circles whose points restarted from zero. */
  readonly pointsReset: number;
  /** Payments kept for accounting with the payer replaced by the alias. */
  readonly paymentsAnonymised: number;
}

export interface PrivacyRepo {
  collect(memberId: number): Promise<PersonalData>;
  /**
   * Deletes a person's personal data in one transaction: answers (and the credit report kept with them),
   * cached credit reports, vouches given and received, tracked-link clicks, login sessions, the texts
   * the anti-farming rules remember; points restart from zero except in `keepPointsIn`; payments stay for
   * accounting with the payer replaced by `alias`. The member record and memberships stay: a member stays
   * a member. Names and points are the members' and points repositories' to forget (they cache).
   */
  forget(
    memberId: number,
    opts: { readonly alias: string; readonly keepPointsIn: readonly number[] },
  ): Promise<ForgetSummary>;
  /**
   * Deletes the answers (and the credit report kept with them) of the circle's applications decided before
   * `before`; returns how many applications lost their answers.
   */
  purgeAnswers(circleId: number, before: Date): Promise<number>;
}
