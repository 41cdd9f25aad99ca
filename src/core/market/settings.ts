import { z } from 'zod';

export const PAYMENT_METHODS = ['stars', 'stripe', 'link'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Admission needs a confirmed payment of this price, asked for with this method. */
export const paidEntrySchema = z.object({
  priceMinor: z.number().int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  method: z.enum(PAYMENT_METHODS),
  /** The Stripe Payment Link or other payment page (`stripe`, `link`); `null` for Stars. */
  url: z.string().nullable(),
});
export type PaidEntry = z.infer<typeof paidEntrySchema>;

/** Whether a payment pays the fee: the same currency, and at least the price. */
export function coversFee(
  fee: PaidEntry,
  paid: { readonly amountMinor: number; readonly currency: string },
): boolean {
  return paid.currency === fee.currency && paid.amountMinor >= fee.priceMinor;
}

/** Zone names already checked: settings are parsed for every event on stores that keep no cache. */
const knownZones = new Map<string, boolean>();
const MAX_KNOWN_ZONES = 1000;

/** Whether a zone name is one this Node knows (full ICU ships with Node 20); remembered once checked. */
export function isTimeZone(zone: string): boolean {
  const known = knownZones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (knownZones.size < MAX_KNOWN_ZONES) knownZones.set(zone, valid);
  return valid;
}

/** A circle's market: paid entry, how scheduled posts read their times, what a payment earns. */
export const marketSettingsSchema = z.object({
  /** `null`: entry is free. */
  paidEntry: paidEntrySchema.nullable().default(null),
  /** IANA zone the cron patterns of scheduled posts are read in. */
  timezone: z.string().refine(isTimeZone).catch('UTC').default('UTC'),
  /** A scheduled run missed while the bot was down: posted once at start, or skipped (logged either way). */
  missedPosts: z.enum(['post', 'skip']).default('post'),
  /** Points a completed payment awards the payer in the circle (0: none). */
  paymentPoints: z.number().int().min(0).max(100_000).default(0),
});

export type MarketSettings = z.infer<typeof marketSettingsSchema>;
