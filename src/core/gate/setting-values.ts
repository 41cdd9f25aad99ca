import { parseDuration } from '../duration.js';
import { MAX_QUESTIONS } from './questions.js';
import { MAX_SCORE, MIN_SCORE } from './settings.js';

/**
 * The rules for the gate's setting values, shared by the `/gate` commands and the dashboard's gate form so
 * both accept the same words and ranges and refuse with the same messages.
 */

/** A refusal: a message-catalog key and its parameters. */
export interface Refusal {
  readonly key: string;
  readonly params: Record<string, string | number>;
}

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Refusal };

export const TIMEOUT_MIN_MS = 60_000;
export const TIMEOUT_MAX_MS = 7 * 86_400_000;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const refuse = (key: string, params: Record<string, string | number> = {}): Checked<never> => ({
  ok: false,
  error: { key, params },
});

/** `/gate minscore`: 350–950, or `off` for none. */
export function readMinScore(raw: string): Checked<number | null> {
  const text = raw.trim();
  if (text.toLowerCase() === 'off') return ok(null);
  if (!/^\d{1,4}$/.test(text) || Number(text) < MIN_SCORE || Number(text) > MAX_SCORE)
    return refuse('gate.err.score', { value: text.slice(0, 20), min: MIN_SCORE, max: MAX_SCORE });
  return ok(Number(text));
}

/** `/gate timeout`: from one minute to seven days. */
export function checkTimeout(ms: number): Checked<number> {
  return ms < TIMEOUT_MIN_MS || ms > TIMEOUT_MAX_MS ? refuse('gate.err.timeoutRange') : ok(ms);
}

/** `/gate passmark`: how many choice questions must be right (0–10), or `all` (`null`). */
export function readPassmark(raw: string): Checked<number | null> {
  const text = raw.trim();
  if (text.toLowerCase() === 'all') return ok(null);
  if (!/^\d{1,2}$/.test(text) || Number(text) > MAX_QUESTIONS)
    return refuse('gate.err.passmark', { value: text.slice(0, 20), max: MAX_QUESTIONS });
  return ok(Number(text));
}

/** `/gate cooldown`: a duration, or `0`/`off` for none; `arg` names the field in the refusal. */
export function readCooldown(raw: string, arg: string): Checked<number> {
  const text = raw.trim();
  if (text === '0' || text.toLowerCase() === 'off') return ok(0);
  const ms = parseDuration(text);
  return ms === null ? refuse('command.badDuration', { arg, value: text.slice(0, 20) }) : ok(ms);
}
