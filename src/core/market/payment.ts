/** Where a payment was confirmed from. */
export const PAYMENT_PROVIDERS = ['stripe', 'standard', 'telegram_stars'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

/** A stored payment's status: `refunded` means given back in full; a partial refund leaves it `completed`. */
export type PaymentStatus = 'completed' | 'refunded';

/**
 * What a notice says happened: the payment reached a status, or part of it was given back
 * (`partially_refunded`: the status stays; only the refunded total moves).
 */
export type PaymentChange = PaymentStatus | 'partially_refunded';

/**
 * A provider told us a payment changed: a verified webhook (Stripe, Standard Webhooks) or a Telegram
 * `successful_payment`. Adapters and HTTP routes build it from a body they validated; the core trusts it.
 */
export interface PaymentNotice {
  readonly provider: PaymentProvider;
  /**
   * The provider's id of the payment, stable across its events (Stripe: the payment intent, or the checkout
   * session when there is none; Telegram: the charge id). One payment row per (provider, id).
   */
  readonly providerPaymentId: string;
  /** The provider's id of this event: a redelivered event changes nothing. */
  readonly eventId: string;
  readonly status: PaymentChange;
  /** The payment's amount (on a refund too): integer count of the currency's minor unit, as reported. */
  readonly amountMinor: number;
  /**
   * On a refund, the total given back so far (cumulative, like Stripe's `amount_refunded`), so applying it
   * is idempotent and order-safe: the stored total only ever rises. Absent on a refund: all of it.
   */
  readonly refundedMinor?: number;
  /** Upper-case: `CNY`, `USD`, `XTR`. */
  readonly currency: string;
  /**
   * What circlebot put on the payment (Stripe `client_reference_id`, the Stars invoice payload): names the
   * application it admits or the offer and member it was bought through; `null` when the provider sent none.
   */
  readonly reference: string | null;
  /** When the provider says the event happened: an older event never undoes a newer one (out of order). */
  readonly occurredAt: Date;
}

/**
 * What became of a notice. `recorded`: stored (and acted on); `duplicate`: this event was seen before;
 * `stale`: an older event than the payment's latest, kept out; `unmatched`: stored, but its reference names
 * nothing circlebot knows (kept for accounting, logged).
 */
export type PaymentOutcome = 'recorded' | 'duplicate' | 'stale' | 'unmatched';

/** Takes verified payment notices. Resolves only after the payment row is committed. */
export interface PaymentSink {
  receive(notice: PaymentNotice): Promise<PaymentOutcome>;
}
