import { describe, expect, it } from 'vitest';
import type { PaymentNotice } from '../../../src/core/market/payment.js';
import type { PaymentAttribution } from '../../../src/core/market/repo.js';
import { aCircle, aMember, at, type StoreContext, T0 } from './fixtures.js';

const DAY_MS = 86_400_000;

/** Refunds: the refunded total is cumulative, only ever rises, and a partial one keeps a payment completed. */
export function describeRefundsContract(ctx: StoreContext): void {
  /** Ann paid 30.00 CNY for entry at minute 10 (Stripe), unless told otherwise. */
  function notice(more: Partial<PaymentNotice> = {}): PaymentNotice {
    return {
      provider: 'stripe',
      providerPaymentId: 'pi_1',
      eventId: 'evt_paid',
      status: 'completed',
      amountMinor: 3000,
      currency: 'CNY',
      reference: 'cb-a-1',
      occurredAt: at(10),
      ...more,
    };
  }
  /** A partial refund whose cumulative total is `refundedMinor`, told at `minutes`. */
  const partial = (eventId: string, refundedMinor: number, minutes: number) =>
    notice({ eventId, status: 'partially_refunded', refundedMinor, occurredAt: at(minutes) });

  async function setUp() {
    const circle = await aCircle(ctx.store);
    const ann = await aMember(ctx.store, '2', 'ann');
    const entry: PaymentAttribution = {
      purpose: 'entry',
      circleId: circle.id,
      memberId: ann.id,
      applicationId: null,
      offerId: null,
    };
    const apply = (n: PaymentNotice, attribution = entry) =>
      ctx.store.payments.apply(n, attribution, n.occurredAt);
    const stored = async () => (await ctx.store.payments.ofMember(ann.id))[0];
    return { circle, ann, entry, apply, stored };
  }

  describe('payments: partial refunds', () => {
    it('a partial refund keeps the payment completed and its last event, and records the total given back', async () => {
      const { apply, stored } = await setUp();
      await apply(notice());
      expect(await apply(partial('evt_r1', 1000, 20))).toMatchObject({
        outcome: 'applied',
        previous: 'completed',
        learnt: false,
        payment: { status: 'completed', amountMinor: 3000, refundedMinor: 1000, lastEventAt: at(10) },
      });
      expect(await stored()).toMatchObject({ status: 'completed', refundedMinor: 1000 });
    });

    it('a larger total raises it; a redelivered, equal or older smaller one never lowers it', async () => {
      const { apply, stored } = await setUp();
      await apply(notice());
      await apply(partial('evt_r1', 1000, 20));
      expect(await apply(partial('evt_r2', 2500, 30))).toMatchObject({
        outcome: 'applied',
        payment: { refundedMinor: 2500 },
      });
      expect(await apply(partial('evt_r1', 1000, 20))).toEqual({ outcome: 'duplicate' });
      const before = await stored();
      // The first refund's event told again under another id, delivered late: it changes nothing.
      expect(await apply(partial('evt_r1_again', 1000, 20))).toEqual({
        outcome: 'stale',
        payment: before,
        learnt: false,
      });
      expect(await apply(partial('evt_r2_again', 2500, 31))).toMatchObject({ outcome: 'stale' });
      expect(await stored()).toEqual(before);
    });

    it('a full refund after partials ends refunded, all given back; a partial delivered after it changes nothing', async () => {
      const { apply, stored } = await setUp();
      await apply(notice());
      await apply(partial('evt_r1', 1000, 20));
      expect(
        await apply(
          notice({ eventId: 'evt_full', status: 'refunded', refundedMinor: 3000, occurredAt: at(40) }),
        ),
      ).toMatchObject({
        outcome: 'applied',
        previous: 'completed',
        payment: { status: 'refunded', refundedMinor: 3000 },
      });
      expect(await apply(partial('evt_r2', 2500, 30))).toMatchObject({ outcome: 'stale' });
      expect(await stored()).toMatchObject({ status: 'refunded', refundedMinor: 3000, lastEventAt: at(40) });
    });

    it('a partial refund before its payment creates it completed; the older completion keeps the refund', async () => {
      const { apply, stored } = await setUp();
      expect(await apply(partial('evt_r1', 500, 20))).toMatchObject({
        outcome: 'applied',
        previous: null,
        payment: { status: 'completed', amountMinor: 3000, refundedMinor: 500 },
      });
      expect(await apply(notice())).toMatchObject({ outcome: 'stale', learnt: false });
      expect(await stored()).toMatchObject({ status: 'completed', refundedMinor: 500 });
    });

    it('an unattributed partial refund, then its older completion that names the payer: learnt', async () => {
      const { ann, entry, apply, stored } = await setUp();
      const unknown: PaymentAttribution = {
        purpose: 'unknown',
        circleId: null,
        memberId: null,
        applicationId: null,
        offerId: null,
      };
      await apply({ ...partial('evt_r1', 500, 20), reference: null }, unknown);
      expect(await apply(notice(), entry)).toMatchObject({
        outcome: 'stale',
        learnt: true,
        payment: { status: 'completed', memberId: ann.id, purpose: 'entry', refundedMinor: 500 },
      });
      expect(await stored()).toMatchObject({ reference: 'cb-a-1', refundedMinor: 500 });
    });

    it('a refund with no total gives all back; a refunded payment reports its whole amount as given back', async () => {
      const { apply } = await setUp();
      await apply(notice());
      expect(
        await apply(notice({ eventId: 'evt_full', status: 'refunded', occurredAt: at(20) })),
      ).toMatchObject({
        payment: { status: 'refunded', refundedMinor: 3000 },
      });
    });

    it('totals: gross, refunded in full or in part, and net; the dashboard and the digest count revenue net of refunds', async () => {
      const { circle, apply } = await setUp();
      const pay = (id: string, amountMinor: number) =>
        apply(notice({ providerPaymentId: id, eventId: `${id}_paid`, amountMinor }));
      await pay('pi_1', 3000);
      await apply({ ...partial('pi_1_r1', 1000, 20), providerPaymentId: 'pi_1' });
      await pay('pi_2', 3000);
      await apply(
        notice({ providerPaymentId: 'pi_2', eventId: 'pi_2_full', status: 'refunded', occurredAt: at(30) }),
      );
      await pay('pi_3', 2000);
      expect(await ctx.store.payments.totals(circle.id, null)).toEqual([
        {
          currency: 'CNY',
          purpose: 'entry',
          offerId: null,
          completed: 2,
          refunded: 1,
          partlyRefunded: 1,
          grossMinor: 8000,
          refundedMinor: 4000,
          netMinor: 4000,
          payers: 1,
        },
      ]);
      const today = Math.floor(T0 / DAY_MS);
      expect(await ctx.store.dashboard.revenueByDay(circle.id, today, today)).toEqual([
        { day: today, currency: 'CNY', amountMinor: 4000, payments: 2 },
      ]);
      // The weekly digest: what the completed ones kept, and every payment with money given back.
      const week = await ctx.store.automation.digestFacts(circle.id, at(0), at(7 * 24 * 60), 5);
      expect(week.payments).toEqual([
        { currency: 'CNY', completed: 2, amountMinor: 4000, refunded: 2, refundedMinor: 4000 },
      ]);
    });
  });
}
