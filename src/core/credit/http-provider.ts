/**
 * An external credit provider over HTTP. This is the contract a provider implements.
 *
 * Request — `POST <url>` with
 * - `content-type: application/json`
 * - `x-circlebot-timestamp: <unix seconds when the request was made>`
 * - `x-circlebot-signature: sha256=<lowercase hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`
 * - body `{ "platform": "telegram" | "discord" | "console", "userId": "<platform user id, a string>",
 *   "username": "<username>" | null }`
 *
 * The provider should check the signature over the exact bytes received (`verifyCreditSignature` does this,
 * timing-safe) and refuse timestamps more than a few minutes from its own clock, so a captured request cannot
 * be replayed later.
 *
 * Answer — HTTP 2xx with a JSON body
 * `{ "score": <integer 350–950>, "verified"?: <boolean>, "expiresAt"?: "<ISO 8601 date-time>" }`.
 * Omit `verified` when the provider does not vouch either way, and `expiresAt` to let circlebot choose how long
 * to cache. Unknown fields are ignored. circlebot gives up after the timeout (2 s by default); any other status,
 * a body that is not JSON, or JSON of another shape counts as "provider unavailable" and the circle's fail
 * policy decides.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { MAX_SCORE, MIN_SCORE } from '../gate/settings.js';
import { CreditUnavailableError } from './errors.js';
import type { CreditProvider, CreditReport } from './report.js';

const SIGNATURE_PREFIX = 'sha256=';

const answerSchema = z.object({
  score: z.number().int().min(MIN_SCORE).max(MAX_SCORE),
  verified: z.boolean().optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

/** The `x-circlebot-signature` value for a request: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export function signCreditRequest(secret: string, timestamp: number | string, body: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * Whether `header` is the signature of `timestamp` and `body` under `secret`; compares in constant time.
 * Never throws: a missing or malformed header is simply `false`. Does not judge the timestamp's age.
 */
export function verifyCreditSignature(
  secret: string,
  timestamp: number | string,
  body: string,
  header: string | undefined,
): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signCreditRequest(secret, timestamp, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface HttpCreditProviderOptions {
  /** Names the provider in reports, cache rows, logs and errors. */
  readonly name: string;
  readonly url: string;
  readonly secret: string;
  /** Covers the whole exchange, answer body included. */
  readonly timeoutMs?: number;
  /** How long an answer without `expiresAt` is good for; unset leaves the choice to the caller's cache. */
  readonly ttlMs?: number;
  readonly clock: Clock;
  readonly fetch?: typeof globalThis.fetch;
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/**
 * A provider asking an outside service (wire format above). `report` throws `CreditUnavailableError` with
 * reason `timeout`, `http` (non-2xx), `bad_response` (not JSON, or the wrong shape) or `network`; it never
 * throws anything else.
 */
export function createHttpCreditProvider(opts: HttpCreditProviderOptions): CreditProvider {
  const { name, url, secret, clock, ttlMs } = opts;
  const timeoutMs = opts.timeoutMs ?? 2000;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const unavailable = (reason: CreditUnavailableError['reason'], message: string, cause?: unknown) =>
    new CreditUnavailableError(name, reason, `credit provider ${name}: ${message}`, { cause });

  return {
    name,
    async report(subject): Promise<CreditReport> {
      const body = JSON.stringify({
        platform: subject.ref.platform,
        userId: subject.ref.id,
        username: subject.username,
      });
      const timestamp = Math.floor(clock.now().getTime() / 1000);

      let status: number;
      let text: string;
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-circlebot-timestamp': String(timestamp),
            'x-circlebot-signature': signCreditRequest(secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        if (!res.ok) {
          await res.body?.cancel().catch(() => {});
          throw unavailable('http', `answered HTTP ${status}`);
        }
        text = await res.text();
      } catch (err) {
        if (err instanceof CreditUnavailableError) throw err;
        if (isTimeout(err)) throw unavailable('timeout', `no answer within ${timeoutMs} ms`, err);
        throw unavailable('network', 'could not be reached', err);
      }

      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw unavailable('bad_response', 'answer is not JSON', err);
      }
      const parsed = answerSchema.safeParse(json);
      if (!parsed.success) {
        throw unavailable('bad_response', `answer has the wrong shape: ${z.prettifyError(parsed.error)}`);
      }

      const answer = parsed.data;
      const now = clock.now();
      const expiresAt = answer.expiresAt
        ? new Date(answer.expiresAt)
        : ttlMs !== undefined
          ? new Date(now.getTime() + ttlMs)
          : undefined;
      return {
        score: answer.score,
        verified: answer.verified ?? null,
        factors: [{ key: 'external', points: answer.score, value: answer.score }],
        source: name,
        fetchedAt: now,
        ...(expiresAt ? { expiresAt } : {}),
      };
    },
  };
}
