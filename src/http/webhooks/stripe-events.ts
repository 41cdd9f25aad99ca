import { z } from 'zod';
import type { Delivery } from './delivery.js';
import { firstIssue } from './delivery.js';

/** The parts of a Stripe event every type shares (a snapshot event: `data.object` is the object itself). */
const eventSchema = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1),
  created: z.int().positive(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

const currency = z.string().regex(/^[A-Za-z]{3}$/);

const paidSchema = z.looseObject({ payment_status: z.string() });

/** A Checkout Session (Checkout and Payment Links); `payment_intent` is null in subscription mode. */
const sessionSchema = z.looseObject({
  id: z.string().min(1),
  payment_intent: z.string().min(1).nullable(),
  amount_total: z.int().nonnegative(),
  currency,
  client_reference_id: z.string().max(200).nullable(),
});

/** A Charge; `amount_refunded` is the total refunded so far (a partial refund is an event too). */
const chargeSchema = z.looseObject({
  payment_intent: z.string().min(1).nullable(),
  /** Whether the charge is refunded in full; a partial refund leaves the payment completed. */
  refunded: z.boolean().optional(),
  /** What was charged; Stripe always sends it (a trimmed body without it is read as refunded in full). */
  amount: z.int().nonnegative().optional(),
  amount_refunded: z.int().nonnegative(),
  currency,
  metadata: z.record(z.string(), z.string()).nullish(),
});

/** The checkout events that say the money arrived (card payments at once, bank debits later). */
const COMPLETED = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

/**
 * Reads a verified Stripe event. A paid checkout session → `completed` (keyed by its payment intent, else
 * by the session); `charge.refunded` (keyed by the charge's payment intent, reference from
 * `metadata.circlebot_reference`) → `refunded` once refunded in full, else `partially_refunded` (the
 * payment stays completed), carrying the cumulative `amount_refunded` either way; every other type, an
 * unpaid session, and a charge without a payment intent (nothing circlebot sold) or with nothing refunded
 * are ignored. A field we use that is missing or mistyped is `malformed`.
 */
export function fromStripeEvent(body: unknown): Delivery {
  const event = eventSchema.safeParse(body);
  if (!event.success) return { kind: 'malformed', provider: 'stripe', reason: firstIssue(event.error) };
  const { id: eventId, type, created } = event.data;
  const object = event.data.data.object;
  const occurredAt = new Date(created * 1000);
  const malformed = (error: z.ZodError): Delivery => ({
    kind: 'malformed',
    provider: 'stripe',
    eventId,
    reason: firstIssue(error, 'data.object'),
  });

  if (COMPLETED.has(type)) {
    const paid = paidSchema.safeParse(object);
    if (!paid.success) return malformed(paid.error);
    if (paid.data.payment_status !== 'paid') {
      return { kind: 'ignored', provider: 'stripe', eventId, type, reason: 'not paid yet' };
    }
    const session = sessionSchema.safeParse(object);
    if (!session.success) return malformed(session.error);
    const s = session.data;
    return {
      kind: 'notice',
      notice: {
        provider: 'stripe',
        providerPaymentId: s.payment_intent ?? s.id,
        eventId,
        status: 'completed',
        amountMinor: s.amount_total,
        currency: s.currency.toUpperCase(),
        reference: s.client_reference_id || null,
        occurredAt,
      },
    };
  }

  if (type === 'charge.refunded') {
    const charge = chargeSchema.safeParse(object);
    if (!charge.success) return malformed(charge.error);
    const c = charge.data;
    if (c.payment_intent === null) {
      return {
        kind: 'ignored',
        provider: 'stripe',
        eventId,
        type,
        reason: 'charge without a payment intent',
      };
    }
    if (c.refunded === false && c.amount_refunded === 0) {
      return { kind: 'ignored', provider: 'stripe', eventId, type, reason: 'nothing refunded' };
    }
    return {
      kind: 'notice',
      notice: {
        provider: 'stripe',
        providerPaymentId: c.payment_intent,
        eventId,
        status: c.refunded === false ? 'partially_refunded' : 'refunded',
        amountMinor: c.amount ?? c.amount_refunded,
        refundedMinor: c.amount_refunded,
        currency: c.currency.toUpperCase(),
        reference: c.metadata?.circlebot_reference || null,
        occurredAt,
      },
    };
  }

  return { kind: 'ignored', provider: 'stripe', eventId, type };
}
