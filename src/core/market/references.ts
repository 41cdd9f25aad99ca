/**
 * What circlebot puts on a payment so the payment can be matched when the provider reports it: Stripe's
 * `client_reference_id` (letters, digits, `-` and `_`, at most 200) and the Telegram invoice payload (at most
 * 128 bytes) both take these.
 */
export type PaymentReference =
  | { readonly kind: 'entry'; readonly applicationId: number }
  | { readonly kind: 'offer'; readonly offerId: number; readonly memberId: number | null };

/** `cb-a-12`: the payment admits application 12. */
export const entryReference = (applicationId: number) => `cb-a-${applicationId}`;

/** `cb-o-3-m-7`: offer 3 bought by member 7 (`cb-o-3` when the buyer is unknown). */
export const offerReference = (offerId: number, memberId: number | null) =>
  memberId === null ? `cb-o-${offerId}` : `cb-o-${offerId}-m-${memberId}`;

const ID = '([1-9]\\d{0,14})';
const ENTRY = new RegExp(`^cb-a-${ID}$`);
const OFFER = new RegExp(`^cb-o-${ID}(?:-m-${ID})?$`);

/** Reads a reference back; `null` for anything circlebot did not issue. Never throws. */
export function readReference(raw: string | null): PaymentReference | null {
  if (raw === null) return null;
  const entry = ENTRY.exec(raw);
  if (entry) return { kind: 'entry', applicationId: Number(entry[1]) };
  const offer = OFFER.exec(raw);
  if (offer) {
    return { kind: 'offer', offerId: Number(offer[1]), memberId: offer[2] ? Number(offer[2]) : null };
  }
  return null;
}

/** Hosts of Stripe Payment Links, which take `client_reference_id` from the query string. */
const STRIPE_LINK_HOSTS = new Set(['buy.stripe.com']);

/**
 * A payment page address carrying the reference, so the provider's webhook names what was paid for:
 * `client_reference_id` is added to Stripe Payment Links and to pages the owner declared payment pages
 * (`always`); any other merchant URL is returned untouched.
 */
export function withReference(url: string, reference: string, always = false): string {
  const parsed = new URL(url);
  if (!always && !STRIPE_LINK_HOSTS.has(parsed.hostname)) return url;
  parsed.searchParams.set('client_reference_id', reference);
  return parsed.toString();
}
