import { BotApiError } from './errors.js';
import type { Params } from './params.js';
import type { TgApiResponse } from './types.js';

/** One Bot API call as the fake saw and answered it. */
export interface FakeCall {
  method: string;
  /** The parsed body: JSON as sent; form and multipart fields with their JSON fields decoded. */
  params: Params;
  /** When the request arrived, in ms on the fake's clock. */
  at: number;
  status: number;
  response: TgApiResponse;
  /** `webhook-reply`: telegraf answered a webhook delivery with `{ method, … }` in the response body. */
  via: 'http' | 'webhook-reply';
  /** The tag of the API root the caller was given (`${apiRoot}/via/<tag>/`), if it was given one. */
  caller?: string | undefined;
}

/** How an injected failure answers. */
export interface FailureSpec {
  error_code: number;
  /** Defaults: 429 → `Too Many Requests: retry after N`; others → `Bad Request: injected failure`. */
  description?: string;
  retry_after?: number;
  migrate_to_chat_id?: number;
  /** How many calls in a row fail (default 1). */
  times?: number;
}

interface CallWaiter {
  method: string;
  predicate: (call: FakeCall) => boolean;
  resolve: (call: FakeCall) => void;
}

/** Every call in order, handed to waiting tests, plus the failures queued for coming calls. */
export class Recorder {
  private log: FakeCall[] = [];
  private readonly claimed = new WeakSet<FakeCall>();
  private waiters: CallWaiter[] = [];
  private readonly failures = new Map<string, FailureSpec[]>();

  record(call: FakeCall): void {
    this.log.push(call);
    for (const waiter of [...this.waiters]) {
      if (this.claimed.has(call)) break;
      if (waiter.method === call.method && waiter.predicate(call)) {
        this.claimed.add(call);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(call);
      }
    }
  }

  calls(method?: string): FakeCall[] {
    return method === undefined ? [...this.log] : this.log.filter((c) => c.method === method);
  }

  /**
   * The first matching call not already handed to an earlier `waitForCall` — recorded before or after
   * this call — so consecutive waits see consecutive calls. Rejects after `timeoutMs`.
   */
  waitForCall(
    method: string,
    predicate: (call: FakeCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<FakeCall> {
    const found = this.log.find((c) => c.method === method && !this.claimed.has(c) && predicate(c));
    if (found) {
      this.claimed.add(found);
      return Promise.resolve(found);
    }
    return new Promise<FakeCall>((resolve, reject) => {
      const waiter: CallWaiter = {
        method,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.calls(method).map((c) => JSON.stringify(c.params));
        reject(
          new Error(
            `fake Telegram: no matching ${method} call within ${timeoutMs} ms; ${method} calls seen: ${
              seen.length ? seen.join('; ') : 'none'
            }`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  clear(): void {
    this.log = [];
  }

  failNext(method: string, spec: FailureSpec): void {
    const list = this.failures.get(method) ?? [];
    list.push(spec);
    this.failures.set(method, list);
  }

  /** The failure for this call of `method`, if one is queued. */
  takeFailure(method: string): BotApiError | undefined {
    const list = this.failures.get(method);
    const spec = list?.[0];
    if (!list || !spec) return undefined;
    const left = (spec.times ?? 1) - 1;
    if (left > 0) list[0] = { ...spec, times: left };
    else list.shift();
    const parameters = {
      ...(spec.retry_after !== undefined ? { retry_after: spec.retry_after } : {}),
      ...(spec.migrate_to_chat_id !== undefined ? { migrate_to_chat_id: spec.migrate_to_chat_id } : {}),
    };
    const description =
      spec.description ??
      (spec.error_code === 429
        ? `Too Many Requests: retry after ${spec.retry_after ?? 1}`
        : 'Bad Request: injected failure');
    return new BotApiError(
      spec.error_code,
      description,
      Object.keys(parameters).length ? parameters : undefined,
    );
  }
}
