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

export interface MarketRepo {
  /** Stores a new offer; `null` when its code is already taken (the caller draws another). */
  addOffer(offer: NewOffer): Promise<Offer | null>;
  /** An offer of the circle by id, removed or not; `null` for another circle's offer or none. */
  offer(circleId: number, id: number): Promise<Offer | null>;
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
