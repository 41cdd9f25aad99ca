import type { PaymentNotice, PaymentStatus } from './payment.js';
import type { PaymentAttribution, PaymentPurpose } from './repo.js';

/** The stored columns a step reads: both stores hold the row under their transaction while it decides. */
export interface StoredPaymentState {
  readonly status: PaymentStatus;
  readonly refundedMinor: number;
  readonly purpose: PaymentPurpose;
  readonly lastEventAt: Date;
}

/** Columns one event writes on an existing payment (only the ones named). */
export interface PaymentChanges {
  readonly status?: PaymentStatus;
  readonly amountMinor?: number;
  readonly refundedMinor?: number;
  readonly lastEventAt?: Date;
}

/** What one new event does to a stored payment; the stores carry it out. */
export interface PaymentStep {
  /** `applied`: the status, amount or refunded total moved; `stale`: the event changes none of them. */
  readonly outcome: 'applied' | 'stale';
  readonly changes: PaymentChanges;
  /** The event names what an unattributed payment was for: take its attribution and reference. */
  readonly learn: boolean;
}

/** Order of statuses for events at the same instant: a refund is never undone by its own payment. */
const RANK: Record<PaymentStatus, number> = { completed: 0, refunded: 1 };

/** The refunded total a notice reports: a refund without one gave all back; a completion gives none. */
export function reportedRefund(notice: PaymentNotice): number {
  if (notice.status === 'completed') return 0;
  return notice.refundedMinor ?? (notice.status === 'refunded' ? notice.amountMinor : 0);
}

/** The status a payment first seen through this notice is stored with (a partial refund: `completed`). */
export function firstStatus(notice: PaymentNotice): PaymentStatus {
  return notice.status === 'partially_refunded' ? 'completed' : notice.status;
}

/**
 * What a stored payment reports as given back: the whole amount once refunded, else the refunded total
 * kept, never more than the amount (a provider's odd report cannot make net revenue negative).
 */
export function refundedOf(row: {
  status: PaymentStatus;
  amountMinor: number;
  refundedMinor: number;
}): number {
  return row.status === 'refunded' ? row.amountMinor : Math.min(row.refundedMinor, row.amountMinor);
}

/** Whether a completion or full refund is newer than the last one applied (same instant: `refunded` wins). */
function movesStatus(
  existing: StoredPaymentState,
  notice: PaymentNotice,
): notice is PaymentNotice & {
  status: PaymentStatus;
} {
  if (notice.status === 'partially_refunded') return false;
  const newer = notice.occurredAt.getTime() - existing.lastEventAt.getTime();
  return newer > 0 || (newer === 0 && RANK[notice.status] > RANK[existing.status]);
}

/**
 * Decides what a new (not duplicate) event does to an existing payment. The refunded total is cumulative,
 * so the largest reported is kept whatever order events come in: a redelivered or older one never lowers
 * it. A partial refund never touches the status or the event time, so it cannot undo a full refund or
 * hide a completion. A completion or a full refund moves the status only when newer than the last one
 * applied; a completion also brings the amount paid. An unattributed payment learns whom it is for from
 * any event that says.
 */
export function stepFor(
  existing: StoredPaymentState,
  notice: PaymentNotice,
  attribution: PaymentAttribution,
): PaymentStep {
  const refunded = Math.max(existing.refundedMinor, reportedRefund(notice));
  const changes: PaymentChanges = {
    ...(movesStatus(existing, notice)
      ? {
          status: notice.status,
          ...(notice.status === 'completed' ? { amountMinor: notice.amountMinor } : {}),
          lastEventAt: notice.occurredAt,
        }
      : {}),
    ...(refunded > existing.refundedMinor ? { refundedMinor: refunded } : {}),
  };
  return {
    outcome: Object.keys(changes).length > 0 ? 'applied' : 'stale',
    changes,
    learn: existing.purpose === 'unknown' && attribution.purpose !== 'unknown',
  };
}
