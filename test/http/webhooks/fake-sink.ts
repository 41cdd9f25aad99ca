import type {
  PaymentNotice,
  PaymentOutcome,
  PaymentSink,
  PaymentStatus,
} from '../../../src/core/market/payment.js';

/** One payment as the fake keeps it: the latest event wins, as in the real payments table. */
export interface FakePayment {
  readonly status: PaymentStatus;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reference: string | null;
  readonly lastEventAt: Date;
}

const RANK: Record<PaymentStatus, number> = { completed: 0, refunded: 1 };

/**
 * An in-memory `PaymentSink` with the real one's rules: an event id seen before is `duplicate`; an event
 * older than the payment's latest is `stale`; otherwise the payment is created or updated (`recorded`).
 * Records every notice handed to it and counts changes to its stored state; `failWith` makes it throw.
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
      const newer = notice.occurredAt.getTime() - existing.lastEventAt.getTime();
      if (newer < 0 || (newer === 0 && RANK[notice.status] <= RANK[existing.status])) return 'stale';
    }
    this.payments.set(key, {
      status: notice.status,
      amountMinor: notice.status === 'completed' || !existing ? notice.amountMinor : existing.amountMinor,
      currency: notice.currency,
      reference: existing?.reference ?? notice.reference,
      lastEventAt: notice.occurredAt,
    });
    this.changes += 1;
    return 'recorded';
  }
}
