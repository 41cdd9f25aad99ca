import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createCommunityCredit } from '../../../src/core/credit/community.js';
import { CreditUnavailableError } from '../../../src/core/credit/errors.js';
import { createHttpCreditProvider } from '../../../src/core/credit/http-provider.js';
import type { CreditRepo } from '../../../src/core/credit/repo.js';
import type { CreditProvider, CreditSubject } from '../../../src/core/credit/report.js';
import { CreditService } from '../../../src/core/credit/service.js';
import type { Logger } from '../../../src/core/logger.js';
import { type FakeCreditProvider, startFakeCreditProvider } from '../../fakes/credit-provider.js';
import { memoryCreditRepo } from '../../fakes/credit-repo.js';

const SECRET = 'service-test-secret';
const HOUR = 3_600_000;
const subject: CreditSubject = { memberId: 3, ref: { platform: 'telegram', id: '99' }, username: null };

const memoryRepo = () => memoryCreditRepo();

type Logged = { level: string; obj: object; msg: string | undefined };

function recordingLogger(lines: Logged[] = []): Logger & { lines: Logged[] } {
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => recordingLogger(lines),
  };
}

/** A provider that always says the same thing. */
function fixed(name: string, score: number, verified: boolean | null, clock: ManualClock): CreditProvider {
  return {
    name,
    report: async () => ({
      score,
      verified,
      factors: [{ key: 'external', points: score, value: score }],
      source: name,
      fetchedAt: clock.now(),
    }),
  };
}

let clock: ManualClock;
let fake: FakeCreditProvider;

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeCreditProvider({ secret: SECRET });
});
afterEach(async () => {
  await fake.close();
});

function service(providers: CreditProvider[], combine?: 'min' | 'max' | 'mean', log = recordingLogger()) {
  return new CreditService({ providers, repo: memoryRepo(), clock, log, combine });
}

function acme(timeoutMs?: number) {
  return createHttpCreditProvider({ name: 'acme', url: fake.url, secret: SECRET, clock, timeoutMs });
}

