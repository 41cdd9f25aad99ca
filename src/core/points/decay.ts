import { DAY_MS } from './day.js';
import type { DecaySettings } from './settings.js';

/** One member at one weekly decay run. */
export interface DecayInput {
  /** The member's current total in the circle. */
  readonly total: number;
  /** Last time the member earned or did anything that counts; `null` when never known. */
  readonly lastActiveAt: Date | null;
  readonly at: Date;
  readonly decay: DecaySettings | null;
}

/**
 * Points one weekly decay run removes from a member: `percentPerWeek` (to two decimals) of the total,
 * rounded down, once the member has been inactive for more than `afterDays`. Exact integer arithmetic for
 * any safe total; never more than the total, so the total never drops below 0. Zero when decay is off,
 * the total is not positive, or the member's last activity is unknown (nothing is taken on a guess).
 * Pure, never throws.
 */
export function decayAmount(input: DecayInput): number {
  const { decay, lastActiveAt } = input;
  if (decay === null || lastActiveAt === null) return 0;
  const total = Math.floor(input.total);
  if (!Number.isSafeInteger(total) || total <= 0) return 0;
  const idle = input.at.getTime() - lastActiveAt.getTime();
  if (!(idle > decay.afterDays * DAY_MS)) return 0;
  const basisPoints = Math.min(10_000, Math.max(0, Math.round(decay.percentPerWeek * 100)));
  if (Number.isNaN(basisPoints)) return 0;
  // ⌊total·bp/10⁴⌋ split at 10⁴ so neither product leaves the safe integers.
  const high = Math.floor(total / 10_000);
  const low = total % 10_000;
  return Math.min(total, high * basisPoints + Math.floor((low * basisPoints) / 10_000));
}
