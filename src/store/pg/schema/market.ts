import { boolean, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

// Only `import type` from the core here: drizzle-kit loads this file on its own, outside the app.
import type { PaymentProvider, PaymentStatus } from '../../../core/market/payment.js';
import type { PaymentPurpose, ScheduledPostOutcome } from '../../../core/market/repo.js';
import type { Platform } from '../../../core/refs.js';
import { big, bigId, ms, ref } from './columns.js';
import { circles, members } from './core.js';
import { applications } from './gate.js';

/**
 * The market: offers and their tracked-link clicks, payments and their provider events, and offers'
 * posting schedules with the runs posted.
 */

/** Offers a circle makes: merchant or payment links with a price, each reached through its tracked link. */
export const offers = pgTable(
  'offers',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    title: text('title').notNull(),
    url: text('url').notNull(),
    /** Integer count of the currency's minor unit (fen, cents; whole stars for XTR). */
    priceMinor: big('price_minor').notNull(),
    currency: text('currency').notNull(),
    description: text('description'),
    sponsored: boolean('sponsored').notNull().default(false),
    /** The tracked link's random code: `/l/<code>`. */
    code: text('code').notNull(),
    createdBy: ref('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
    /** Soft delete: a removed offer keeps its clicks for `/revenue`, and its link answers 404. */
    removedAt: ms('removed_at'),
  },
  (t) => [uniqueIndex('offers_code_uq').on(t.code), index('offers_circle_idx').on(t.circleId)],
);

/** One row per hit on a tracked link; `member_id` only when a signed member token came with it. */
export const offerClicks = pgTable(
  'offer_clicks',
  {
    id: bigId(),
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id),
    memberId: ref('member_id').references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [index('offer_clicks_offer_at_idx').on(t.offerId, t.at)],
);

/** One row per payment a provider confirmed, whatever it paid for; `member_id` null for unknown or forgotten payers. */
export const payments = pgTable(
  'payments',
  {
    id: bigId(),
    provider: text('provider').$type<PaymentProvider>().notNull(),
    providerPaymentId: text('provider_payment_id').notNull(),
    status: text('status').$type<PaymentStatus>().notNull(),
    amountMinor: big('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /**
     * The total given back so far, as the provider last reported it (cumulative, so only ever raised); a
     * payment in status `refunded` counts as given back in full whatever this says.
     */
    refundedMinor: big('refunded_minor').notNull().default(0),
    /** What circlebot put on the payment (`cb-a-12`, `cb-o-3-m-7`), as the provider returned it. */
    reference: text('reference'),
    purpose: text('purpose').$type<PaymentPurpose>().notNull(),
    circleId: ref('circle_id').references(() => circles.id),
    memberId: ref('member_id').references(() => members.id),
    /** A random id standing for a payer who asked to be forgotten (accounting keeps the row). */
    payerAlias: text('payer_alias'),
    applicationId: ref('application_id').references(() => applications.id),
    offerId: ref('offer_id').references(() => offers.id),
    /** When the provider says the newest event applied happened: older events are kept out. */
    lastEventAt: ms('last_event_at').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('payments_provider_id_uq').on(t.provider, t.providerPaymentId),
    index('payments_circle_created_idx').on(t.circleId, t.createdAt),
    index('payments_member_idx').on(t.memberId),
    index('payments_application_idx').on(t.applicationId),
  ],
);

/** Provider event ids already applied: a redelivered webhook changes nothing. */
export const paymentEvents = pgTable(
  'payment_events',
  {
    provider: text('provider').$type<PaymentProvider>().notNull(),
    eventId: text('event_id').notNull(),
    paymentId: ref('payment_id')
      .notNull()
      .references(() => payments.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/** An offer's posting schedule (one per offer): a cron pattern in a time zone, posted where it was set. */
export const offerSchedules = pgTable('offer_schedules', {
  offerId: ref('offer_id')
    .primaryKey()
    .references(() => offers.id),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull(),
  placePlatform: text('place_platform').$type<Platform>().notNull(),
  placeId: text('place_id').notNull(),
  createdBy: ref('created_by')
    .notNull()
    .references(() => members.id),
  createdAt: ms('created_at').notNull(),
});

/** One row per scheduled run of an offer, claimed before posting: a run is posted at most once. */
export const offerPosts = pgTable(
  'offer_posts',
  {
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id),
    slot: ms('slot').notNull(),
    outcome: text('outcome').$type<ScheduledPostOutcome>().notNull(),
    messageId: text('message_id'),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.slot] })],
);
