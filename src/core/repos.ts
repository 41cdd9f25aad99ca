import type { Circle, CircleSettings } from './circle.js';
import type { Lang } from './i18n/index.js';
import type { ChatRef, MemberProfile, MemberRef, Platform } from './refs.js';

/** A person as stored: our id plus their platform ref and last known names. */
export interface MemberRecord {
  readonly id: number;
  readonly ref: MemberRef;
  readonly username: string | null;
  readonly displayName: string | null;
  readonly firstSeenAt: Date;
}

export interface CircleRepo {
  /** Returns the circle for a chat, creating it with default settings the first time. */
  ensure(chat: ChatRef, title: string | null, at: Date): Promise<Circle>;
  find(chat: ChatRef): Promise<Circle | null>;
  byId(id: number): Promise<Circle | null>;
  list(): Promise<Circle[]>;
  updateSettings(id: number, settings: CircleSettings): Promise<Circle>;
  setLang(id: number, lang: Lang): Promise<Circle>;
  /**
   * Moves a circle to a new chat id (Telegram group → supergroup). False when there was no circle at
   * `from`, or `to` already has one (then nothing moves).
   */
  moveChat(from: ChatRef, to: ChatRef): Promise<boolean>;
}

export interface MemberRepo {
  /** Creates or refreshes a member's names; returns the stored record. */
  upsert(ref: MemberRef, profile: MemberProfile | undefined, at: Date): Promise<MemberRecord>;
  find(ref: MemberRef): Promise<MemberRecord | null>;
  byId(id: number): Promise<MemberRecord | null>;
  /** Finds by `@username` (case-insensitive) or platform id. */
  findByHandle(platform: Platform, handle: string): Promise<MemberRecord | null>;
  /** Deletes the names kept of a person (`/forgetme`); the platform id stays, so memberships hold. */
  forgetNames(id: number): Promise<void>;
}

export const MEMBERSHIP_STATUSES = ['applicant', 'member', 'left', 'declined', 'kicked', 'banned'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export interface Membership {
  readonly circleId: number;
  readonly memberId: number;
  readonly status: MembershipStatus;
  readonly since: Date;
  /** When the member first became a member of this circle (tenure), if ever. */
  readonly joinedAt: Date | null;
}

export interface MembershipRepo {
  get(circleId: number, memberId: number): Promise<Membership | null>;
  set(circleId: number, memberId: number, status: MembershipStatus, at: Date): Promise<Membership>;
  /** All memberships of one person across circles (community credit reads them). */
  ofMember(memberId: number): Promise<Membership[]>;
  list(circleId: number, status: MembershipStatus): Promise<Membership[]>;
}

/** One line of the audit log: an admin action or a verdict, with who, whom and why. */
export interface AuditEntry {
  readonly circleId: number | null;
  /** `null` when the bot acted on its own (a rule, a deadline). */
  readonly actorId: number | null;
  readonly action: string;
  readonly targetId?: number | null;
  readonly detail?: Record<string, unknown>;
  readonly at: Date;
}

export interface AuditRepo {
  record(entry: AuditEntry): Promise<void>;
  list(circleId: number, limit: number): Promise<Array<AuditEntry & { id: number }>>;
}

/** Platform update ids already handled, so a redelivered update changes nothing. */
export interface UpdateLog {
  seen(platform: Platform, updateId: string): Promise<boolean>;
  record(platform: Platform, updateId: string, at: Date): Promise<void>;
  prune(before: Date): Promise<number>;
  /**
   * Runs `work` — the whole handling of one update of the chat `chatKey`, its commits included — while no
   * other process sharing the store runs a turn of that chat, and resolves or rejects with it. So a copy of
   * the update delivered to another process waits for this one and then finds it `seen`, and one chat's
   * updates never interleave across processes (within a process the core's per-chat queue orders them;
   * a backend only one process can open runs `work` at once). A turn whose process dies ends with it, so
   * its update, redelivered elsewhere, is handled rather than lost as seen.
   */
  turn<T>(chatKey: string, work: () => Promise<T>): Promise<T>;
}

/** A durable timer. `key` makes scheduling idempotent: a new job with the same key replaces the pending one. */
export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly key: string | null;
  readonly payload: unknown;
  readonly runAt: Date;
  readonly attempts: number;
}

export interface NewJob {
  readonly kind: string;
  readonly key?: string;
  readonly payload: unknown;
  readonly runAt: Date;
}

export interface JobRepo {
  schedule(job: NewJob): Promise<void>;
  /** Cancels a pending job by key; true when one was pending. */
  cancel(key: string): Promise<boolean>;
  /**
   * Leases up to `limit` due jobs (pending, or running with an expired lease) until `now + leaseMs`.
   * A job is handed to one caller at a time.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<Job[]>;
  complete(id: number, at: Date): Promise<void>;
  /**
   * Hands back jobs claimed with the lease ending at `leaseUntil` and not run, so they can be claimed again
   * at once, by us or another process, with no attempt counted. A job whose lease someone else holds by now
   * is left alone.
   */
  release(ids: readonly number[], leaseUntil: Date): Promise<void>;
  /** Puts a job back for another try at `runAt`, or marks it failed when `runAt` is null. */
  retry(id: number, error: string, runAt: Date | null): Promise<void>;
  pending(kind?: string): Promise<Job[]>;
}
