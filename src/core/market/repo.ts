import type { ChatRef } from '../refs.js';
import type { PaymentNotice, PaymentProvider, PaymentStatus } from './payment.js';

/** Something a circle offers: a merchant or payment link with a price, reached through its tracked link. */
export interface Offer {
  readonly id: number;
  readonly circleId: number;
  readonly title: string;
  /** Only http(s) URLs are ever stored (checked by `readOfferUrl`). */
  readonly url: string;
  /** Integer count of the currency's minor unit (fen, cents; whole stars for XTR). */
  readonly priceMinor: number;
  readonly currency: string;
  readonly description: string | null;
  /** Posts carry a "Sponsored" label. */
  readonly sponsored: boolean;
  /** The tracked link's code, unique across all circles: `/l/<code>`. */
  readonly code: string;
  readonly createdBy: number;
  readonly createdAt: Date;
  /** Set when an admin removed it: it is no longer listed and its link answers 404. */
  readonly removedAt: Date | null;
}

export type NewOffer = Omit<Offer, 'id' | 'removedAt'>;

/** One hit on a tracked link. */
export interface Click {
  readonly offerId: number;
  /** The member a signed link was sent to; `null` when nobody is known. */
  readonly memberId: number | null;
  readonly at: Date;
}

/** Clicks on one offer in a period. */
export interface OfferClicks {
  readonly offerId: number;
  readonly clicks: number;
  /** Distinct members known to have clicked (signed links only). */
  readonly members: number;
}

export interface MarketRepo extends MarketScheduleRepo {
  /** Stores a new offer; `null` when its code is already taken (the caller draws another). */
  addOffer(offer: NewOffer): Promise<Offer | null>;
  /** An offer of the circle by id, removed or not; `null` for another circle's offer or none. */
  offer(circleId: number, id: number): Promise<Offer | null>;
  /** An offer by id alone, removed or not (a payment reference names only the offer). */
  offerById(id: number): Promise<Offer | null>;
  /** The circle's offers, oldest first; removed ones only when asked. */
  offers(circleId: number, opts?: { readonly includeRemoved?: boolean }): Promise<Offer[]>;
  /** The offer behind a tracked-link code, unless it was removed. */
  byCode(code: string): Promise<Offer | null>;
  /** Removes an offer (soft: its clicks stay for `/revenue`); false when there was no such live offer. */
  removeOffer(circleId: number, id: number, at: Date): Promise<boolean>;
  /** Labels a live offer sponsored or not; the offer after, or `null` when there is no such live offer. */
  setSponsored(circleId: number, id: number, sponsored: boolean): Promise<Offer | null>;
  /**
   * Records a click. A `memberId` that names no stored member is recorded as unknown (`null`) rather than
   * failing. Throws when the offer does not exist.
   */
  recordClick(click: Click): Promise<void>;
  /**
   * Clicks per offer of the circle at or after `since` (all time when `null`), removed offers included;
   * offers without clicks are left out. Ordered by offer id.
   */
  clicks(circleId: number, since: Date | null): Promise<OfferClicks[]>;
}

/** When an offer is posted by itself: a cron pattern read in a time zone, posted to `place`. */
export interface OfferSchedule {
  readonly offerId: number;
  readonly cron: string;
  /** IANA zone, e.g. `Asia/Shanghai`. */
  readonly timezone: string;
  /** The group, or the Discord channel inside the circle, where `/offer schedule` was typed. */
  readonly place: ChatRef;
  readonly createdBy: number;
  readonly createdAt: Date;
}

/** What became of one scheduled run. `claimed`: taken by a worker, posting under way (or lost to a crash). */
export type ScheduledPostOutcome = 'claimed' | 'posted' | 'skipped';

export interface MarketScheduleRepo {
  /** Sets (or replaces) an offer's schedule. */
  setSchedule(schedule: OfferSchedule): Promise<void>;
  /** Removes an offer's schedule; false when it had none. */
  removeSchedule(offerId: number): Promise<boolean>;
  schedule(offerId: number): Promise<OfferSchedule | null>;
  /** Schedules of the circle's live offers. */
  schedules(circleId: number): Promise<OfferSchedule[]>;
  /**
   * Claims one run of an offer's schedule: true for the first caller only, so a run is posted at most once
   * however often its job fires. `outcome` is `claimed` (about to post) or `skipped` (missed, and skipped).
   */
  claimRun(offerId: number, slot: Date, outcome: 'claimed' | 'skipped', at: Date): Promise<boolean>;
  /** After the post went out: the run is `posted`, with the message. */
  finishRun(offerId: number, slot: Date, messageId: string): Promise<void>;
  /** Gives a claimed run back (the post failed): the job's retry may claim it again. */
  releaseRun(offerId: number, slot: Date): Promise<void>;
  /** Runs of an offer, oldest first (tests, the dashboard). */
  runs(
    offerId: number,
  ): Promise<Array<{ slot: Date; outcome: ScheduledPostOutcome; messageId: string | null }>>;
}

