import type { FastifyPluginAsync } from 'fastify';
import Stripe from 'stripe';
import { z } from 'zod';
import type { PaymentNotice, PaymentSink } from '../../core/market/payment.js';
import { keepRawJson, rawBody } from './raw-body.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

export interface StripeWebhookOptions {
  /** The endpoint's signing secret (`whsec_…`); never logged. */
  readonly secret: string;
  readonly sink: PaymentSink;
  /** Oldest signed timestamp accepted, in seconds (Stripe's default: 300). */
  readonly toleranceSeconds?: number;
}

const eventSchema = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().positive(),
  data: z.looseObject({ object: z.unknown() }),
});

const currency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/)
  .transform((c) => c.toUpperCase());

const sessionSchema = z.looseObject({
  id: z.string().min(1),
  payment_intent: z.string().min(1).nullish(),
  payment_status: z.string(),
  amount_total: z.number().int().nonnegative(),
  currency,
  client_reference_id: z.string().max(200).nullish(),
});

const chargeSchema = z.looseObject({
  id: z.string().min(1),
  payment_intent: z.string().min(1),
  amount_refunded: z.number().int().nonnegative(),
  currency,
  metadata: z.record(z.string(), z.string()).nullish(),
});

const COMPLETED = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

type Read =
  | { readonly notice: PaymentNotice }
  | { readonly ignored: string }
  | { readonly malformed: string };

/** What a verified Stripe event means for circlebot. */
function readEvent(event: z.infer<typeof eventSchema>): Read {
  const occurredAt = new Date(event.created * 1000);
  if (COMPLETED.has(event.type)) {
    const session = sessionSchema.safeParse(event.data.object);
    if (!session.success) return { malformed: 'checkout session' };
    const s = session.data;
    if (s.payment_status !== 'paid') return { ignored: `payment_status ${s.payment_status}` };
    return {
      notice: {
        provider: 'stripe',
        providerPaymentId: s.payment_intent ?? s.id,
        eventId: event.id,
        status: 'completed',
        amountMinor: s.amount_total,
        currency: s.currency,
        reference: s.client_reference_id ?? null,
        occurredAt,
      },
    };
  }
  if (event.type === 'charge.refunded') {
    const charge = chargeSchema.safeParse(event.data.object);
    if (!charge.success) return { malformed: 'charge' };
    const c = charge.data;
    return {
      notice: {
        provider: 'stripe',
        providerPaymentId: c.payment_intent,
        eventId: event.id,
        status: 'refunded',
        amountMinor: c.amount_refunded,
        currency: c.currency,
        reference: c.metadata?.circlebot_reference ?? null,
        occurredAt,
      },
    };
  }
  return { ignored: event.type };
}

/**
 * `POST /webhooks/stripe`, verified by the `stripe` package over the raw body (signature and timestamp
 * tolerance). A missing or bad signature, or a stale timestamp → 401, nothing stored; a verified body that
 * is not what is expected → 400; an event type circlebot does not use → 200, ignored; otherwise 200 only
 * once the payment sink has committed the payment (a redelivery is 200 and changes nothing). If the sink
 * fails → 500, and Stripe retries.
 */
export function stripeWebhookRoute(opts: StripeWebhookOptions): FastifyPluginAsync {
  // The client only verifies signatures here: no API call is ever made with this key.
  const stripe = new Stripe('sk_circlebot_verification_only');
  const tolerance = opts.toleranceSeconds ?? 300;
  return async (app) => {
    keepRawJson(app);
    app.post(STRIPE_WEBHOOK_PATH, async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      if (typeof signature !== 'string' || signature === '') {
        request.log.warn({ event: 'webhook.stripe.unsigned' }, 'stripe webhook without a signature');
        return reply.code(401).send({ received: false, error: 'missing signature' });
      }
      let event: unknown;
      try {
        event = stripe.webhooks.constructEvent(rawBody(request.body), signature, opts.secret, tolerance);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
          const stale = /timestamp outside the tolerance/i.test(err.message);
          request.log.warn(
            { event: 'webhook.stripe.unauthorized', reason: stale ? 'stale_timestamp' : 'bad_signature' },
            'stripe webhook refused',
          );
          return reply
            .code(401)
            .send({ received: false, error: stale ? 'stale timestamp' : 'bad signature' });
        }
        request.log.warn({ event: 'webhook.stripe.malformed' }, 'stripe webhook body is not JSON');
        return reply.code(400).send({ received: false, error: 'not JSON' });
      }
      const parsed = eventSchema.safeParse(event);
      if (!parsed.success) {
        request.log.warn({ event: 'webhook.stripe.malformed' }, 'stripe webhook is not an event');
        return reply.code(400).send({ received: false, error: 'not a Stripe event' });
      }
      const read = readEvent(parsed.data);
      const fields = { event: 'webhook.stripe', eventId: parsed.data.id, type: parsed.data.type };
      if ('malformed' in read) {
        request.log.warn({ ...fields, malformed: read.malformed }, 'stripe event lacks what circlebot needs');
        return reply.code(400).send({ received: false, error: `malformed ${read.malformed}` });
      }
      if ('ignored' in read) {
        request.log.info({ ...fields, ignored: read.ignored }, 'stripe event ignored');
        return reply.code(200).send({ received: true, ignored: true });
      }
      const outcome = await opts.sink.receive(read.notice);
      request.log.info({ ...fields, outcome }, 'stripe webhook applied');
      return reply.code(200).send({ received: true, outcome });
    });
  };
}
