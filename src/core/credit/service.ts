import type { Clock } from '../clock.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { COMMUNITY_PROVIDER } from './community.js';
import { CreditUnavailableError } from './errors.js';
import type { CreditRepo } from './repo.js';
import { type CreditProvider, type CreditReport, type CreditSubject, clampScore } from './report.js';

/** How several providers' scores become one. */
export type CreditCombine = 'min' | 'max' | 'mean';

/**
 * Every provider answered (`report` is the combination), or at least one did not (`failures` says which and
 * why; the gate's fail policy decides). `reports` always holds the answers that did arrive.
 */
export type CreditAssessment =
  | { ok: true; report: CreditReport; reports: CreditReport[] }
  | { ok: false; failures: Array<{ provider: string; reason: string }>; reports: CreditReport[] };

export interface CreditServiceOptions {
  readonly providers: readonly CreditProvider[];
  readonly repo: CreditRepo;
  readonly clock: Clock;
  readonly log: Logger;
  readonly combine?: CreditCombine;
  /** How long an outside report without its own `expiresAt` is cached. */
  readonly cacheTtlMs?: number;
}

type Outcome = { ok: true; report: CreditReport } | { ok: false; provider: string; reason: string };

/** Asks every credit provider about a person, caching outside answers, and combines what they say. */
export class CreditService {
  readonly #providers: readonly CreditProvider[];
  readonly #repo: CreditRepo;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #combine: CreditCombine;
  readonly #cacheTtlMs: number;

  /** Throws `ConfigError` when there is no provider or two share a name (they would share cache rows). */
  constructor(opts: CreditServiceOptions) {
    if (opts.providers.length === 0) {
      throw new ConfigError('credit.providers', 'at least one credit provider is needed');
    }
    const names = opts.providers.map((p) => p.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) {
      throw new ConfigError('credit.providers', `two credit providers are named ${duplicate}`);
    }
    this.#providers = opts.providers;
    this.#repo = opts.repo;
    this.#clock = opts.clock;
    this.#log = opts.log;
    this.#combine = opts.combine ?? 'min';
    this.#cacheTtlMs = opts.cacheTtlMs ?? 3_600_000;
  }

  /** Never throws: a provider that fails for any reason becomes a failure in an `ok: false` assessment. */
  async assess(subject: CreditSubject): Promise<CreditAssessment> {
    const now = this.#clock.now();
    const outcomes = await Promise.all(this.#providers.map((p) => this.#ask(p, subject, now)));
    const reports: CreditReport[] = [];
    const failures: Array<{ provider: string; reason: string }> = [];
    for (const o of outcomes) {
      if (o.ok) reports.push(o.report);
      else failures.push({ provider: o.provider, reason: o.reason });
    }
    if (failures.length > 0) return { ok: false, failures, reports };
    return { ok: true, report: this.#combined(reports, now), reports };
  }

  async #ask(provider: CreditProvider, subject: CreditSubject, now: Date): Promise<Outcome> {
    const cacheable = provider.name !== COMMUNITY_PROVIDER;
    if (cacheable) {
      const hit = await this.#cachedReport(provider.name, subject.memberId, now);
      if (hit) return { ok: true, report: hit };
    }
    let report: CreditReport;
    try {
      report = await provider.report(subject);
    } catch (err) {
      const reason = err instanceof CreditUnavailableError ? err.reason : 'error';
      const message = err instanceof Error ? err.message : String(err);
      this.#log.warn(
        { provider: provider.name, reason, memberId: subject.memberId, err: message },
        'credit provider unavailable',
      );
      return { ok: false, provider: provider.name, reason };
    }
    if (cacheable) {
      const expiresAt = report.expiresAt ?? new Date(now.getTime() + this.#cacheTtlMs);
      try {
        await this.#repo.cache(provider.name, subject.memberId, report, expiresAt);
      } catch (err) {
        this.#log.warn(
          { provider: provider.name, memberId: subject.memberId, err: String(err) },
          'could not cache credit report',
        );
      }
    }
    return { ok: true, report };
  }

  /** A cache that cannot be read is a miss, not a failure: the provider is asked instead. */
  async #cachedReport(provider: string, memberId: number, now: Date): Promise<CreditReport | null> {
    try {
      return await this.#repo.cached(provider, memberId, now);
    } catch (err) {
      this.#log.warn({ provider, memberId, err: String(err) }, 'could not read cached credit report');
      return null;
    }
  }

  #combined(reports: readonly CreditReport[], now: Date): CreditReport {
    const scores = reports.map((r) => r.score);
    const score =
      this.#combine === 'min'
        ? Math.min(...scores)
        : this.#combine === 'max'
          ? Math.max(...scores)
          : scores.reduce((a, b) => a + b, 0) / scores.length;
    const says = reports.map((r) => r.verified);
    const verified = says.includes(false) ? false : says.includes(true) ? true : null;
    return {
      score: clampScore(score),
      verified,
      factors: reports.flatMap((r) => r.factors),
      source: this.#providers.map((p) => p.name).join('+'),
      fetchedAt: now,
    };
  }
}
