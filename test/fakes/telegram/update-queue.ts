import { BotApiError, TG } from './errors.js';
import { type TgUpdate, type TgUpdateInput, UPDATE_TYPES, updateType } from './types.js';

/** What Telegram sends when `allowed_updates` is empty or was never set. */
const DEFAULT_ALLOWED = UPDATE_TYPES.filter(
  (t) => t !== 'chat_member' && t !== 'message_reaction' && t !== 'message_reaction_count',
);

export interface PollRequest {
  offset?: number;
  limit?: number;
  /** Seconds to hold the request while nothing is deliverable. */
  timeout?: number;
  allowed_updates?: string[];
}

interface Waiter {
  wake: () => void;
  fail: (err: BotApiError) => void;
}

/**
 * The bot's pending updates and the one long poll that may wait on them, with Telegram's rules:
 * an `offset` confirms every update below it; updates of a kind outside `allowed_updates` are never
 * delivered (dropped when a poll meets them); a second poll ends the first with 409.
 */
export class UpdateQueue {
  private queue: TgUpdate[] = [];
  private readonly droppedUpdates: TgUpdate[] = [];
  private lastId: number;
  private allowed: string[] | undefined;
  private waiter: Waiter | undefined;
  private pollListeners: (() => void)[] = [];
  private closed = false;

  constructor(firstUpdateId = 100_000_001) {
    this.lastId = firstUpdateId - 1;
  }

  /** Gives the update the next `update_id` unless it has one. */
  number(input: TgUpdateInput): TgUpdate {
    const { update_id = this.lastId + 1, ...body } = input;
    this.lastId = Math.max(this.lastId, update_id);
    return { update_id, ...body };
  }

  /** Numbers the update and queues it for `getUpdates`; wakes a waiting poll. */
  push(input: TgUpdateInput): TgUpdate {
    const update = this.number(input);
    this.queue.push(update);
    this.waiter?.wake();
    return update;
  }

  /** Updates not yet confirmed by an `offset`. */
  pending(): TgUpdate[] {
    return [...this.queue];
  }

  /** Updates never delivered because `allowed_updates` left their kind out. */
  dropped(): TgUpdate[] {
    return [...this.droppedUpdates];
  }

  /** The `allowed_updates` last asked for (by `getUpdates` or `setWebhook`); undefined if never. */
  allowedUpdates(): string[] | undefined {
    return this.allowed ? [...this.allowed] : undefined;
  }

  setAllowed(list: string[] | undefined): void {
    if (list !== undefined) this.allowed = list;
  }

  isAllowed(update: TgUpdateInput): boolean {
    const kind = updateType(update);
    const allowed = this.allowed && this.allowed.length > 0 ? this.allowed : DEFAULT_ALLOWED;
    return kind !== undefined && (allowed as readonly string[]).includes(kind);
  }

  /** Forgets every pending update (`drop_pending_updates`). */
  clear(): void {
    this.queue = [];
  }

  /** `getUpdates`: answers at once when something is deliverable, else holds up to `timeout` seconds. */
  async poll(req: PollRequest, signal: AbortSignal): Promise<TgUpdate[]> {
    this.waiter?.fail(new BotApiError(409, TG.otherPoll));
    this.setAllowed(req.allowed_updates);
    this.confirm(req.offset);
    const limit = Math.min(Math.max(req.limit ?? 100, 1), 100);
    const deadline = Date.now() + Math.max(0, req.timeout ?? 0) * 1000;
    for (;;) {
      const ready = this.deliverable(limit);
      const left = deadline - Date.now();
      if (ready.length > 0 || left <= 0 || this.closed || signal.aborted) return ready;
      await this.wait(left, signal);
    }
  }

  /** Resolves on the next push, the timeout, an abort or close; rejects with 409 if another poll comes. */
  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        if (this.waiter === waiter) this.waiter = undefined;
      };
      const wake = () => {
        settle();
        resolve();
      };
      const waiter: Waiter = {
        wake,
        fail: (err) => {
          settle();
          reject(err);
        },
      };
      const timer = setTimeout(wake, ms);
      signal.addEventListener('abort', wake);
      this.waiter = waiter;
      for (const listener of this.pollListeners.splice(0)) listener();
    });
  }

  /** Resolves once a long poll is held waiting (at once if one is). */
  waitForPoll(timeoutMs: number): Promise<void> {
    if (this.waiter) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const listener = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.pollListeners = this.pollListeners.filter((l) => l !== listener);
        reject(new Error(`fake Telegram: no long poll waiting within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pollListeners.push(listener);
    });
  }

  /** Ends a waiting poll with an empty answer and refuses to wait again. */
  close(): void {
    this.closed = true;
    this.waiter?.wake();
  }

  private confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset < 0) {
      this.queue = this.queue.slice(offset);
      return;
    }
    this.queue = this.queue.filter((u) => u.update_id >= offset);
  }

  private deliverable(limit: number): TgUpdate[] {
    const kept: TgUpdate[] = [];
    for (const update of this.queue) {
      if (this.isAllowed(update)) kept.push(update);
      else this.droppedUpdates.push(update);
    }
    this.queue = kept;
    return kept.slice(0, limit);
  }
}
