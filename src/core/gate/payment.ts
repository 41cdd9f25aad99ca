import type { Circle } from '../circle.js';
import type { MemberRecord } from '../repos.js';
import type { Application } from './repo.js';

/** What became of asking an applicant to pay. */
export type PaymentRequestOutcome =
  /** A completed payment for this application is already in (it came before the verdict). */
  | 'paid'
  /** The invoice or payment link went out. */
  | 'asked'
  /** The applicant cannot be reached privately. */
  | 'unreachable';

/**
 * Paid entry, as the gate sees it (the market provides it): whether a circle's admission needs a payment,
 * and asking an applicant in state `paying` for it.
 */
export interface EntryPayment {
  required(circle: Circle): boolean;
  request(circle: Circle, applicant: MemberRecord, application: Application): Promise<PaymentRequestOutcome>;
}
