import type { FastifyPluginAsync } from 'fastify';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import type { PaymentSink, PaymentStatus } from '../../core/market/payment.js';
import { type Delivery, deliver, firstIssue, reject, webhookContext } from './delivery.js';
import { rawBody } from './raw-body.js';

export const STANDARD_WEBHOOK_PATH = '/webhooks/standard';

export interface StandardWebhookOptions {
  /** The signing secret shared with the sender: `whsec_` followed by the base64 key; never logged. */
  readonly secret: string;
  /** Takes each verified payment notice; resolves after its commit. */
  readonly sink: PaymentSink;
}

const TYPES: Readonly<Record<string, PaymentStatus>> = {
  'payment.completed': 'completed',
  'payment.refunded': 'refunded',
};

const envelopeSchema = z.looseObject({ type: z.string().min(1).max(255), data: z.unknown() });

const dataSchema = z.looseObject({
  id: z.string().min(1).max(255),
  amount_minor: z.int().nonnegative(),
  /** On `payment.refunded`: the total given back so far; left out, all of it. */
  refunded_minor: z.int().nonnegative().optional(),
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  reference: z.string().max(200).nullish(),
  provider: z.string().max(64).optional(),
});

/** `webhook-id` becomes the stored event id: printable ASCII, as the spec's `msg_…` ids are. */
const MESSAGE_ID = /^[\x21-\x7e]{1,255}$/;
/** Unix seconds, digits only: the library alone would read `123abc` as 123. */
const TIMESTAMP = /^\d{1,12}$/;

/** The three signature headers, when each is there once and well-formed; `null` otherwise. */
function signatureHeaders(headers: Record<string, string | string[] | undefined>) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') return null;
  if (!MESSAGE_ID.test(id) || !TIMESTAMP.test(timestamp)) return null;
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}

/** Short codes for the `standardwebhooks` package's refusals. */
function reasonOf(err: WebhookVerificationError): string {
  if (err.message === 'Message timestamp too old') return 'timestamp_too_old';
  if (err.message === 'Message timestamp too new') return 'timestamp_too_new';
  if (err.message === 'No matching signature found') return 'signature_mismatch';
  return 'signature_invalid';
}

/** A refund of part of the amount leaves the payment completed; all of it (or no amount said) refunds it. */
function refundOf(amountMinor: number, refundedMinor: number | undefined) {
  if (refundedMinor === undefined || refundedMinor >= amountMinor) {
    return { status: 'refunded' as const, refundedMinor: refundedMinor ?? amountMinor };
  }
  return { status: 'partially_refunded' as const, refundedMinor };
}

/**
 * Reads a verified, JSON-parsed body delivered as `eventId` at `occurredAt`: a known type with good data is
 * a notice, another type is ignored, anything else is malformed. Never throws.
 */
export function fromStandardBody(body: unknown, eventId: string, occurredAt: Date): Delivery {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    return { kind: 'malformed', provider: 'standard', eventId, reason: firstIssue(envelope.error) };
  }
  const { type } = envelope.data;
  const status = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
  if (status === undefined) return { kind: 'ignored', provider: 'standard', eventId, type };
  const data = dataSchema.safeParse(envelope.data.data);
  if (!data.success) {
    return { kind: 'malformed', provider: 'standard', eventId, reason: firstIssue(data.error, 'data') };
  }
  const d = data.data;
  const refund = status === 'refunded' ? refundOf(d.amount_minor, d.refunded_minor) : {};
  return {
    kind: 'notice',
    notice: {
      provider: 'standard',
      providerPaymentId: d.id,
      eventId,
      status,
      ...refund,
      amountMinor: d.amount_minor,
      currency: d.currency.toUpperCase(),
      reference: d.reference || null,
      occurredAt,
    },
  };
}

/**
 * `POST /webhooks/standard`: payments confirmed by any provider (or a bridge you run) that signs per the
 * Standard Webhooks spec, verified by the `standardwebhooks` package: `webhook-id`, `webhook-timestamp` (unix
 * seconds, at most 5 minutes from our clock either way) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<raw body>">`, several separated by spaces).
 *
 * The body circlebot defines:
 *
 * ```jsonc
 * { "type": "payment.completed",          // or "payment.refunded"; any other type is answered and ignored
 *   "data": { "id": "pay_123",            // the payment's id at the provider, the same on its refund
 *             "amount_minor": 3000,       // integer count of the currency's minor unit (3000 = 30.00 CNY);
 *                                         // on a refund too, the payment's amount
 *             "refunded_minor": 1000,     // payment.refunded only, optional: the total given back so far
 *                                         // (cumulative: a later event says more, never less); below
 *                                         // amount_minor the payment stays completed; left out: all of it
 *             "currency": "CNY",          // 3 letters, any case
 *             "reference": "cb-a-12",     // what circlebot put on the payment link; null or left out if none
 *             "provider": "acme-pay" } }  // optional, for your records; the notice's provider is 'standard'
 * ```
 *
 * The notice's event id is `webhook-id` (a redelivery keeps it, so it is applied once) and its time is
 * `webhook-timestamp`. Answers like the Stripe route: 401 for missing or bad signature headers or a
 * timestamp out of range (nothing stored), 400 for a signed body that is not the above, 200 `{ received:
 * true, ignored: true }` for another type, 200 `{ received: true, outcome }` once the sink resolved, 500
 * when it throws. Throws at once when the secret is not valid base64.
 */
export function standardWebhookRoute({ secret, sink }: StandardWebhookOptions): FastifyPluginAsync {
  const webhook = new Webhook(secret);
  return async (app) => {
    webhookContext(app, 'standard');
    app.post(STANDARD_WEBHOOK_PATH, async (request, reply) => {
      const headers = signatureHeaders(request.headers);
      if (!headers) return reject(request, reply, 'standard', 'missing_or_malformed_headers');
      const raw = rawBody(request.body);
      try {
        webhook.verify(raw, headers, { jsonParse: false });
      } catch (err) {
        if (err instanceof WebhookVerificationError) return reject(request, reply, 'standard', reasonOf(err));
        throw err;
      }
      const eventId = headers['webhook-id'];
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        const notJson: Delivery = { kind: 'malformed', provider: 'standard', eventId, reason: 'not_json' };
        return deliver(request, reply, sink, notJson);
      }
      const occurredAt = new Date(Number(headers['webhook-timestamp']) * 1000);
      return deliver(request, reply, sink, fromStandardBody(body, eventId, occurredAt));
    });
  };
}