/** What a payment paid for, read from its reference when it came in. */
export type PaymentPurpose = 'entry' | 'offer' | 'unknown';

/** A payment as stored. */
export interface Payment {
  readonly id: number;
  readonly provider: PaymentProvider;
  readonly providerPaymentId: string;
  readonly status: PaymentStatus;
  readonly amountMinor: number;
  /**
   * What was given back so far: the whole amount once `refunded`, else the part refunded (0 for none),
   * never more than the amount. `amountMinor - refundedMinor` is what the circle kept.
   */
  readonly refundedMinor: number;
  readonly currency: string;
  readonly reference: string | null;
  readonly purpose: PaymentPurpose;
  readonly circleId: number | null;
  /** `null` for an unknown payer or one who asked to be forgotten. */
  readonly memberId: number | null;
  readonly applicationId: number | null;
  readonly offerId: number | null;
  readonly lastEventAt: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Whom and what a payment is for, as the service read it from the reference. */
export interface PaymentAttribution {
  readonly purpose: PaymentPurpose;
  readonly circleId: number | null;
  readonly memberId: number | null;
  readonly applicationId: number | null;
  readonly offerId: number | null;
}

/** A payment nothing names: no application, offer or member is known for it (yet). */
export const UNATTRIBUTED: PaymentAttribution = {
  purpose: 'unknown',
  circleId: null,
  memberId: null,
  applicationId: null,
  offerId: null,
};

/** What `apply` did with one provider event. */
export type PaymentApplied =
  | { readonly outcome: 'duplicate' }
  | {
      readonly outcome: 'stale';
      readonly payment: Payment;
      /** The event named what an unattributed payment was for: its attribution was taken, status kept. */
      readonly learnt: boolean;
    }
  | {
      readonly outcome: 'applied';
      readonly payment: Payment;
      readonly previous: PaymentStatus | null;
      /** As on `stale`: the attribution was taken from this event. */
      readonly learnt: boolean;
    };

/** Payments and their totals, per circle, currency and offer. */
export interface PaymentTotals {
  readonly currency: string;
  readonly purpose: PaymentPurpose;
  readonly offerId: number | null;
  /** Payments still completed, partly refunded ones included. */
  readonly completed: number;
  /** Payments refunded in full. */
  readonly refunded: number;
  /** Completed payments of which a part was given back. */
  readonly partlyRefunded: number;
  /** What was paid: the amounts of every payment, refunded ones included. */
  readonly grossMinor: number;
  /** What was given back, in full or in part (see `Payment.refundedMinor`). */
  readonly refundedMinor: number;
  /** What the circle kept: `grossMinor - refundedMinor`. */
  readonly netMinor: number;
  /** Distinct known payers with a completed payment. */
  readonly payers: number;
}

export interface PaymentRepo {
  /**
   * Applies one provider event atomically. A seen event id → `duplicate`, nothing changes. Otherwise the
   * event id is recorded, and the payment is created, or changed as `stepFor` says: its status updated when
   * the event is newer than the last one applied (at the same time, `refunded` wins), its refunded total
   * raised to the largest reported — else `stale`, the payment unchanged (but for attribution it learnt).
   * A partial refund of a payment not seen yet creates it `completed` (a refund proves it was paid).
   */
  apply(notice: PaymentNotice, attribution: PaymentAttribution, at: Date): Promise<PaymentApplied>;
  /** Completed payments naming an application, oldest first (a short one may be followed by a full one). */
  completedForApplication(applicationId: number): Promise<Payment[]>;
  /** Totals per currency, purpose and offer of a circle's payments since `since` (all time when `null`). */
  totals(circleId: number, since: Date | null): Promise<PaymentTotals[]>;
  /** A member's payments in every circle, oldest first. */
  ofMember(memberId: number): Promise<Payment[]>;
}
