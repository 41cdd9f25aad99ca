import { Cron } from 'croner';
import cronstrueModule from 'cronstrue/i18n.js';
import type { Lang } from '../i18n/index.js';

// A CommonJS module whose typings name the class's static `toString`, which a default import hides.
const cronstrue = cronstrueModule as unknown as {
  toString(pattern: string, options: Record<string, unknown>): string;
};

/** Longest cron pattern accepted (a 5- or 6-field pattern is far shorter). */
const MAX_PATTERN = 100;

/** Shortest time allowed between two runs. */
const MIN_GAP_MS = 10 * 60_000;

/**
 * Runs looked at for the shortest gap: over two days of a pattern firing every 10 minutes. The next two
 * alone are not enough: at 12:03, `0,5 12 * * *` next fires at 12:05 and then at 12:00 the day after.
 */
const RUNS_CHECKED = 300;

export type CronCheck =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a cron pattern (5 fields, or 6 with seconds; names like `FRI` allowed) with croner, the library
 * that runs it. Two runs closer than 10 minutes anywhere in its next 300 runs are refused, wherever `now`
 * falls: an offer post is not a ticker.
 */
export function checkCron(raw: string, timezone: string, now: Date): CronCheck {
  const pattern = raw.trim().replace(/\s+/g, ' ');
  if (pattern.length === 0 || pattern.length > MAX_PATTERN) return { ok: false, reason: 'length' };
  const fields = pattern.split(' ').length;
  if (fields < 5 || fields > 6) return { ok: false, reason: 'fields' };
  let runs: Date[];
  try {
    runs = new Cron(pattern, { paused: true, timezone }).nextRuns(RUNS_CHECKED, now);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  if (runs.length === 0) return { ok: false, reason: 'never' };
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_GAP_MS) return { ok: false, reason: 'often' };
  }
  return { ok: true, pattern };
}

/** The next `count` runs strictly after `from`, in the zone. */
export function nextRuns(pattern: string, timezone: string, from: Date, count: number): Date[] {
  return new Cron(pattern, { paused: true, timezone }).nextRuns(count, from);
}

/** The pattern in words, in the circle's language (`At 08:00 PM, only on Friday`). */
export function describeCron(pattern: string, lang: Lang): string {
  try {
    return cronstrue.toString(pattern, {
      locale: lang === 'zh-CN' ? 'zh_CN' : 'en',
      use24HourTimeFormat: true,
      verbose: false,
    });
  } catch {
    return pattern;
  }
}
