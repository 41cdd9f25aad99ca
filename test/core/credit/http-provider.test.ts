import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { CreditUnavailableError } from '../../../src/core/credit/errors.js';
import {
  createHttpCreditProvider,
  signCreditRequest,
  verifyCreditSignature,
} from '../../../src/core/credit/http-provider.js';
import type { CreditSubject } from '../../../src/core/credit/report.js';
import { type FakeCreditProvider, startFakeCreditProvider } from '../../fakes/credit-provider.js';

const SECRET = 'test-secret-not-real';
const subject: CreditSubject = {
  memberId: 7,
  ref: { platform: 'discord', id: '123456789012345678' },
  username: 'bo',
};

let fake: FakeCreditProvider;
let clock: ManualClock;

beforeEach(async () => {
  fake = await startFakeCreditProvider({ secret: SECRET });
  clock = new ManualClock();
});
afterEach(async () => {
  await fake.close();
});

function provider(opts: { timeoutMs?: number; ttlMs?: number; url?: string } = {}) {
  return createHttpCreditProvider({ name: 'acme', url: fake.url, secret: SECRET, clock, ...opts });
}

async function failure(promise: Promise<unknown>): Promise<CreditUnavailableError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CreditUnavailableError);
  const e = err as CreditUnavailableError;
  expect(e.provider).toBe('acme');
  expect(e.code).toBe('CB_ERR_CREDIT_UNAVAILABLE');
  return e;
}

/** A port on 127.0.0.1 that nobody is listening on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('HTTP credit provider', () => {
  it('asks the provider with a signed request that the provider can verify', async () => {
    await provider().report(subject);

    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.signatureValid).toBe(true);
    expect(call.body).toEqual({ platform: 'discord', userId: '123456789012345678', username: 'bo' });
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers['x-circlebot-timestamp']).toBe(String(Math.floor(clock.now().getTime() / 1000)));
    expect(call.headers['x-circlebot-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('a request whose body was tampered with does not verify', async () => {
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const signed = JSON.stringify({ platform: 'telegram', userId: '1', username: null });
    const tampered = JSON.stringify({ platform: 'telegram', userId: '2', username: null });
    await fetch(fake.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-circlebot-timestamp': String(timestamp),
        'x-circlebot-signature': signCreditRequest(SECRET, timestamp, signed),
      },
      body: tampered,
    });

    expect(fake.calls[0]?.signatureValid).toBe(false);
    expect(
      verifyCreditSignature(SECRET, timestamp, signed, signCreditRequest(SECRET, timestamp, signed)),
    ).toBe(true);
    expect(
      verifyCreditSignature(SECRET, timestamp + 1, signed, signCreditRequest(SECRET, timestamp, signed)),
    ).toBe(false);
    expect(
      verifyCreditSignature('other-secret', timestamp, signed, signCreditRequest(SECRET, timestamp, signed)),
    ).toBe(false);
    expect(verifyCreditSignature(SECRET, timestamp, signed, undefined)).toBe(false);
    expect(verifyCreditSignature(SECRET, timestamp, signed, 'sha256=short')).toBe(false);
  });

  it('a good answer becomes a report with the provider’s score, verified flag and expiry', async () => {
    fake.setBehaviour({
      kind: 'answer',
      answer: { score: 812, verified: true, expiresAt: '2026-01-02T12:00:00Z' },
    });
    const report = await provider().report(subject);

    expect(report).toEqual({
      score: 812,
      verified: true,
      factors: [{ key: 'external', points: 812, value: 812 }],
      source: 'acme',
      fetchedAt: clock.now(),
      expiresAt: new Date('2026-01-02T12:00:00Z'),
    });
  });

  it('an answer without an expiry is good for the configured TTL; without a TTL it has none', async () => {
    fake.setBehaviour({ kind: 'answer', answer: { score: 600 } });

    const withTtl = await provider({ ttlMs: 60_000 }).report(subject);
    expect(withTtl.expiresAt).toEqual(new Date(clock.now().getTime() + 60_000));
    expect(withTtl.verified).toBeNull();

    const withoutTtl = await provider().report(subject);
    expect(withoutTtl.expiresAt).toBeUndefined();
  });

  it('a provider too slow to answer times out', async () => {
    fake.setBehaviour({ kind: 'answer', answer: { score: 700 }, delayMs: 1000 });
    const err = await failure(provider({ timeoutMs: 200 }).report(subject));
    expect(err.reason).toBe('timeout');
  });

  it('an answer that is not JSON is a bad response', async () => {
    fake.setBehaviour({ kind: 'badJson' });
    const err = await failure(provider().report(subject));
    expect(err.reason).toBe('bad_response');
  });

  it('a score outside 350–950 is a bad response', async () => {
    fake.setBehaviour({ kind: 'wrongShape', body: { score: 2000 } });
    const err = await failure(provider().report(subject));
    expect(err.reason).toBe('bad_response');
  });

  it('an HTTP 500 is reported as an http failure', async () => {
    fake.setBehaviour({ kind: 'status', status: 500 });
    const err = await failure(provider().report(subject));
    expect(err.reason).toBe('http');
    expect(err.message).toContain('500');
  });

  it('a provider nobody is listening for is a network failure', async () => {
    const port = await closedPort();
    const err = await failure(provider({ url: `http://127.0.0.1:${port}/credit` }).report(subject));
    expect(err.reason).toBe('network');
  });

  it('no error message carries the shared secret', async () => {
    fake.setBehaviour({ kind: 'status', status: 500 });
    const err = await failure(provider().report(subject));
    expect(err.message).not.toContain(SECRET);
  });
});
