import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Circle } from '../../../src/core/circle.js';
import { ManualClock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/core/logger.js';
import type { PaymentNotice } from '../../../src/core/market/payment.js';
import { PaymentService } from '../../../src/core/market/payments.js';
import { entryReference, offerReference } from '../../../src/core/market/references.js';
import type { Offer } from '../../../src/core/market/repo.js';
import type { PaidEntry } from '../../../src/core/market/settings.js';
import type { RecordResult } from '../../../src/core/points/repo.js';
import type { MemberRecord } from '../../../src/core/repos.js';
import type { Store } from '../../../src/core/store.js';
import { openSqliteStore } from '../../../src/store/open.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };
const FEE: PaidEntry = { priceMinor: 3000, currency: 'CNY', method: 'link', url: 'https://pay.example/tea' };

let dir: string;
let file: string;
let store: Store;
let clock: ManualClock;
/** Applications the gate was told were paid for, in order. */
let admitted: number[];
/** Point changes the payments caused (level roles and level-up lines hang off these). */
let pointsMoved: Array<{ memberId: number; result: RecordResult }>;
let service: PaymentService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'circlebot-payments-'));
  file = join(dir, 'circlebot.db');
  store = openSqliteStore(file);
  clock = new ManualClock();
  admitted = [];
  pointsMoved = [];
  service = new PaymentService({
    store,
    clock,
    log: silentLog,
    onEntryPaid: async (applicationId) => {
      admitted.push(applicationId);
    },
    afterPoints: async (_circle: Circle, member: MemberRecord, result: RecordResult) => {
      pointsMoved.push({ memberId: member.id, result });
    },
  });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Tea lovers, whose entry costs 30.00 CNY; Ann has passed screening and is asked to pay. */
async function teaLovers(market: Partial<Circle['settings']['market']> = {}) {
  const now = clock.now();
  const created = await store.circles.ensure({ platform: 'telegram', id: '-1001' }, 'Tea lovers', now);
  const circle = await store.circles.updateSettings(created.id, {
    ...created.settings,
    market: { ...created.settings.market, paidEntry: FEE, ...market },
  });
  const owner = await store.members.upsert({ platform: 'telegram', id: '1' }, { username: 'olivia' }, now);
  const ann = await store.members.upsert({ platform: 'telegram', id: '7' }, { username: 'ann' }, now);
  const application = await store.gate.createApplication({
    circleId: circle.id,
    memberId: ann.id,
    questions: [],
    createdAt: now,
    deadline: new Date(now.getTime() + 3_600_000),
  });
  return { circle, owner, ann, application };
}

async function teaSet(circleId: number, createdBy: number): Promise<Offer> {
  const offer = await store.market.addOffer({
    circleId,
    title: 'Spring tea set',
    url: 'https://buy.stripe.com/tea',
    priceMinor: 8900,
    currency: 'CNY',
    description: null,
    sponsored: false,
    code: 'TeaCode00001',
    createdBy,
    createdAt: clock.now(),
  });
  if (!offer) throw new Error('code taken');
  return offer;
}

/** A verified Stripe notice: 30.00 CNY completed a minute ago, unless told otherwise. */
function notice(reference: string | null, more: Partial<PaymentNotice> = {}): PaymentNotice {
  return {
    provider: 'stripe',
    providerPaymentId: 'pi_1',
    eventId: 'evt_1',
    status: 'completed',
    amountMinor: 3000,
    currency: 'CNY',
    reference,
    occurredAt: new Date(clock.now().getTime() - 60_000),
    ...more,
  };
}

const actions = async (circleId: number) => (await store.audit.list(circleId, 50)).map((a) => a.action);

