import type { Circle } from '../circle.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { levelOf } from '../points/flow.js';
import type { RecordResult } from '../points/repo.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import type { PaymentNotice, PaymentOutcome, PaymentSink } from './payment.js';
import { readReference } from './references.js';
import { type Payment, type PaymentAttribution, UNATTRIBUTED } from './repo.js';
import { coversFee } from './settings.js';

export interface PaymentServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  /** A completed entry payment for an application: the gate admits it (idempotent). */
  readonly onEntryPaid: (applicationId: number) => Promise<unknown>;
  /** After a payment moved the payer's points (level roles, level-up line). */
  readonly afterPoints?: (circle: Circle, member: MemberRecord, result: RecordResult) => Promise<void>;
}

/**
 * Takes every verified payment notice — webhooks and in-chat payments alike: stores it (once, newest event
 * wins; refunded totals only rise), audits it, awards the circle's payment points, and lets a paid applicant
 * in. A partial refund is recorded and audited but takes nothing back: points and entry stay.
 */
export class PaymentService implements PaymentSink {
  constructor(private readonly deps: PaymentServiceDeps) {}

  /** From outside an event (a webhook): resolves once the payment and what it caused are committed. */
  receive(notice: PaymentNotice): Promise<PaymentOutcome> {
    return this.deps.store.durably(() => this.apply(notice));
  }

  /** Inside an event already being handled durably (a Telegram `successful_payment`). */
  async apply(notice: PaymentNotice): Promise<PaymentOutcome> {
    const { store, clock, log } = this.deps;
    const attribution = await this.attribute(notice.reference);
    const now = clock.now();
    const result = await store.payments.apply(notice, attribution, now);
    const fields = { provider: notice.provider, eventId: notice.eventId, status: notice.status };
    if (result.outcome === 'duplicate') {
      log.info({ ...fields, outcome: 'duplicate' }, 'payment event already applied');
      return 'duplicate';
    }
    const payment = result.payment;
    // A payment first seen unattributed (a partial refund before its checkout) is acted on once an event
    // says whom it is for, even an older one.
    const first = result.outcome === 'applied' ? result.previous !== 'completed' : false;
    const completes = payment.status === 'completed' && (first || result.learnt);
    if (result.outcome === 'stale' && !completes) {
      log.info(
        { ...fields, paymentId: payment.id, outcome: 'stale' },
        'payment event changes nothing: older than the last applied, or a refund total already kept',
      );
      return 'stale';
    }
    await store.audit.record({
      circleId: payment.circleId,
      actorId: null,
      action: `market.payment.${notice.status === 'partially_refunded' ? notice.status : payment.status}`,
      targetId: payment.memberId,
      detail: {
        paymentId: payment.id,
        provider: payment.provider,
        amountMinor: payment.amountMinor,
        refundedMinor: payment.refundedMinor,
        currency: payment.currency,
        purpose: payment.purpose,
        offerId: payment.offerId,
        applicationId: payment.applicationId,
      },
      at: now,
    });
    log.info(
      { ...fields, paymentId: payment.id, purpose: payment.purpose, circleId: payment.circleId },
      'payment applied',
    );
    if (payment.purpose === 'unknown') return 'unmatched';
    if (completes) await this.completed(payment);
    return 'recorded';
  }

  /** Whom and what a reference names; unknown when it names nothing stored. */
  private async attribute(reference: string | null): Promise<PaymentAttribution> {
    const { store } = this.deps;
    const read = readReference(reference);
    if (read?.kind === 'entry') {
      const application = await store.gate.application(read.applicationId);
      if (!application) return UNATTRIBUTED;
      return {
        purpose: 'entry',
        circleId: application.circleId,
        memberId: application.memberId,
        applicationId: application.id,
        offerId: null,
      };
    }
    if (read?.kind === 'offer') {
      const offer = await store.market.offerById(read.offerId);
      if (!offer) return UNATTRIBUTED;
      return {
        purpose: 'offer',
        circleId: offer.circleId,
        memberId: read.memberId,
        applicationId: null,
        offerId: offer.id,
      };
    }
    return UNATTRIBUTED;
  }

  private async completed(payment: Payment): Promise<void> {
    const { store, clock, log } = this.deps;
    const circle = payment.circleId === null ? null : await store.circles.byId(payment.circleId);
    if (!circle) return;
    const member = payment.memberId === null ? null : await store.members.byId(payment.memberId);
    const award = circle.settings.market.paymentPoints;
    if (member && award > 0) {
      const result = await store.points.record(
        circle.id,
        member.id,
        [
          {
            circleId: circle.id,
            memberId: member.id,
            kind: 'payment',
            points: award,
            sourceKey: `payment:${payment.id}`,
            at: clock.now(),
          },
        ],
        {},
        levelOf,
      );
      if (result.duplicates === 0) await this.deps.afterPoints?.(circle, member, result);
    }
    if (payment.purpose !== 'entry' || payment.applicationId === null) return;
    const fee = circle.settings.market.paidEntry;
    if (fee && !coversFee(fee, payment)) {
      log.warn(
        { paymentId: payment.id, applicationId: payment.applicationId },
        'entry payment below the fee: not admitted; an admin decides',
      );
      await store.audit.record({
        circleId: circle.id,
        actorId: null,
        action: 'market.payment.short',
        targetId: payment.memberId,
        detail: { paymentId: payment.id, applicationId: payment.applicationId },
        at: clock.now(),
      });
      return;
    }
    await this.deps.onEntryPaid(payment.applicationId);
  }
}
