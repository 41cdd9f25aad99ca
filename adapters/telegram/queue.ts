/** Telegram's flood limits, as the Bot API FAQ gives them; every number can be changed (tests shrink them). */
export interface FloodLimits {
  /** Minimum gap between two messages to one chat. */
  readonly perChatGapMs: number;
  /** Messages to one group per minute. */
  readonly groupPerMinute: number;
  /** Calls per second across all chats. */
  readonly globalPerSecond: number;
  /** How many 429s one call survives before it fails. */
  readonly maxRetries: number;
}

export const TELEGRAM_LIMITS: FloodLimits = {
  perChatGapMs: 1_000,
  groupPerMinute: 20,
  globalPerSecond: 30,
  maxRetries: 5,
};

export interface QueueClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realQueueClock: QueueClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What a call's failure says about waiting: Telegram's `parameters.retry_after` on a 429. */
export function retryAfterSeconds(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as {
    code?: unknown;
    parameters?: { retry_after?: unknown };
    response?: { parameters?: { retry_after?: unknown } };
  };
  if (e.code !== 429) return null;
  const seconds = e.parameters?.retry_after ?? e.response?.parameters?.retry_after;
  return typeof seconds === 'number' && seconds >= 0 ? seconds : 1;
}

export interface Lane {
  /** Calls with the same key run one after another, in order (one chat). `null`: no ordering. */
  readonly key: string | null;
  /** Counts against the per-chat limits (messages, not reads or answers). */
  readonly paced: boolean;
  /** A group or supergroup (the 20-per-minute limit applies). */
  readonly group: boolean;
}

/**
 * Every outbound Bot API call goes through here: calls of one chat in order, paced per chat and globally,
 * and a 429 waits `retry_after` and repeats the same call (telegraf retries only getUpdates).
 */
export class OutboundQueue {
  readonly #limits: FloodLimits;
  readonly #clock: QueueClock;
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #sent = new Map<string, number[]>();
  readonly #blockedUntil = new Map<string, number>();
  #nextGlobal = 0;
  #globalBlockedUntil = 0;

  constructor(limits: Partial<FloodLimits> = {}, clock: QueueClock = realQueueClock) {
    this.#limits = { ...TELEGRAM_LIMITS, ...limits };
    this.#clock = clock;
  }

  run<T>(lane: Lane, call: () => Promise<T>): Promise<T> {
    if (lane.key === null) return this.#attempt(lane, call);
    const key = lane.key;
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(
      () => this.#attempt(lane, call),
      () => this.#attempt(lane, call),
    );
    const tail = result.catch(() => {});
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  async #attempt<T>(lane: Lane, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.#waitForSlot(lane);
      try {
        return await call();
      } catch (err) {
        const seconds = retryAfterSeconds(err);
        if (seconds === null || attempt >= this.#limits.maxRetries) throw err;
        const until = this.#clock.now() + seconds * 1000;
        if (lane.key) this.#blockedUntil.set(lane.key, until);
        else this.#globalBlockedUntil = until;
      }
    }
  }

  async #waitForSlot(lane: Lane): Promise<void> {
    const { now, sleep } = this.#clock;
    let at = Math.max(now(), this.#globalBlockedUntil);
    if (lane.key) {
      at = Math.max(at, this.#blockedUntil.get(lane.key) ?? 0);
      if (lane.paced) {
        const sent = this.#sent.get(lane.key) ?? [];
        const last = sent[sent.length - 1];
        if (last !== undefined) at = Math.max(at, last + this.#limits.perChatGapMs);
        if (lane.group && sent.length >= this.#limits.groupPerMinute) {
          at = Math.max(at, sent[sent.length - this.#limits.groupPerMinute]! + 60_000);
        }
      }
    }
    // Reserve a global slot: calls are spread at most `globalPerSecond` a second.
    at = Math.max(at, this.#nextGlobal);
    this.#nextGlobal = at + 1000 / this.#limits.globalPerSecond;
    const wait = at - now();
    if (wait > 0) await sleep(wait);
    if (lane.key && lane.paced) {
      const sent = this.#sent.get(lane.key) ?? [];
      sent.push(Math.max(at, now()));
      if (sent.length > this.#limits.groupPerMinute)
        sent.splice(0, sent.length - this.#limits.groupPerMinute);
      this.#sent.set(lane.key, sent);
    }
  }
}
