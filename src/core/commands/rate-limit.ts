import type { Clock } from '../clock.js';

export interface RateLimit {
  /** Commands a member may run at once before waiting. */
  readonly burst: number;
  /** One more command becomes available every this many milliseconds. */
  readonly refillMs: number;
}

/** Ten commands at once, then one every six seconds (ten a minute): far above what a person types. */
export const DEFAULT_COMMAND_LIMIT: RateLimit = { burst: 10, refillMs: 6_000 };

/** Buckets kept at most; past it the fullest are dropped first (a full bucket is the same as none). */
const MAX_BUCKETS = 50_000;

interface Bucket {
  tokens: number;
  at: number;
  /** The member was already told to slow down since the bucket last ran dry. */
  warned: boolean;
}

export type Take =
  | { readonly ok: true }
  /** `warn`: say so once; after that, drop silently until tokens come back (nothing is queued). */
  | { readonly ok: false; readonly warn: boolean; readonly retryAfterMs: number };

/**
 * Per-member token buckets for commands. In memory: a restart forgives everyone, and with several
 * processes each one limits on its own — fine for a limit meant to stop floods, not to bill.
 */
export class CommandRateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: RateLimit = DEFAULT_COMMAND_LIMIT,
  ) {}

  take(key: string): Take {
    const now = this.clock.now().getTime();
    const { burst, refillMs } = this.limit;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now, warned: false };
    const refilled = Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) / refillMs);
    bucket.tokens = refilled;
    bucket.at = now;
    if (refilled >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      this.#remember(key, bucket);
      return { ok: true };
    }
    const warn = !bucket.warned;
    bucket.warned = true;
    this.#remember(key, bucket);
    return { ok: false, warn, retryAfterMs: Math.ceil((1 - refilled) * refillMs) };
  }

  #remember(key: string, bucket: Bucket): void {
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > MAX_BUCKETS) {
      // Oldest first: the least recently used member, whose bucket has most likely refilled.
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }
}
