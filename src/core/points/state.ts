import { z } from 'zod';
import { MAX_RECENT } from './settings.js';

/**
 * What the rules remember about one member in one circle between messages. Small and JSON-serialisable;
 * the flow stores it next to the member's total and passes it back in with the next event.
 */
export interface MemberActivityState {
  /** When a message last earned points (ms since epoch): the cooldown runs from here. */
  readonly lastEarnedAt: number | null;
  /** Fingerprints of the member's recent texts of `streakDay`, newest last, at most `MAX_RECENT`. */
  readonly recent: readonly string[];
  /** Last UTC day (`YYYY-MM-DD`) with a counted message, and how many consecutive days end there. */
  readonly streakDay: string | null;
  readonly streakLength: number;
  /** Points received today from reactions / replies, and the UTC day they belong to. */
  readonly reactionDay: string | null;
  readonly reactionPointsToday: number;
  readonly replyDay: string | null;
  readonly replyPointsToday: number;
}

/** The state of a member the rules have not seen yet. */
export function emptyActivityState(): MemberActivityState {
  return {
    lastEarnedAt: null,
    recent: [],
    streakDay: null,
    streakLength: 0,
    reactionDay: null,
    reactionPointsToday: 0,
    replyDay: null,
    replyPointsToday: 0,
  };
}

const count = z.number().int().min(0).catch(0);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .nullable()
  .catch(null);

const stateSchema = z.object({
  lastEarnedAt: z.number().int().nullable().catch(null),
  recent: z
    .array(z.string())
    .catch([])
    .transform((r) => r.slice(-MAX_RECENT)),
  streakDay: day,
  streakLength: count,
  reactionDay: day,
  reactionPointsToday: count,
  replyDay: day,
  replyPointsToday: count,
});

/**
 * Reads a stored state back (parsed JSON or a row). Never throws: a missing or malformed field falls back
 * to the empty state's value (forgetting a streak beats refusing a member's message), anything but an
 * object gives the empty state, and `recent` is cut to `MAX_RECENT`.
 */
export function readActivityState(raw: unknown): MemberActivityState {
  const parsed = stateSchema.safeParse(raw);
  return parsed.success ? parsed.data : emptyActivityState();
}