describe('credit service', () => {
  it('by default the most cautious provider decides the score', async () => {
    const result = await service([fixed('a', 700, null, clock), fixed('b', 820, null, clock)]).assess(
      subject,
    );
    expect(result.ok && result.report.score).toBe(700);
  });

  it('a circle can take the best score instead', async () => {
    const result = await service([fixed('a', 700, null, clock), fixed('b', 820, null, clock)], 'max').assess(
      subject,
    );
    expect(result.ok && result.report.score).toBe(820);
  });

  it('a circle can average the scores, rounded', async () => {
    const result = await service(
      [fixed('a', 700, null, clock), fixed('b', 821, null, clock), fixed('c', 600, null, clock)],
      'mean',
    ).assess(subject);
    expect(result.ok && result.report.score).toBe(707);
  });

  it('the combined report lists every factor, names every source and is dated now', async () => {
    const result = await service([createCommunityCredit({ repo: memoryRepo(), clock }), acme()]).assess(
      subject,
    );
    if (!result.ok) throw new Error('expected ok');
    expect(result.report.source).toBe('community+acme');
    expect(result.report.fetchedAt).toEqual(clock.now());
    expect(result.report.factors.map((f) => f.key)).toContain('base');
    expect(result.report.factors.map((f) => f.key)).toContain('external');
    expect(result.reports.map((r) => r.source)).toEqual(['community', 'acme']);
    expect(result.report.score).toBe(550);
  });

  it('a person is verified only if a provider says so and none says otherwise', async () => {
    const verified = async (...says: Array<boolean | null>) => {
      const result = await service(says.map((v, i) => fixed(`p${i}`, 700, v, clock))).assess(subject);
      return result.ok ? result.report.verified : 'failed';
    };
    expect(await verified(true, null)).toBe(true);
    expect(await verified(true, false)).toBe(false);
    expect(await verified(null, false)).toBe(false);
    expect(await verified(null, null)).toBeNull();
  });

  it('a second check within the cache time does not ask the outside provider again', async () => {
    fake.setBehaviour({ kind: 'answer', answer: { score: 640 } });
    const credit = new CreditService({
      providers: [acme()],
      repo: memoryRepo(),
      clock,
      log: recordingLogger(),
      cacheTtlMs: HOUR,
    });

    const first = await credit.assess(subject);
    clock.advance(HOUR - 1000);
    const second = await credit.assess(subject);

    expect(fake.calls).toHaveLength(1);
    expect(first.ok && first.report.score).toBe(640);
    expect(second.ok && second.report.score).toBe(640);

    clock.advance(2000);
    await credit.assess(subject);
    expect(fake.calls).toHaveLength(2);
  });

  it('once the provider’s own expiry passes, the provider is asked again', async () => {
    const expiresAt = new Date(clock.now().getTime() + 10 * 60_000);
    fake.setBehaviour({ kind: 'answer', answer: { score: 900, expiresAt: expiresAt.toISOString() } });
    const credit = service([acme()]);

    await credit.assess(subject);
    clock.set(new Date(expiresAt.getTime() - 1));
    await credit.assess(subject);
    expect(fake.calls).toHaveLength(1);

    clock.set(expiresAt);
    fake.setBehaviour({ kind: 'answer', answer: { score: 610 } });
    const later = await credit.assess(subject);
    expect(fake.calls).toHaveLength(2);
    expect(later.ok && later.report.score).toBe(610);
  });

  it('community credit is worked out afresh every time', async () => {
    let asked = 0;
    const repo = memoryRepo();
    const counting: CreditRepo = {
      ...repo,
      history: async (...args) => {
        asked++;
        return repo.history(...args);
      },
    };
    const credit = new CreditService({
      providers: [createCommunityCredit({ repo: counting, clock })],
      repo: counting,
      clock,
      log: recordingLogger(),
    });
    await credit.assess(subject);
    await credit.assess(subject);
    expect(asked).toBe(2);
  });

  it('when a provider is down the assessment fails, says why, and keeps the answers that came', async () => {
    fake.setBehaviour({ kind: 'status', status: 500 });
    const log = recordingLogger();
    const result = await service(
      [createCommunityCredit({ repo: memoryRepo(), clock }), acme()],
      'min',
      log,
    ).assess(subject);

    expect(result).toMatchObject({ ok: false, failures: [{ provider: 'acme', reason: 'http' }] });
    expect(result.reports.map((r) => r.source)).toEqual(['community']);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        obj: expect.objectContaining({ provider: 'acme', reason: 'http' }),
      }),
    );
    expect(JSON.stringify(log.lines)).not.toContain(SECRET);
  });

  it('a provider that times out is a failure too, not an exception', async () => {
    fake.setBehaviour({ kind: 'answer', answer: { score: 700 }, delayMs: 1000 });
    const result = await service([acme(200)]).assess(subject);
    expect(result).toMatchObject({ ok: false, failures: [{ provider: 'acme', reason: 'timeout' }] });
  });

  it('a failed answer is not cached: the next check asks again', async () => {
    fake.setBehaviour({ kind: 'status', status: 500 });
    const credit = service([acme()]);
    await credit.assess(subject);
    fake.setBehaviour({ kind: 'answer', answer: { score: 720 } });
    const result = await credit.assess(subject);
    expect(fake.calls).toHaveLength(2);
    expect(result.ok && result.report.score).toBe(720);
  });

  it('a provider that throws something unexpected still yields a failure', async () => {
    const broken: CreditProvider = {
      name: 'broken',
      report: async () => {
        throw new TypeError('boom');
      },
    };
    const down: CreditProvider = {
      name: 'down',
      report: async () => {
        throw new CreditUnavailableError('down', 'network', 'unreachable');
      },
    };
    const result = await service([broken, down]).assess(subject);
    expect(result).toMatchObject({
      ok: false,
      failures: [
        { provider: 'broken', reason: 'error' },
        { provider: 'down', reason: 'network' },
      ],
      reports: [],
    });
  });

  it('refuses to start with no provider, or two providers of one name', () => {
    expect(() => service([])).toThrow(/at least one/);
    expect(() => service([fixed('a', 700, null, clock), fixed('a', 800, null, clock)])).toThrow(/named a/);
  });
});
