import { describe, expect, it } from 'vitest';
import type { PaymentNotice, PaymentProvider } from '../../../src/core/market/payment.js';
import type { Offer, PaymentAttribution } from '../../../src/core/market/repo.js';
import type { Store } from '../../../src/core/store.js';
import { aCircle, aMember, at, DAY, type StoreContext } from './fixtures.js';

/** Payments: one row per provider payment, redelivered events ignored, the newest event wins. */
export function describePaymentsContract(ctx: StoreContext): void {
  /** A Stripe completion of 89.00 CNY at minute 10, unless told otherwise. */
  function notice(more: Partial<PaymentNotice> = {}): PaymentNotice {
    return {
      provider: 'stripe',
      providerPaymentId: 'pi_1',
      eventId: 'evt_1',
      status: 'completed',
      amountMinor: 8900,
      currency: 'CNY',
      reference: 'cb-o-1-m-2',
      occurredAt: at(10),
      ...more,
    };
  }

  async function anOffer(store: Store, circleId: number, createdBy: number, code = 'PayCode00001') {
    const offer = await store.market.addOffer({
      circleId,
      title: 'Spring tea set',
      url: 'https://buy.stripe.com/tea',
      priceMinor: 8900,
      currency: 'CNY',
      description: null,
      sponsored: false,
      code,
      createdBy,
      createdAt: at(0),
    });
    if (!offer) throw new Error('code taken');
    return offer;
  }

  /** A tea circle with an offer, its owner, and Ann who buys. */
  async function setUp() {
    const circle = await aCircle(ctx.store);
    const owner = await aMember(ctx.store, '1', 'olivia');
    const ann = await aMember(ctx.store, '2', 'ann');
    const offer = await anOffer(ctx.store, circle.id, owner.id);
    const bought: PaymentAttribution = {
      purpose: 'offer',
      circleId: circle.id,
      memberId: ann.id,
      applicationId: null,
      offerId: offer.id,
    };
    return { circle, owner, ann, offer, bought };
  }

  const paid = (offer: Offer, memberId: number | null): PaymentAttribution => ({
    purpose: 'offer',
    circleId: offer.circleId,
    memberId,
    applicationId: null,
    offerId: offer.id,
  });

  describe('payments: events applied once, newest wins', () => {
    it('a first event creates the payment with its attribution', async () => {
      const { circle, ann, offer, bought } = await setUp();
      const result = await ctx.store.payments.apply(notice(), bought, at(11));
      if (result.outcome !== 'applied') throw new Error(`not applied: ${result.outcome}`);
      expect(result).toEqual({
        outcome: 'applied',
        previous: null,
        learnt: false,
        payment: {
          id: expect.any(Number),
          provider: 'stripe',
          providerPaymentId: 'pi_1',
          status: 'completed',
          amountMinor: 8900,
          refundedMinor: 0,
          currency: 'CNY',
          reference: 'cb-o-1-m-2',
          purpose: 'offer',
          circleId: circle.id,
          memberId: ann.id,
          applicationId: null,
          offerId: offer.id,
          lastEventAt: at(10),
          createdAt: at(11),
          updatedAt: at(11),
        },
      });
      expect(await ctx.store.payments.ofMember(ann.id)).toEqual([result.payment]);
    });

    it('the same event delivered again is a duplicate and changes nothing', async () => {
      const { ann, bought } = await setUp();
      await ctx.store.payments.apply(notice(), bought, at(11));
      const before = await ctx.store.payments.ofMember(ann.id);
      // Even a redelivery that claims a later refund is the same event: ignored.
      expect(
        await ctx.store.payments.apply(notice({ status: 'refunded', occurredAt: at(20) }), bought, at(21)),
      ).toEqual({ outcome: 'duplicate' });
      expect(await ctx.store.payments.ofMember(ann.id)).toEqual(before);
    });

    it('a newer event for the same payment updates its status and reports the previous one', async () => {
      const { ann, bought } = await setUp();
      await ctx.store.payments.apply(notice(), bought, at(11));
      const refund = await ctx.store.payments.apply(
        notice({ eventId: 'evt_2', status: 'refunded', occurredAt: at(30) }),
        bought,
        at(31),
      );
      expect(refund).toMatchObject({
        outcome: 'applied',
        previous: 'completed',
        payment: { status: 'refunded', lastEventAt: at(30), createdAt: at(11), updatedAt: at(31) },
      });
      const [only, ...more] = await ctx.store.payments.ofMember(ann.id);
      expect(more).toEqual([]);
      expect(only).toMatchObject({ status: 'refunded', providerPaymentId: 'pi_1' });
    });

    it('an older event is stale: the payment is returned unchanged', async () => {
      const { ann, bought } = await setUp();
      await ctx.store.payments.apply(
        notice({ status: 'refunded', eventId: 'evt_refund', occurredAt: at(30) }),
        bought,
        at(31),
      );
      const before = await ctx.store.payments.ofMember(ann.id);
      const late = await ctx.store.payments.apply(
        notice({ eventId: 'evt_old', occurredAt: at(10), amountMinor: 1 }),
        bought,
        at(32),
      );
      expect(late).toEqual({ outcome: 'stale', payment: before[0], learnt: false });
      expect(await ctx.store.payments.ofMember(ann.id)).toEqual(before);
      // The stale event is remembered too: delivered again, it is a duplicate.
      expect(
        await ctx.store.payments.apply(notice({ eventId: 'evt_old', occurredAt: at(10) }), bought, at(33)),
      ).toEqual({ outcome: 'duplicate' });
    });

    it('at the same instant a refund wins over a completion, and a completion never undoes a refund', async () => {
      const { ann, bought } = await setUp();
      await ctx.store.payments.apply(notice({ occurredAt: at(10) }), bought, at(11));
      expect(
        await ctx.store.payments.apply(
          notice({ eventId: 'evt_2', status: 'refunded', occurredAt: at(10) }),
          bought,
          at(12),
        ),
      ).toMatchObject({ outcome: 'applied', previous: 'completed', payment: { status: 'refunded' } });
      expect(
        await ctx.store.payments.apply(
          notice({ eventId: 'evt_3', status: 'completed', occurredAt: at(10) }),
          bought,
          at(13),
        ),
      ).toMatchObject({ outcome: 'stale', payment: { status: 'refunded' } });
      expect((await ctx.store.payments.ofMember(ann.id)).map((p) => p.status)).toEqual(['refunded']);
    });

    it('a refund that arrives before its completion (out of order) ends refunded', async () => {
      const { ann, bought } = await setUp();
      const refund = await ctx.store.payments.apply(
        notice({ eventId: 'evt_refund', status: 'refunded', occurredAt: at(30) }),
        bought,
        at(31),
      );
      expect(refund).toMatchObject({ outcome: 'applied', previous: null, payment: { status: 'refunded' } });
      expect(
        await ctx.store.payments.apply(notice({ eventId: 'evt_paid', occurredAt: at(10) }), bought, at(32)),
      ).toMatchObject({ outcome: 'stale', payment: { status: 'refunded' } });
      expect(await ctx.store.payments.ofMember(ann.id)).toMatchObject([
        { status: 'refunded', lastEventAt: at(30) },
      ]);
    });

    it('a refund that names nothing, then its older completion that does: the payment learns whom it was for', async () => {
      const { ann, bought } = await setUp();
      const nothing = {
        purpose: 'unknown' as const,
        circleId: null,
        memberId: null,
        applicationId: null,
        offerId: null,
      };
      await ctx.store.payments.apply(
        notice({ eventId: 'evt_refund', status: 'refunded', occurredAt: at(30), reference: null }),
        nothing,
        at(31),
      );
      expect(await ctx.store.payments.ofMember(ann.id)).toEqual([]);
      const late = await ctx.store.payments.apply(
        notice({ eventId: 'evt_paid', occurredAt: at(10) }),
        bought,
        at(32),
      );
      expect(late).toMatchObject({
        outcome: 'stale',
        learnt: true,
        payment: { status: 'refunded', memberId: ann.id },
      });
      expect(await ctx.store.payments.ofMember(ann.id)).toMatchObject([
        { status: 'refunded', purpose: bought.purpose, offerId: bought.offerId },
      ]);
    });

    it('a member id that names nobody stored is kept as an unknown payer, not a failure', async () => {
      const { offer } = await setUp();
      const result = await ctx.store.payments.apply(notice(), paid(offer, 9999), at(11));
      expect(result).toMatchObject({ outcome: 'applied', payment: { memberId: null, offerId: offer.id } });
      expect(await ctx.store.payments.ofMember(9999)).toEqual([]);
    });

    it('two providers may use the same payment id, and the same event id, independently', async () => {
      const { ann, bought } = await setUp();
      const ids = { providerPaymentId: 'same-id', eventId: 'same-event' };
      const providers: PaymentProvider[] = ['stripe', 'standard'];
      for (const provider of providers) {
        expect(await ctx.store.payments.apply(notice({ ...ids, provider }), bought, at(11))).toMatchObject({
          outcome: 'applied',
          previous: null,
        });
      }
      await ctx.store.payments.apply(
        notice({ ...ids, provider: 'standard', eventId: 'refund', status: 'refunded', occurredAt: at(20) }),
        bought,
        at(21),
      );
      expect((await ctx.store.payments.ofMember(ann.id)).map((p) => [p.provider, p.status])).toEqual([
        ['stripe', 'completed'],
        ['standard', 'refunded'],
      ]);
    });
  });

  describe('payments: reading them back', () => {
    it('finds the completed payment that admits an application, and not a refunded one', async () => {
      const { circle, ann } = await setUp();
      const bob = await aMember(ctx.store, '3', 'bob');
      const application = (memberId: number) =>
        ctx.store.gate.createApplication({
          circleId: circle.id,
          memberId,
          questions: [],
          createdAt: at(0),
          deadline: at(60),
        });
      const annApp = await application(ann.id);
      const bobApp = await application(bob.id);
      const entry = (applicationId: number, memberId: number): PaymentAttribution => ({
        purpose: 'entry',
        circleId: circle.id,
        memberId,
        applicationId,
        offerId: null,
      });
      expect(await ctx.store.payments.completedForApplication(annApp.id)).toEqual([]);

      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'pi_ann', eventId: 'e1', reference: `cb-a-${annApp.id}` }),
        entry(annApp.id, ann.id),
        at(11),
      );
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'pi_bob', eventId: 'e2', reference: `cb-a-${bobApp.id}` }),
        entry(bobApp.id, bob.id),
        at(12),
      );
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'pi_bob', eventId: 'e3', status: 'refunded', occurredAt: at(20) }),
        entry(bobApp.id, bob.id),
        at(21),
      );

      expect((await ctx.store.payments.completedForApplication(annApp.id))[0]).toMatchObject({
        providerPaymentId: 'pi_ann',
        applicationId: annApp.id,
        memberId: ann.id,
        purpose: 'entry',
        status: 'completed',
      });
      expect(await ctx.store.payments.completedForApplication(bobApp.id)).toEqual([]);
    });

    it('totals per currency, purpose and offer: gross, refunded and net sums, distinct payers, since a date', async () => {
      const { circle, owner, ann, offer } = await setUp();
      const bob = await aMember(ctx.store, '3', 'bob');
      const cups = await anOffer(ctx.store, circle.id, owner.id, 'PayCode00002');
      const other = await aCircle(ctx.store, '-1002');
      const elsewhere = await anOffer(ctx.store, other.id, owner.id, 'PayCode00003');
      let n = 0;
      const pay = async (
        attribution: PaymentAttribution,
        amountMinor: number,
        minutes: number,
        more: Partial<PaymentNotice> = {},
      ) => {
        n += 1;
        const id = `pi_${n}`;
        await ctx.store.payments.apply(
          notice({
            providerPaymentId: id,
            eventId: `${id}_paid`,
            amountMinor,
            occurredAt: at(minutes),
            ...more,
          }),
          attribution,
          at(minutes),
        );
        return id;
      };
      const refund = (id: string, minutes: number) =>
        ctx.store.payments.apply(
          notice({
            providerPaymentId: id,
            eventId: `${id}_refund`,
            status: 'refunded',
            occurredAt: at(minutes),
          }),
          paid(offer, null),
          at(minutes),
        );

      await pay(paid(offer, ann.id), 8900, -10 * DAY); // before the period
      await pay(paid(offer, ann.id), 8900, 1);
      await pay(paid(offer, ann.id), 8900, 2);
      await pay(paid(offer, bob.id), 8900, 3);
      await pay(paid(offer, null), 8900, 4);
      await refund(await pay(paid(offer, bob.id), 5000, 5), 6);
      await pay(paid(offer, ann.id), 100, 7, { currency: 'USD' });
      await pay(paid(cups, ann.id), 1200, 8);
      await pay(
        { purpose: 'entry', circleId: circle.id, memberId: bob.id, applicationId: null, offerId: null },
        3000,
        9,
      );
      await pay(paid(elsewhere, ann.id), 999, 10);

      const row = (more: Partial<Record<string, unknown>>) => ({
        currency: 'CNY',
        purpose: 'offer',
        offerId: offer.id,
        completed: 0,
        refunded: 0,
        partlyRefunded: 0,
        grossMinor: 0,
        refundedMinor: 0,
        netMinor: 0,
        payers: 0,
        ...more,
      });
      /** Rows with nothing refunded: gross and net are the amount. */
      const kept = (amount: number) => ({ grossMinor: amount, netMinor: amount });
      const totals = await ctx.store.payments.totals(circle.id, at(0));
      expect(totals).toHaveLength(4);
      expect(totals).toEqual(
        expect.arrayContaining([
          row({
            completed: 4,
            refunded: 1,
            grossMinor: 40_600,
            refundedMinor: 5000,
            netMinor: 35_600,
            payers: 2,
          }),
          row({ offerId: cups.id, completed: 1, ...kept(1200), payers: 1 }),
          row({ purpose: 'entry', offerId: null, completed: 1, ...kept(3000), payers: 1 }),
          row({ currency: 'USD', completed: 1, ...kept(100), payers: 1 }),
        ]),
      );
      const allTime = await ctx.store.payments.totals(circle.id, null);
      expect(allTime).toContainEqual(
        row({
          completed: 5,
          refunded: 1,
          grossMinor: 49_500,
          refundedMinor: 5000,
          netMinor: 44_500,
          payers: 2,
        }),
      );
      expect(await ctx.store.payments.totals(circle.id, at(60))).toEqual([]);
      expect(await ctx.store.payments.totals(other.id, null)).toEqual([
        row({ offerId: elsewhere.id, completed: 1, ...kept(999), payers: 1 }),
      ]);
    });

    it("a member's payments in every circle, oldest first, and nobody else's", async () => {
      const { owner, ann, offer } = await setUp();
      const bob = await aMember(ctx.store, '3', 'bob');
      const other = await aCircle(ctx.store, '-1002');
      const elsewhere = await anOffer(ctx.store, other.id, owner.id, 'PayCode00003');
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'a1', eventId: 'a1' }),
        paid(offer, ann.id),
        at(1),
      );
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'b1', eventId: 'b1' }),
        paid(offer, bob.id),
        at(2),
      );
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'a2', eventId: 'a2' }),
        paid(elsewhere, ann.id),
        at(3),
      );
      expect(
        (await ctx.store.payments.ofMember(ann.id)).map((p) => [p.providerPaymentId, p.circleId]),
      ).toEqual([
        ['a1', offer.circleId],
        ['a2', other.id],
      ]);
      expect(await ctx.store.payments.ofMember(owner.id)).toEqual([]);
    });

    it("community credit's payments factor counts a member's completed payments, not refunded ones", async () => {
      const { owner, ann, offer } = await setUp();
      const other = await aCircle(ctx.store, '-1002');
      const elsewhere = await anOffer(ctx.store, other.id, owner.id, 'PayCode00003');
      expect((await ctx.store.credit.history(ann.id, at(60))).paymentsCompleted).toBe(0);
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'a1', eventId: 'a1' }),
        paid(offer, ann.id),
        at(1),
      );
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'a2', eventId: 'a2' }),
        paid(elsewhere, ann.id),
        at(2),
      );
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'a3', eventId: 'a3' }),
        paid(offer, ann.id),
        at(3),
      );
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'a3', eventId: 'a3-refund', status: 'refunded', occurredAt: at(20) }),
        paid(offer, ann.id),
        at(20),
      );
      await ctx.store.payments.apply(
        notice({ providerPaymentId: 'x', eventId: 'x' }),
        paid(offer, owner.id),
        at(4),
      );
      expect((await ctx.store.credit.history(ann.id, at(60))).paymentsCompleted).toBe(2);
    });
  });
}
