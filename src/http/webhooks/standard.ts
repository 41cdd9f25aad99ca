import type { FastifyPluginAsync } from 'fastify';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import type { PaymentSink } from '../../core/market/payment.js';
import { keepRawJson, rawBody } from './raw-body.js';

export const STANDARD_WEBHOOK_PATH = '/webhooks/standard';

export interface StandardWebhookOptions {
  /** `whsec_` + base64, shared with the provider; never logged. */
  readonly secret: string;
  readonly sink: PaymentSink;
}

/**
 * The body circlebot accepts from any payment provider that signs with the Standard Webhooks spec:
 *
 *     { "type": "payment.completed" | "payment.refunded",
 *       "data": { "id": "<the provider's payment id>", "amount_minor": 3000, "currency": "CNY",
 *                 "reference": "cb-a-12" | null } }
 *
 * `reference` is the `client_reference_id` circlebot put on the payment link. The event id is the
 * `webhook-id` header and its time the `webhook-timestamp` header.
 */
const bodySchema = z.looseObject({
  type: z.enum(['payment.completed', 'payment.refunded']),
  data: z.looseObject({
    id: z.string().min(1).max(255),
    amount_minor: z.number().int().nonnegative(),
    currency: z
      .string()
      .regex(/^[a-zA-Z]{3}$/)
      .transform((c) => c.toUpperCase()),
    reference: z.string().max(200).nullish(),
  }),
});

const header = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '');

/**
 * `POST /webhooks/standard`, verified with the `standardwebhooks` package (HMAC over id, timestamp and raw
 * body; five minutes' tolerance). Bad or missing signature, or a stale timestamp → 401, nothing stored; a
 * body not as documented → 400; otherwise 200 once the payment sink committed (a redelivery is 200, and
 * changes nothing); the sink failing → 500, so the provider retries.
 */
export function standardWebhookRoute(opts: StandardWebhookOptions): FastifyPluginAsync {
  const webhook = new Webhook(opts.secret);
  return async (app) => {
    keepRawJson(app);
    app.post(STANDARD_WEBHOOK_PATH, async (request, reply) => {
      const headers = {
        'webhook-id': header(request.headers['webhook-id']),
        'webhook-timestamp': header(request.headers['webhook-timestamp']),
        'webhook-signature': header(request.headers['webhook-signature']),
      };
      let body: unknown;
      try {
        body = webhook.verify(rawBody(request.body).toString('utf8'), headers);
      } catch (err) {
        if (err instanceof WebhookVerificationError) {
          request.log.warn(
            { event: 'webhook.standard.unauthorized', reason: err.message },
            'standard webhook refused',
          );
          return reply.code(401).send({ received: false, error: err.message });
        }
        request.log.warn({ event: 'webhook.standard.malformed' }, 'standard webhook body is not JSON');
        return reply.code(400).send({ received: false, error: 'not JSON' });
      }
      const parsed = bodySchema.safeParse(body);
      const eventId = headers['webhook-id'];
      if (!parsed.success) {
        request.log.warn(
          { event: 'webhook.standard.malformed', eventId },
          'standard webhook body not as documented',
        );
        return reply.code(400).send({ received: false, error: 'not a payment event' });
      }
      const { type, data } = parsed.data;
      const outcome = await opts.sink.receive({
        provider: 'standard',
        providerPaymentId: data.id,
        eventId,
        status: type === 'payment.completed' ? 'completed' : 'refunded',
        amountMinor: data.amount_minor,
        currency: data.currency,
        reference: data.reference ?? null,
        occurredAt: new Date(Number(headers['webhook-timestamp']) * 1000),
      });
      request.log.info({ event: 'webhook.standard', eventId, type, outcome }, 'standard webhook applied');
      return reply.code(200).send({ received: true, outcome });
    });
  };
}