describe('payments service: paid entry', () => {
  it('an entry payment for an application lets the applicant in once, however often it is delivered', async () => {
    const { circle, ann, application } = await teaLovers();
    expect(await service.receive(notice(entryReference(application.id)))).toBe('recorded');
    expect(admitted).toEqual([application.id]);

    expect(await service.receive(notice(entryReference(application.id)))).toBe('duplicate');
    // Another event confirming the same payment (Stripe sends several) does not admit again either.
    clock.advance(60_000);
    expect(await service.receive(notice(entryReference(application.id), { eventId: 'evt_2' }))).toBe(
      'recorded',
    );
    expect(admitted).toEqual([application.id]);

    expect((await store.payments.completedForApplication(application.id))[0]).toMatchObject({
      purpose: 'entry',
      circleId: circle.id,
      memberId: ann.id,
      amountMinor: 3000,
    });
    const audit = await store.audit.list(circle.id, 50);
    expect(audit.filter((a) => a.action === 'market.payment.completed')).toHaveLength(2);
    expect(audit[0]).toMatchObject({ targetId: ann.id, actorId: null, at: clock.now() });
  });

  it('a payment below the fee is stored and audited as short, and lets nobody in', async () => {
    const { circle, application } = await teaLovers();
    expect(await service.receive(notice(entryReference(application.id), { amountMinor: 2999 }))).toBe(
      'recorded',
    );
    expect(admitted).toEqual([]);
    expect(await actions(circle.id)).toEqual(['market.payment.short', 'market.payment.completed']);
    const [short] = await store.audit.list(circle.id, 1);
    expect(short?.detail).toMatchObject({ applicationId: application.id });
    expect((await store.payments.totals(circle.id, null))[0]).toMatchObject({
      purpose: 'entry',
      completed: 1,
      grossMinor: 2999,
    });
  });

  it('the fee paid in another currency is short too', async () => {
    const { circle, application } = await teaLovers();
    await service.receive(notice(entryReference(application.id), { amountMinor: 300_000, currency: 'JPY' }));
    expect(admitted).toEqual([]);
    expect(await actions(circle.id)).toContain('market.payment.short');
  });

  it('after /paidentry off, an applicant who was already paying is still let in when they pay', async () => {
    const { application } = await teaLovers({ paidEntry: null });
    await service.receive(notice(entryReference(application.id), { amountMinor: 1 }));
    expect(admitted).toEqual([application.id]);
  });

  it('a refund after the payment admits nobody, and is audited', async () => {
    const { circle, application } = await teaLovers();
    await service.receive(notice(entryReference(application.id)));
    clock.advance(60_000);
    expect(
      await service.receive(
        notice(entryReference(application.id), { eventId: 'evt_refund', status: 'refunded' }),
      ),
    ).toBe('recorded');
    expect(admitted).toEqual([application.id]);
    expect(await actions(circle.id)).toEqual(['market.payment.refunded', 'market.payment.completed']);
    expect(await store.payments.completedForApplication(application.id)).toEqual([]);
  });

  it('a refund that overtook its payment: the late completion is stale and admits nobody', async () => {
    const { application } = await teaLovers();
    const paidAt = clock.now();
    clock.advance(60_000);
    expect(
      await service.receive(
        notice(entryReference(application.id), { eventId: 'evt_refund', status: 'refunded' }),
      ),
    ).toBe('recorded');
    expect(await service.receive(notice(entryReference(application.id), { occurredAt: paidAt }))).toBe(
      'stale',
    );
    expect(admitted).toEqual([]);
  });
});

describe('payments service: offers and attribution', () => {
  it('an offer payment is attributed to the offer and the member who bought through it', async () => {
    const { circle, owner, ann } = await teaLovers();
    const offer = await teaSet(circle.id, owner.id);
    const reference = offerReference(offer.id, ann.id);
    expect(await service.receive(notice(reference, { amountMinor: 8900 }))).toBe('recorded');
    expect(await store.payments.ofMember(ann.id)).toMatchObject([
      {
        purpose: 'offer',
        circleId: circle.id,
        offerId: offer.id,
        memberId: ann.id,
        reference,
        amountMinor: 8900,
      },
    ]);
    expect(admitted).toEqual([]);
    expect(await actions(circle.id)).toEqual(['market.payment.completed']);
  });

  it('an offer bought by somebody unknown, or by a member id nobody has, counts for the offer alone', async () => {
    const { circle, owner } = await teaLovers();
    const offer = await teaSet(circle.id, owner.id);
    expect(await service.receive(notice(offerReference(offer.id, null)))).toBe('recorded');
    expect(
      await service.receive(
        notice(offerReference(offer.id, 9999), { providerPaymentId: 'pi_2', eventId: 'evt_2' }),
      ),
    ).toBe('recorded');
    expect(await store.payments.totals(circle.id, null)).toEqual([
      expect.objectContaining({ offerId: offer.id, completed: 2, payers: 0 }),
    ]);
  });

  it('a reference naming nothing circlebot knows is stored, with no circle, as unmatched', async () => {
    const { circle } = await teaLovers();
    const refs = [null, 'order_8271', entryReference(999), offerReference(999, 1)];
    for (const [i, reference] of refs.entries()) {
      const ids = { providerPaymentId: `pi_${i}`, eventId: `evt_${i}` };
      expect(await service.receive(notice(reference, ids)), String(reference)).toBe('unmatched');
      expect(await service.receive(notice(reference, ids)), String(reference)).toBe('duplicate');
    }
    expect(admitted).toEqual([]);
    expect(await store.payments.totals(circle.id, null)).toEqual([]);
    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare('select reference, purpose, circle_id, member_id from payments order by id')
        .all();
      expect(rows).toEqual(
        refs.map((reference) => ({ reference, purpose: 'unknown', circle_id: null, member_id: null })),
      );
    } finally {
      db.close();
    }
  });
});

