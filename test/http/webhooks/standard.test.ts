import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { STANDARD_WEBHOOK_PATH, standardWebhookRoute } from '../../../src/http/webhooks/standard.js';
import { FakePaymentSink } from './fake-sink.js';
import { type Served, serve } from './harness.js';

const SECRET = `whsec_${Buffer.from('circlebot-standard-webhooks-test-key').toString('base64')}`;
const signer = new Webhook(SECRET);

let served: Served | undefined;
afterEach(async () => {
  await served?.app.close();
  served = undefined;
});

async function setUp() {
  const sink = new FakePaymentSink();
  served = await serve(standardWebhookRoute({ secret: SECRET, sink }));
  return { sink, served };
}

/** Now, to the second: the spec's timestamps are whole seconds. */
const now = () => new Date(Math.floor(Date.now() / 1000) * 1000);

const completed = (data: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'payment.completed',
    data: { id: 'pay_1', amount_minor: 3000, currency: 'cny', reference: 'cb-a-7', ...data },
  });

const refunded = (data: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'payment.refunded',
    data: { id: 'pay_1', amount_minor: 3000, currency: 'CNY', reference: null, ...data },
  });

/** POSTs a body signed per the Standard Webhooks spec (`Webhook#sign`), or with the headers given. */
async function post(
  url: string,
  payload: string,
  opts: { id?: string; at?: Date; signer?: Webhook; headers?: Record<string, string>; type?: string } = {},
) {
  const id = opts.id ?? 'msg_1';
  const at = opts.at ?? now();
  const headers = opts.headers ?? {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': (opts.signer ?? signer).sign(id, at, payload),
  };
  const res = await fetch(`${url}${STANDARD_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': opts.type ?? 'application/json', ...headers },
    body: payload,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /webhooks/standard', () => {
  it('a signed payment reaches the sink with the header’s id and time, answered with its outcome', async () => {
    const { sink, served } = await setUp();
    const at = now();
    const res = await post(served.url, completed({ provider: 'acme-pay' }), { id: 'msg_42', at });
    expect(res).toEqual({ status: 200, body: { received: true, outcome: 'recorded' } });
    expect(sink.received).toEqual([
      {
        provider: 'standard',
        providerPaymentId: 'pay_1',
        eventId: 'msg_42',
        status: 'completed',
        amountMinor: 3000,
        currency: 'CNY',
        reference: 'cb-a-7',
        occurredAt: at,
      },
    ]);
    expect(served.webhookLines()).toMatchObject([
      { event: 'payment.webhook.received', provider: 'standard', eventId: 'msg_42', outcome: 'recorded' },
    ]);
    expect(served.logs()).not.toContain(SECRET);
    expect(served.logs()).not.toMatch(/amount|cb-a-7|acme-pay/);
  });

  it('a refund, and a payment whose reference is left out, reach the sink too', async () => {
    const { sink, served } = await setUp();
    expect((await post(served.url, refunded(), { id: 'msg_r' })).status).toBe(200);
    const noReference = JSON.stringify({
      type: 'payment.completed',
      data: { id: 'pay_2', amount_minor: 5000, currency: 'usd' },
    });
    expect((await post(served.url, noReference, { id: 'msg_n' })).status).toBe(200);
    expect(
      sink.received.map((n) => [n.eventId, n.providerPaymentId, n.status, n.currency, n.reference]),
    ).toEqual([
      ['msg_r', 'pay_1', 'refunded', 'CNY', null],
      ['msg_n', 'pay_2', 'completed', 'USD', null],
    ]);
  });

  it('a refund may say how much was given back so far: below the amount it is partial, the payment stays completed', async () => {
    const { sink, served } = await setUp();
    await post(served.url, refunded({ refunded_minor: 1000 }), { id: 'msg_r1' });
    await post(served.url, refunded({ refunded_minor: 3000 }), { id: 'msg_r2' });
    await post(served.url, refunded({ id: 'pay_2' }), { id: 'msg_r3' });
    expect(sink.received.map((n) => [n.eventId, n.status, n.amountMinor, n.refundedMinor])).toEqual([
      ['msg_r1', 'partially_refunded', 3000, 1000],
      ['msg_r2', 'refunded', 3000, 3000],
      ['msg_r3', 'refunded', 3000, 3000],
    ]);
    const bad = await post(served.url, refunded({ refunded_minor: -1 }), { id: 'msg_bad' });
    expect(bad.status).toBe(400);
  });

  it('signed with another secret, unsigned, tampered, or with a bent timestamp: 401 and nothing passed on', async () => {
    const { sink, served } = await setUp();
    const other = new Webhook(`whsec_${Buffer.from('someone-else-entirely-0000').toString('base64')}`);
    const at = now();
    const seconds = String(Math.floor(at.getTime() / 1000));
    const cases = [
      await post(served.url, completed(), { signer: other }),
      await post(served.url, completed(), { headers: {} }),
      // Signed for 3000, delivered claiming 1.
      await post(served.url, completed({ amount_minor: 1 }), {
        headers: {
          'webhook-id': 'msg_1',
          'webhook-timestamp': seconds,
          'webhook-signature': signer.sign('msg_1', at, completed()),
        },
      }),
      // The library alone would read "<seconds>abc" as <seconds> and accept the signature.
      await post(served.url, completed(), {
        headers: {
          'webhook-id': 'msg_1',
          'webhook-timestamp': `${seconds}abc`,
          'webhook-signature': signer.sign('msg_1', at, completed()),
        },
      }),
    ];
    for (const res of cases)
      expect(res).toEqual({ status: 401, body: { received: false, error: 'invalid signature' } });
    expect(sink.received).toEqual([]);
    expect(served.webhookLines().map((l) => [l.event, l.reason])).toEqual([
      ['payment.webhook.rejected', 'signature_mismatch'],
      ['payment.webhook.rejected', 'missing_or_malformed_headers'],
      ['payment.webhook.rejected', 'signature_mismatch'],
      ['payment.webhook.rejected', 'missing_or_malformed_headers'],
    ]);
    expect(served.logs()).not.toContain(SECRET);
  });

  it('a timestamp more than five minutes old (a replayed capture) or ahead is 401', async () => {
    const { sink, served } = await setUp();
    const old = await post(served.url, completed(), { at: new Date(Date.now() - 10 * 60_000) });
    const ahead = await post(served.url, completed(), { at: new Date(Date.now() + 10 * 60_000) });
    expect([old.status, ahead.status]).toEqual([401, 401]);
    expect(served.webhookLines().map((l) => l.reason)).toEqual(['timestamp_too_old', 'timestamp_too_new']);
    expect(sink.received).toEqual([]);
  });

  it('the same delivery twice (same webhook-id) is 200 both times; the second is a duplicate and changes nothing', async () => {
    const { sink, served } = await setUp();
    const first = await post(served.url, completed(), { id: 'msg_7' });
    const again = await post(served.url, completed(), { id: 'msg_7' });
    expect(first.body).toEqual({ received: true, outcome: 'recorded' });
    expect(again).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(sink.received).toHaveLength(2);
    expect(sink.changes).toBe(1);
    expect([...sink.payments.values()]).toMatchObject([{ status: 'completed', amountMinor: 3000 }]);
  });

  it('a refund delivered before its payment: both reach the sink with their own times; the refund stands', async () => {
    const { sink, served } = await setUp();
    const paidAt = new Date(now().getTime() - 120_000);
    const refundedAt = new Date(paidAt.getTime() + 60_000);
    expect((await post(served.url, refunded(), { id: 'msg_refund', at: refundedAt })).status).toBe(200);
    expect((await post(served.url, completed(), { id: 'msg_paid', at: paidAt })).status).toBe(200);
    expect(sink.received.map((n) => [n.eventId, n.status, n.providerPaymentId, n.occurredAt])).toEqual([
      ['msg_refund', 'refunded', 'pay_1', refundedAt],
      ['msg_paid', 'completed', 'pay_1', paidAt],
    ]);
    const inOrder = new FakePaymentSink();
    for (const notice of [...sink.received].reverse()) await inOrder.receive(notice);
    const facts = (s: FakePaymentSink) => [...s.payments.values()].map((p) => [p.status, p.lastEventAt]);
    expect(facts(sink)).toEqual(facts(inOrder));
    expect(facts(sink)).toEqual([['refunded', refundedAt]]);
  });

  it('a signed body that is not JSON or lacks a field is 400, and a body of another media type is refused', async () => {
    const { sink, served } = await setUp();
    const bodies = [
      '{"type":',
      '[]',
      JSON.stringify({ type: 'payment.completed' }),
      completed({ amount_minor: -5 }),
      completed({ amount_minor: 30.5 }),
      completed({ currency: 'yuan' }),
      completed({ id: '' }),
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await post(served.url, body, { id: `msg_bad_${i}` });
      expect(res, body).toEqual({ status: 400, body: { received: false, error: 'unexpected body' } });
    }
    const form = await post(served.url, 'type=payment.completed', {
      type: 'application/x-www-form-urlencoded',
    });
    expect(form).toEqual({ status: 415, body: { received: false, error: 'unreadable request' } });
    expect(sink.received).toEqual([]);
    expect(served.webhookLines().map((l) => l.reason)).toEqual([
      'not_json',
      'invalid_type',
      'data: invalid_type',
      'data.amount_minor: too_small',
      'data.amount_minor: invalid_type',
      'data.currency: invalid_format',
      'data.id: too_small',
      'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    ]);
  });

  it('another event type is 200 and ignored', async () => {
    const { sink, served } = await setUp();
    const pending = JSON.stringify({ type: 'payment.pending', data: { id: 'pay_1' } });
    expect(await post(served.url, pending, { id: 'msg_p' })).toEqual({
      status: 200,
      body: { received: true, ignored: true },
    });
    expect(sink.received).toEqual([]);
    expect(served.webhookLines()).toMatchObject([
      { event: 'payment.webhook.ignored', eventId: 'msg_p', type: 'payment.pending' },
    ]);
  });

  it('when the payment cannot be stored: 500 without the error, so the provider delivers again', async () => {
    const { sink, served } = await setUp();
    sink.failWith = new Error('database unavailable');
    const res = await post(served.url, completed());
    expect(res).toEqual({ status: 500, body: { received: false, error: 'not stored; deliver again' } });
    expect(served.webhookLines()).toMatchObject([
      { event: 'payment.webhook.failed', provider: 'standard', eventId: 'msg_1' },
    ]);
    sink.failWith = null;
    expect((await post(served.url, completed())).body).toEqual({ received: true, outcome: 'recorded' });
  });

  it('a secret that is not base64 is refused when the route is made', () => {
    expect(() =>
      standardWebhookRoute({ secret: 'whsec_not base64!', sink: new FakePaymentSink() }),
    ).toThrow();
  });
});
