import type { FastifyPluginAsync } from 'fastify';
import Stripe from 'stripe';
import type { PaymentSink } from '../../core/market/payment.js';
import { deliver, reject, webhookContext } from './delivery.js';
import { rawBody } from './raw-body.js';
import { fromStripeEvent } from './stripe-events.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

export interface StripeWebhookOptions {
  /** The endpoint's signing secret from the Stripe dashboard (`whsec_…`); never logged. */
  readonly secret: string;
  /** Takes each verified payment notice; resolves after its commit. */
  readonly sink: PaymentSink;
  /**
   * How far a signature's timestamp may be from our clock, in seconds, back or ahead (Stripe's default:
   * 300). Must be above 0.
   */
  readonly toleranceSeconds?: number;
}

/** Short codes for why `constructEvent` refused, from the messages of stripe-node's `Webhooks.js`. */
function reasonOf(message: string): string {
  if (message.startsWith('Timestamp outside')) return 'timestamp_outside_tolerance';
  if (message.startsWith('No signatures found matching')) return 'signature_mismatch';
  if (message.startsWith('No webhook payload')) return 'empty_body';
  if (message.startsWith('Unable to extract') || message.startsWith('No signatures found with')) {
    return 'malformed_signature_header';
  }
  return 'signature_invalid';
}

/**
 * The signed time of a `Stripe-Signature` header (`t=…`), read as stripe-node reads it (the last `t`
 * wins); `null` when there is none.
 */
export function signedAt(header: string): number | null {
  let at: number | null = null;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't' && value !== undefined) at = Number.parseInt(value, 10);
  }
  return at !== null && Number.isFinite(at) ? at : null;
}

/**
 * `POST /webhooks/stripe`: Stripe's signed events, verified over the raw body by the `stripe` package's
 * `webhooks.constructEvent` (`Stripe-Signature` header, HMAC-SHA256, timestamp within the tolerance) — no
 * call to Stripe is ever made.
 *
 * - missing or bad signature, or a timestamp older than the tolerance or further ahead of our clock than
 *   the tolerance (stripe-node checks only the age; a future time would make a captured request replayable
 *   for longer) → 401, nothing reaches the sink;
 * - a verified body that is not JSON, not an event, or lacks a field we use → 400;
 * - `checkout.session.completed` / `checkout.session.async_payment_succeeded` with `payment_status: 'paid'`
 *   → a `completed` notice; `charge.refunded` → a `refunded` or `partially_refunded` notice (see
 *   `fromStripeEvent`);
 * - any other event type (and an unpaid session) → 200 `{ received: true, ignored: true }`;
 * - a notice → 200 `{ received: true, outcome }` once the sink resolved (a redelivery: `duplicate`), 500
 *   when the sink throws, so Stripe delivers it again.
 *
 * Throws `RangeError` at once for a tolerance that is not above 0 (stripe-node reads 0 as "no check").
 */
export function stripeWebhookRoute({
  secret,
  sink,
  toleranceSeconds = 300,
}: StripeWebhookOptions): FastifyPluginAsync {
  if (!(toleranceSeconds > 0)) throw new RangeError('toleranceSeconds must be above 0');
  return async (app) => {
    webhookContext(app, 'stripe');
    app.post(STRIPE_WEBHOOK_PATH, async (request, reply) => {
      const header = request.headers['stripe-signature'];
      if (typeof header !== 'string' || header === '') {
        return reject(request, reply, 'stripe', 'missing_signature');
      }
      let event: unknown;
      let readable = true;
      try {
        event = Stripe.webhooks.constructEvent(rawBody(request.body), header, secret, toleranceSeconds);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
          return reject(request, reply, 'stripe', reasonOf(err.message));
        }
        // Anything else is thrown after the signature held: the body is Stripe's, but not JSON we can read.
        readable = false;
      }
      const at = signedAt(header);
      if (at !== null && at - Math.floor(Date.now() / 1000) > toleranceSeconds) {
        return reject(request, reply, 'stripe', 'timestamp_in_future');
      }
      if (!readable) {
        return deliver(request, reply, sink, { kind: 'malformed', provider: 'stripe', reason: 'not_json' });
      }
      return deliver(request, reply, sink, fromStripeEvent(event));
    });
  };
}