describe('payments service: payment points', () => {
  it('a completed payment earns the payer the circle’s payment points, once', async () => {
    const { circle, owner, ann } = await teaLovers({ paymentPoints: 10 });
    const offer = await teaSet(circle.id, owner.id);
    const reference = offerReference(offer.id, ann.id);
    await service.receive(notice(reference));
    await service.receive(notice(reference));
    clock.advance(60_000);
    await service.receive(notice(reference, { eventId: 'evt_again' }));

    expect((await store.points.standing(circle.id, ann.id)).points).toBe(10);
    const mine = await store.privacy.collect(ann.id);
    expect(mine.points[0]?.ledger).toEqual([{ kind: 'payment', entries: 1, points: 10 }]);
    expect(pointsMoved.map((p) => [p.memberId, p.result.after.points])).toEqual([[ann.id, 10]]);
  });

  it('each payment earns its own points; an unknown payer and a refund earn none', async () => {
    const { circle, owner, ann } = await teaLovers({ paymentPoints: 10 });
    const offer = await teaSet(circle.id, owner.id);
    await service.receive(notice(offerReference(offer.id, ann.id)));
    await service.receive(
      notice(offerReference(offer.id, ann.id), { providerPaymentId: 'pi_2', eventId: 'e2' }),
    );
    await service.receive(
      notice(offerReference(offer.id, null), { providerPaymentId: 'pi_3', eventId: 'e3' }),
    );
    await service.receive(
      notice(offerReference(offer.id, owner.id), {
        providerPaymentId: 'pi_4',
        eventId: 'e4',
        status: 'refunded',
      }),
    );
    expect((await store.points.standing(circle.id, ann.id)).points).toBe(20);
    expect((await store.points.standing(circle.id, owner.id)).points).toBe(0);
  });

  it('with no payment points set, a payment moves no points', async () => {
    const { circle, application, ann } = await teaLovers();
    await service.receive(notice(entryReference(application.id)));
    expect((await store.points.standing(circle.id, ann.id)).points).toBe(0);
    expect(pointsMoved).toEqual([]);
  });
});

describe('payments service: partial refunds', () => {
  const partial = (reference: string | null, refundedMinor: number, eventId: string) =>
    notice(reference, { eventId, status: 'partially_refunded', refundedMinor, occurredAt: clock.now() });

  it('a partial refund keeps the payment completed and the applicant in, and is audited with its total', async () => {
    const { circle, application } = await teaLovers();
    await service.receive(notice(entryReference(application.id)));
    clock.advance(60_000);
    expect(await service.receive(partial(entryReference(application.id), 1000, 'evt_r1'))).toBe('recorded');
    expect(admitted).toEqual([application.id]);
    expect(await actions(circle.id)).toEqual([
      'market.payment.partially_refunded',
      'market.payment.completed',
    ]);
    const [audited] = await store.audit.list(circle.id, 1);
    expect(audited?.detail).toMatchObject({ amountMinor: 3000, refundedMinor: 1000 });
    expect((await store.payments.completedForApplication(application.id))[0]).toMatchObject({
      status: 'completed',
      refundedMinor: 1000,
    });
    // The same total told again (another event id) changes nothing.
    expect(await service.receive(partial(entryReference(application.id), 1000, 'evt_r2'))).toBe('stale');
  });

  it('a partial refund that overtook an unattributed payment: the late completion names it and admits once', async () => {
    const { circle, application } = await teaLovers();
    const paidAt = new Date(clock.now().getTime() - 60_000);
    // Stripe's charge carries no reference unless the merchant set one: the refund alone is unmatched.
    expect(await service.receive(partial(null, 500, 'evt_r1'))).toBe('unmatched');
    expect(admitted).toEqual([]);
    expect(await service.receive(notice(entryReference(application.id), { occurredAt: paidAt }))).toBe(
      'recorded',
    );
    expect(admitted).toEqual([application.id]);
    expect((await store.payments.totals(circle.id, null))[0]).toMatchObject({
      completed: 1,
      grossMinor: 3000,
      refundedMinor: 500,
      netMinor: 2500,
    });
  });
});
