import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHttp } from '../../../src/http/app.js';
import { standardWebhookRoute } from '../../../src/http/webhooks/standard.js';
import { createMetrics } from '../../../src/metrics.js';
import { RecordingSink } from './sink.js';

const SECRET = `whsec_${Buffer.from('circlebot-standard-webhooks-test').toString('base64')}`;
const signer = new Webhook(SECRET);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve() {
  const sink = new RecordingSink();
  app = buildHttp({
    store: { ping: async () => 0 },
    metrics: createMetrics(),
    log: pino({ level: 'silent' }),
    routes: [standardWebhookRoute({ secret: SECRET, sink })],
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  /** POSTs a body signed per the Standard Webhooks spec (or with the headers given). */
  const post = async (
    payload: string,
    opts: { id?: string; at?: Date; signer?: Webhook; headers?: Record<string, string> } = {},
  ) => {
    const id = opts.id ?? 'msg_1';
    const at = opts.at ?? new Date();
    const headers = opts.headers ?? {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': (opts.signer ?? signer).sign(id, at, payload),
    };
    const res = await fetch(`${address}/webhooks/standard`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: payload,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { sink, post };
}

const completed = (more: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'payment.completed',
    data: { id: 'pay_1', amount_minor: 3000, currency: 'cny', reference: 'cb-a-7', ...more },
  });

describe('POST /webhooks/standard (real socket, Standard Webhooks signatures)', () => {
  it('a signed payment reaches the sink with the header’s id and time', async () => {
    const { sink, post } = await serve();
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    expect(await post(completed(), { id: 'msg_42', at })).toEqual({
      status: 200,
      body: { received: true, outcome: 'recorded' },
    });
    expect(sink.notices).toEqual([
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
  });

  it('signed with another secret, unsigned, or tampered: 401 and nothing passed on', async () => {
    const { sink, post } = await serve();
    const other = new Webhook(`whsec_${Buffer.from('someone-else-entirely-0000').toString('base64')}`);
    expect((await post(completed(), { signer: other })).status).toBe(401);
    expect((await post(completed(), { headers: {} })).status).toBe(401);
    const at = new Date();
    const signature = signer.sign('msg_1', at, completed());
    const tampered = await post(completed({ amount_minor: 1 }), {
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
    });
    expect(tampered.status).toBe(401);
    expect(sink.notices).toEqual([]);
  });

  it('a stale timestamp is 401', async () => {
    const { sink, post } = await serve();
    const res = await post(completed(), { at: new Date(Date.now() - 10 * 60_000) });
    expect(res.status).toBe(401);
    expect(sink.notices).toEqual([]);
  });

  it('a replayed delivery (same webhook-id) is 200 and the sink sees a duplicate', async () => {
    const { sink, post } = await serve();
    await post(completed());
    expect(await post(completed())).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(sink.notices).toHaveLength(1);
  });

  it('out of order: a refund signed before the payment arrives first; both reach the sink with their times', async () => {
    const { sink, post } = await serve();
    const t0 = Math.floor(Date.now() / 1000) - 120;
    const refunded = JSON.stringify({
      type: 'payment.refunded',
      data: { id: 'pay_1', amount_minor: 3000, currency: 'CNY', reference: null },
    });
    await post(refunded, { id: 'msg_refund', at: new Date((t0 + 60) * 1000) });
    await post(completed(), { id: 'msg_paid', at: new Date(t0 * 1000) });
    expect(sink.notices.map((n) => [n.eventId, n.status, n.occurredAt.getTime() / 1000])).toEqual([
      ['msg_refund', 'refunded', t0 + 60],
      ['msg_paid', 'completed', t0],
    ]);
  });

  it('a signed body that is not a payment event, or not JSON: 400', async () => {
    const { sink, post } = await serve();
    expect((await post(JSON.stringify({ type: 'payment.teleported', data: {} }))).status).toBe(400);
    expect((await post(completed({ amount_minor: -5 }))).status).toBe(400);
    expect((await post('{"type":')).status).toBe(400);
    expect(sink.notices).toEqual([]);
  });

  it('when the payment cannot be stored: 500, so the provider retries', async () => {
    const { sink, post } = await serve();
    sink.fail = true;
    expect((await post(completed())).status).toBe(500);
  });
});
