import type {
  PaymentNotice,
  PaymentOutcome,
  PaymentSink,
  PaymentStatus,
} from '../../../src/core/market/payment.js';
import { firstStatus, reportedRefund, stepFor } from '../../../src/core/market/payment-step.js';
import { UNATTRIBUTED } from '../../../src/core/market/repo.js';

/** One payment as the fake keeps it: the latest event wins, as in the real payments table. */
export interface FakePayment {
  readonly status: PaymentStatus;
  readonly amountMinor: number;
  readonly refundedMinor: number;
  readonly currency: string;
  readonly reference: string | null;
  readonly lastEventAt: Date;
}

/**
 * An in-memory `PaymentSink` with the real one's rules (`stepFor`): an event id seen before is `duplicate`;
 * an event that changes nothing (older than the payment's latest, or a refunded total not above the one
 * kept) is `stale`; otherwise the payment is created or updated (`recorded`). Records every notice handed
 * to it and counts changes to its stored state; `failWith` makes it throw.
 */
export class FakePaymentSink implements PaymentSink {
  readonly received: PaymentNotice[] = [];
  readonly payments = new Map<string, FakePayment>();
  /** How many times a payment was created or changed. */
  changes = 0;
  failWith: Error | null = null;
  private readonly seen = new Set<string>();

  async receive(notice: PaymentNotice): Promise<PaymentOutcome> {
    this.received.push(notice);
    if (this.failWith) throw this.failWith;
    const event = `${notice.provider}:${notice.eventId}`;
    if (this.seen.has(event)) return 'duplicate';
    this.seen.add(event);
    const key = `${notice.provider}:${notice.providerPaymentId}`;
    const existing = this.payments.get(key);
    if (existing) {
      const step = stepFor({ ...existing, purpose: 'unknown' }, notice, UNATTRIBUTED);
      if (step.outcome === 'stale') return 'stale';
      this.payments.set(key, { ...existing, ...step.changes });
    } else {
      this.payments.set(key, {
        status: firstStatus(notice),
        amountMinor: notice.amountMinor,
        refundedMinor: reportedRefund(notice),
        currency: notice.currency,
        reference: notice.reference,
        lastEventAt: notice.occurredAt,
      });
    }
    this.changes += 1;
    return 'recorded';
  }
}
