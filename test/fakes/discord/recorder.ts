import type { FakeFile } from '../telegram/multipart.js';
import { DiscordHttpError } from './errors.js';

export type { FakeFile };

/** One REST call as the fake saw and answered it. */
export interface FakeCall {
  method: string;
  /** The path after `/api/v10`, without the query: `/channels/1234/messages`. */
  path: string;
  /** The route template that handled it (`/channels/:channel/messages`); undefined for an unknown route. */
  route?: string;
  query: Record<string, string>;
  /** The JSON body (for multipart, its `payload_json`); undefined when none was sent. */
  body: unknown;
  files: FakeFile[];
  /** `X-Audit-Log-Reason`, decoded. */
  reason?: string;
  /** When the request arrived, in ms on the fake's clock. */
  at: number;
  status: number;
  /** The JSON answered; undefined for 204 No Content. */
  response: unknown;
}

/** How an injected failure answers. */
export interface FailureSpec {
  status: number;
  /** Discord's JSON error code (default 0). */
  code?: number;
  /** Default: 429 → `You are being rate limited.`; 5xx → `500: Internal Server Error`; else `injected failure`. */
  message?: string;
  /** 429 only: seconds to wait, in the body and in `Retry-After`/`X-RateLimit-Reset-After` (default 1). */
  retry_after?: number;
  /** 429 only: a global rate limit (`X-RateLimit-Global`, scope `global`). */
  global?: boolean;
  /** 429 only: `X-RateLimit-Scope` (default `user`, or `global` when `global`). */
  scope?: 'user' | 'global' | 'shared';
  /** How many matching calls in a row fail (default 1). */
  times?: number;
}

/**
 * A call filter: `'POST /channels/:id/messages'`, or a path pattern alone for any method (in a pattern a
 * segment `:name` or `*` matches any one segment; the names need not match the fake's own); a RegExp tested
 * against `'METHOD /path'`; or a predicate.
 */
export type RouteFilter = string | RegExp | ((call: FakeCall) => boolean);

/** Whether `path` fits `pattern` segment by segment (`:x`/`*` match anything). */
export function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('?')[0]?.split('/') ?? [];
  const got = path.split('/');
  if (want.length !== got.length) return false;
  return want.every((seg, i) => seg === '*' || seg.startsWith(':') || seg === got[i]);
}

function splitFilter(filter: string): { method?: string; pattern: string } {
  const m = /^([A-Za-z]+)\s+(\S+)$/.exec(filter.trim());
  return m ? { method: m[1]?.toUpperCase(), pattern: m[2] ?? '' } : { pattern: filter.trim() };
}

export function callMatches(call: FakeCall, filter: RouteFilter): boolean {
  if (typeof filter === 'function') return filter(call);
  if (filter instanceof RegExp) return filter.test(`${call.method} ${call.path}`);
  const { method, pattern } = splitFilter(filter);
  return (method === undefined || method === call.method) && pathMatches(pattern, call.path);
}

interface CallWaiter {
  filter: RouteFilter;
  predicate: (call: FakeCall) => boolean;
  resolve: (call: FakeCall) => void;
}

/** Every REST call in order, handed to waiting tests, plus the failures queued for coming calls. */
export class Recorder {
  private log: FakeCall[] = [];
  private readonly claimed = new WeakSet<FakeCall>();
  private waiters: CallWaiter[] = [];
  private failures: { filter: string; spec: FailureSpec; left: number }[] = [];

  record(call: FakeCall): void {
    this.log.push(call);
    for (const waiter of [...this.waiters]) {
      if (this.claimed.has(call)) break;
      if (callMatches(call, waiter.filter) && waiter.predicate(call)) {
        this.claimed.add(call);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(call);
      }
    }
  }

  calls(filter?: RouteFilter): FakeCall[] {
    return filter === undefined ? [...this.log] : this.log.filter((c) => callMatches(c, filter));
  }

  /**
   * The first matching call not already handed to an earlier `waitForCall` — recorded before or after this
   * call — so consecutive waits see consecutive calls. Rejects after `timeoutMs`.
   */
  waitForCall(
    filter: RouteFilter,
    predicate: (call: FakeCall) => boolean = () => true,
    timeoutMs = 5000,
    label = typeof filter === 'function' ? 'the filter' : String(filter),
  ): Promise<FakeCall> {
    const found = this.log.find((c) => !this.claimed.has(c) && callMatches(c, filter) && predicate(c));
    if (found) {
      this.claimed.add(found);
      return Promise.resolve(found);
    }
    return new Promise<FakeCall>((resolve, reject) => {
      const waiter: CallWaiter = {
        filter,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.log.map((c) => `${c.method} ${c.path} → ${c.status}`);
        reject(
          new Error(
            `fake Discord: no call matching ${label} within ${timeoutMs} ms; calls seen: ${
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

  failNext(filter: string, spec: FailureSpec): void {
    this.failures.push({ filter, spec, left: spec.times ?? 1 });
  }

  /** The failure for this call, if one is queued for a filter it matches. */
  takeFailure(call: FakeCall): DiscordHttpError | undefined {
    const entry = this.failures.find((f) => callMatches(call, f.filter));
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.failures = this.failures.filter((f) => f !== entry);
    return failureError(entry.spec);
  }
}

/** The response Discord gives for the spec; a 429 carries the body and headers @discordjs/rest reads. */
function failureError(spec: FailureSpec): DiscordHttpError {
  if (spec.status !== 429) {
    const message =
      spec.message ?? (spec.status >= 500 ? `${spec.status}: Internal Server Error` : 'injected failure');
    return new DiscordHttpError(spec.status, { message, code: spec.code ?? 0 });
  }
  const retryAfter = spec.retry_after ?? 1;
  const global = spec.global ?? false;
  const body = {
    message: spec.message ?? 'You are being rate limited.',
    retry_after: retryAfter,
    global,
    ...(spec.code !== undefined ? { code: spec.code } : {}),
  };
  const headers: Record<string, string> = {
    'retry-after': String(retryAfter),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    // Real epoch seconds: clients compare it with their own clock, not the fake's.
    'x-ratelimit-reset': (Date.now() / 1000 + retryAfter).toFixed(3),
    'x-ratelimit-reset-after': String(retryAfter),
    'x-ratelimit-bucket': 'fake0bucket0hash',
    'x-ratelimit-scope': spec.scope ?? (global ? 'global' : 'user'),
    ...(global ? { 'x-ratelimit-global': 'true' } : {}),
  };
  return new DiscordHttpError(429, body, headers);
}
