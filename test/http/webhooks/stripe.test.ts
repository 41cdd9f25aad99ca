import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { STRIPE_WEBHOOK_PATH, stripeWebhookRoute } from '../../../src/http/webhooks/stripe.js';
import { FakePaymentSink } from './fake-sink.js';
import { type Served, serve } from './harness.js';

const SECRET = 'whsec_test_3f1c0a9b7e5d4c2b1a0f9e8d';
/** When the payment happened at Stripe: events carry it in `created`, whenever they are delivered. */
const PAID_AT = 1_750_000_000;

let served: Served | undefined;
afterEach(async () => {
  await served?.app.close();
  served = undefined;
});

async function setUp(opts: { toleranceSeconds?: number } = {}) {
  const sink = new FakePaymentSink();
  served = await serve(stripeWebhookRoute({ secret: SECRET, sink, ...opts }));
  return { sink, served };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A `checkout.session.completed` event as Stripe sends it for a Payment Link, trimmed to the usual fields. */
function checkoutCompleted(
  overrides: { id?: string; created?: number; session?: Record<string, unknown> } = {},
) {
  return {
    id: overrides.id ?? 'evt_1PaidEntry',
    object: 'event',
    api_version: '2025-03-31.basil',
    created: overrides.created ?? PAID_AT,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
    data: {
      object: {
        id: 'cs_test_a1B2c3',
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        payment_intent: 'pi_3QxYz',
        amount_total: 3000,
        currency: 'cny',
        client_reference_id: 'cb-a-12',
        payment_link: 'plink_1Abc',
        metadata: {},
        ...overrides.session,
      },
    },
  };
}

/** A `charge.refunded` event for the charge of that payment intent. */
function chargeRefunded(overrides: { id?: string; created?: number; charge?: Record<string, unknown> } = {}) {
  return {
    id: overrides.id ?? 'evt_2Refund',
    object: 'event',
    api_version: '2025-03-31.basil',
    created: overrides.created ?? PAID_AT + 3600,
    livemode: false,
    pending_webhooks: 1,
    request: { id: 'req_1', idempotency_key: null },
    type: 'charge.refunded',
    data: {
      object: {
        id: 'ch_3QxYz',
        object: 'charge',
        amount: 3000,
        amount_captured: 3000,
        amount_refunded: 3000,
        refunded: true,
        currency: 'cny',
        payment_intent: 'pi_3QxYz',
        metadata: {},
        ...overrides.charge,
      },
    },
  };
}

/** POSTs a body signed the way Stripe signs it (`generateTestHeaderString`), or with the header given. */
async function post(
  url: string,
  body: unknown,
  opts: { timestamp?: number; secret?: string; header?: string | null; raw?: string } = {},
) {
  const payload = opts.raw ?? JSON.stringify(body);
  const header =
    opts.header === undefined
      ? Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: opts.secret ?? SECRET,
          timestamp: opts.timestamp ?? nowSeconds(),
        })
      : opts.header;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (header !== null) headers['stripe-signature'] = header;
  const res = await fetch(`${url}${STRIPE_WEBHOOK_PATH}`, { method: 'POST', headers, body: payload });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /webhooks/stripe', () => {
  it('a paid Payment Link checkout reaches the sink as a completed payment, answered with its outcome', async () => {
    const { sink, served } = await setUp();
    const res = await post(served.url, checkoutCompleted());
    expect(res).toEqual({ status: 200, body: { received: true, outcome: 'recorded' } });
    expect(sink.received).toEqual([
      {
        provider: 'stripe',
        providerPaymentId: 'pi_3QxYz',
        eventId: 'evt_1PaidEntry',
        status: 'completed',
        amountMinor: 3000,
        currency: 'CNY',
        reference: 'cb-a-12',
        occurredAt: new Date(PAID_AT * 1000),
      },
    ]);
    const [line, ...more] = served.webhookLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      event: 'payment.webhook.received',
      provider: 'stripe',
      eventId: 'evt_1PaidEntry',
      status: 'completed',
      outcome: 'recorded',
    });
    expect(served.logs()).not.toContain(SECRET);
    expect(served.logs()).not.toContain('cs_test_a1B2c3');
    expect(served.logs()).not.toMatch(/amount|cb-a-12/);
  });

  it('a bank debit paid later (async_payment_succeeded) completes too; a subscription session is keyed by itself', async () => {
    const { sink, served } = await setUp();
    const later = {
      ...checkoutCompleted({ id: 'evt_async' }),
      type: 'checkout.session.async_payment_succeeded',
    };
    expect((await post(served.url, later)).status).toBe(200);
    const subscription = checkoutCompleted({
      id: 'evt_sub',
      session: { id: 'cs_test_sub', mode: 'subscription', payment_intent: null, client_reference_id: null },
    });
    expect((await post(served.url, subscription)).status).toBe(200);
    expect(sink.received.map((n) => [n.eventId, n.providerPaymentId, n.status, n.reference])).toEqual([
      ['evt_async', 'pi_3QxYz', 'completed', 'cb-a-12'],
      ['evt_sub', 'cs_test_sub', 'completed', null],
    ]);
  });

  it('a refund reaches the sink keyed by the payment intent, with the reference from metadata when set', async () => {
    const { sink, served } = await setUp();
    const refund = chargeRefunded({ charge: { metadata: { circlebot_reference: 'cb-o-3-m-7' } } });
    expect((await post(served.url, refund)).body).toEqual({ received: true, outcome: 'recorded' });
    expect(sink.received).toEqual([
      {
        provider: 'stripe',
        providerPaymentId: 'pi_3QxYz',
        eventId: 'evt_2Refund',
        status: 'refunded',
        amountMinor: 3000,
        refundedMinor: 3000,
        currency: 'CNY',
        reference: 'cb-o-3-m-7',
        occurredAt: new Date((PAID_AT + 3600) * 1000),
      },
    ]);
    await post(served.url, chargeRefunded({ id: 'evt_3Refund', charge: { payment_intent: 'pi_other' } }));
    expect(sink.received[1]?.reference).toBeNull();
  });

  it('a partial refund reaches the sink with the charge amount and the total refunded so far', async () => {
    const { sink, served } = await setUp();
    const part = chargeRefunded({ id: 'evt_part', charge: { refunded: false, amount_refunded: 1000 } });
    expect((await post(served.url, part)).body).toEqual({ received: true, outcome: 'recorded' });
    expect(sink.received).toMatchObject([
      { eventId: 'evt_part', status: 'partially_refunded', amountMinor: 3000, refundedMinor: 1000 },
    ]);
    expect(sink.payments.get('stripe:pi_3QxYz')).toMatchObject({ status: 'completed', refundedMinor: 1000 });
  });

  it('a forged or tampered signature is 401 and the sink never hears of it', async () => {
    const { sink, served } = await setUp();
    const body = checkoutCompleted();
    const payload = JSON.stringify(body);
    const cases = [
      await post(served.url, body, { secret: 'whsec_someone_elses_secret' }),
      await post(served.url, body, { header: null }),
      await post(served.url, body, { header: 'not a signature' }),
      await post(served.url, body, {
        // Signed for 3000, delivered claiming 1.
        raw: payload.replace('"amount_total":3000', '"amount_total":1'),
        header: Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: SECRET,
          timestamp: nowSeconds(),
        }),
      }),
    ];
    for (const res of cases)
      expect(res).toEqual({ status: 401, body: { received: false, error: 'invalid signature' } });
    expect(sink.received).toEqual([]);
    const lines = served.webhookLines();
    expect(lines.map((l) => [l.event, l.reason])).toEqual([
      ['payment.webhook.rejected', 'signature_mismatch'],
      ['payment.webhook.rejected', 'missing_signature'],
      ['payment.webhook.rejected', 'malformed_signature_header'],
      ['payment.webhook.rejected', 'signature_mismatch'],
    ]);
    expect(served.logs()).not.toContain(SECRET);
    expect(served.logs()).not.toContain('cb-a-12');
  });

  it('a signature older than the tolerance is 401 (a captured request replayed later)', async () => {
    const { sink, served } = await setUp();
    const stale = await post(served.url, checkoutCompleted(), { timestamp: nowSeconds() - 600 });
    expect(stale.status).toBe(401);
    expect(served.webhookLines()).toMatchObject([{ reason: 'timestamp_outside_tolerance' }]);
    expect(sink.received).toEqual([]);
  });

  it('a signature dated further ahead than the tolerance is 401 too, logged like other bad signatures', async () => {
    const { sink, served } = await setUp();
    const ahead = await post(served.url, checkoutCompleted(), { timestamp: nowSeconds() + 600 });
    expect(ahead).toEqual({ status: 401, body: { received: false, error: 'invalid signature' } });
    expect(served.webhookLines()).toMatchObject([
      { event: 'payment.webhook.rejected', provider: 'stripe', reason: 'timestamp_in_future' },
    ]);
    expect(sink.received).toEqual([]);
    // A clock a little behind Stripe's is fine.
    const close = await post(served.url, checkoutCompleted(), { timestamp: nowSeconds() + 60 });
    expect(close.status).toBe(200);
  });

  it('honours a tighter tolerance, and refuses a tolerance of 0 (which would switch the check off)', async () => {
    const { sink, served } = await setUp({ toleranceSeconds: 60 });
    expect((await post(served.url, checkoutCompleted(), { timestamp: nowSeconds() - 240 })).status).toBe(401);
    expect(sink.received).toEqual([]);
    expect(() => stripeWebhookRoute({ secret: SECRET, sink, toleranceSeconds: 0 })).toThrow(RangeError);
  });

  it('the same event delivered twice is 200 both times; the second is a duplicate and changes nothing', async () => {
    const { sink, served } = await setUp();
    const first = await post(served.url, checkoutCompleted());
    const again = await post(served.url, checkoutCompleted());
    expect(first.body).toEqual({ received: true, outcome: 'recorded' });
    expect(again).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(sink.received).toHaveLength(2);
    expect(sink.changes).toBe(1);
    expect([...sink.payments.values()]).toMatchObject([{ status: 'completed', amountMinor: 3000 }]);
    expect(served.webhookLines().map((l) => l.outcome)).toEqual(['recorded', 'duplicate']);
  });

  it('a refund delivered before its payment: both reach the sink with their own times; the refund stands', async () => {
    const { sink, served } = await setUp();
    expect((await post(served.url, chargeRefunded())).status).toBe(200);
    expect((await post(served.url, checkoutCompleted())).status).toBe(200);
    expect(sink.received.map((n) => [n.status, n.providerPaymentId, n.occurredAt.getTime() / 1000])).toEqual([
      ['refunded', 'pi_3QxYz', PAID_AT + 3600],
      ['completed', 'pi_3QxYz', PAID_AT],
    ]);
    // Delivered in order to a fresh sink, the payment ends the same way: refunded, as of the refund.
    const inOrder = new FakePaymentSink();
    for (const notice of [...sink.received].reverse()) await inOrder.receive(notice);
    const facts = (s: FakePaymentSink) =>
      [...s.payments.values()].map(({ status, amountMinor, currency, lastEventAt }) => ({
        status,
        amountMinor,
        currency,
        lastEventAt,
      }));
    expect(facts(sink)).toEqual(facts(inOrder));
    expect(facts(sink)).toEqual([
      {
        status: 'refunded',
        amountMinor: 3000,
        currency: 'CNY',
        lastEventAt: new Date((PAID_AT + 3600) * 1000),
      },
    ]);
  });

  it('a signed body that is not JSON, or lacks a field we use, is 400 and stores nothing', async () => {
    const { sink, served } = await setUp();
    const bodies = [
      { raw: '{"id": "evt_1", "type": ' },
      { body: { id: 'evt_x', type: 'checkout.session.completed', created: PAID_AT } },
      { body: checkoutCompleted({ session: { amount_total: undefined } }) },
      { body: checkoutCompleted({ session: { amount_total: '30.00' } }) },
      { body: checkoutCompleted({ session: { currency: null } }) },
      { body: chargeRefunded({ charge: { amount_refunded: -1 } }) },
      { body: { ...checkoutCompleted(), created: 'yesterday' } },
    ];
    for (const { raw, body } of bodies) {
      const res = await post(served.url, body, raw === undefined ? {} : { raw });
      expect(res, raw ?? JSON.stringify(body)).toEqual({
        status: 400,
        body: { received: false, error: 'unexpected body' },
      });
    }
    expect(sink.received).toEqual([]);
    expect(served.webhookLines().map((l) => l.reason)).toEqual([
      'not_json',
      'data: invalid_type',
      'data.object.amount_total: invalid_type',
      'data.object.amount_total: invalid_type',
      'data.object.currency: invalid_type',
      'data.object.amount_refunded: too_small',
      'created: invalid_type',
    ]);
  });

  it('other event types, checkouts not paid yet and a charge with nothing refunded are 200 and ignored', async () => {
    const { sink, served } = await setUp();
    const others = [
      { ...checkoutCompleted({ id: 'evt_pi' }), type: 'payment_intent.succeeded' },
      checkoutCompleted({ id: 'evt_unpaid', session: { payment_status: 'unpaid' } }),
      { ...checkoutCompleted({ id: 'evt_expired' }), type: 'checkout.session.expired' },
      chargeRefunded({ id: 'evt_legacy', charge: { payment_intent: null } }),
      chargeRefunded({ id: 'evt_nothing', charge: { amount_refunded: 0, refunded: false } }),
    ];
    for (const body of others) {
      expect(await post(served.url, body)).toEqual({ status: 200, body: { received: true, ignored: true } });
    }
    expect(sink.received).toEqual([]);
    expect(served.webhookLines().map((l) => [l.event, l.eventId, l.type])).toEqual([
      ['payment.webhook.ignored', 'evt_pi', 'payment_intent.succeeded'],
      ['payment.webhook.ignored', 'evt_unpaid', 'checkout.session.completed'],
      ['payment.webhook.ignored', 'evt_expired', 'checkout.session.expired'],
      ['payment.webhook.ignored', 'evt_legacy', 'charge.refunded'],
      ['payment.webhook.ignored', 'evt_nothing', 'charge.refunded'],
    ]);
  });

  it('when the sink throws, Stripe gets a 500 without the error, so it delivers again; the retry is stored', async () => {
    const { sink, served } = await setUp();
    sink.failWith = new Error('SQLITE_BUSY: database is locked at /var/lib/circlebot/db');
    const res = await post(served.url, checkoutCompleted());
    expect(res).toEqual({ status: 500, body: { received: false, error: 'not stored; deliver again' } });
    expect(JSON.stringify(res.body)).not.toContain('SQLITE');
    expect(served.webhookLines()).toMatchObject([
      { event: 'payment.webhook.failed', provider: 'stripe', eventId: 'evt_1PaidEntry', level: 50 },
    ]);
    expect(await served.metrics.registry.metrics()).toContain('circlebot_errors_total{where="http"} 1');
    sink.failWith = null;
    expect((await post(served.url, checkoutCompleted())).body).toEqual({
      received: true,
      outcome: 'recorded',
    });
    expect(sink.changes).toBe(1);
  });
});
