import type { LedgerKind } from '../../core/points/repo.js';
import type { Platform } from '../../core/refs.js';
import type { CircleRepo, MembershipStatus } from '../../core/repos.js';

/** Rows read one at a time: a backend may yield them as it reads (SQLite) or as pages arrive. */
export type Rows<T> = Iterable<T> | AsyncIterable<T>;

/** Times in an export are ISO 8601 strings (UTC); ids of platforms stay strings. */
export type IsoTime = string;

/** Someone with a membership or points in the circle, with both. */
export interface MemberRow {
  readonly memberId: number;
  readonly platform: Platform;
  readonly userId: string;
  readonly username: string | null;
  readonly displayName: string | null;
  /** `null` for someone with points but no membership row (e.g. imported points). */
  readonly status: MembershipStatus | null;
  readonly since: IsoTime | null;
  readonly joinedAt: IsoTime | null;
  readonly points: number;
  readonly level: number;
  readonly lastActiveAt: IsoTime | null;
}

export interface LedgerRow {
  readonly id: number;
  readonly memberId: number;
  readonly userId: string;
  readonly kind: LedgerKind;
  readonly points: number;
  readonly sourceKey: string | null;
  readonly actorId: number | null;
  readonly note: string | null;
  readonly at: IsoTime;
}

/** An application with its answers and verdict: the owner's own data, exported whole. */
export interface ApplicationRow {
  readonly id: number;
  readonly memberId: number;
  readonly userId: string;
  readonly state: string;
  readonly questions: unknown;
  readonly answers: unknown;
  readonly credit: unknown;
  readonly reason: unknown;
  readonly decidedBy: number | null;
  readonly createdAt: IsoTime;
  readonly deadline: IsoTime;
  readonly decidedAt: IsoTime | null;
}

export interface OfferRow {
  readonly id: number;
  readonly title: string;
  readonly url: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly description: string | null;
  readonly sponsored: boolean;
  readonly code: string;
  readonly createdBy: number;
  readonly createdAt: IsoTime;
  readonly removedAt: IsoTime | null;
}

export interface ClickRow {
  readonly id: number;
  readonly offerId: number;
  /** Known only from a signed link. */
  readonly memberId: number | null;
  readonly at: IsoTime;
}

export interface ExportCounts {
  readonly members: number;
  readonly ledger: number;
  readonly applications: number;
  readonly offers: number;
  readonly clicks: number;
}

/**
 * Everything `circlebot export` reads about one circle, as one consistent snapshot, row by row so a
 * circle of 100k members is never held in memory: `sqlite-source.ts` (one read transaction on the file) and
 * `pg-source.ts` (one read-only REPEATABLE READ transaction, read by pages).
 */
export interface ExportSource {
  readonly circles: Pick<CircleRepo, 'byId' | 'find'>;
  counts(circleId: number): Promise<ExportCounts>;
  /** Ordered by member id. */
  members(circleId: number): Rows<MemberRow>;
  /** Ordered by id (oldest first). */
  ledger(circleId: number): Rows<LedgerRow>;
  applications(circleId: number): Rows<ApplicationRow>;
  offers(circleId: number): Rows<OfferRow>;
  clicks(circleId: number): Rows<ClickRow>;
  close(): void | Promise<void>;
}
