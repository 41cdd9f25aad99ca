import { z } from 'zod';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Longest welcome text an owner may set (placeholders counted as typed). */
export const WELCOME_MAX = 1_000;
/** Longest rules text: with a welcome around `{rules}` it still fits one Telegram message (4 096). */
export const RULES_MAX = 3_000;
/** Quiet time before a nudge: at least a day, at most a year. */
export const NUDGE_MIN_MS = DAY;
export const NUDGE_MAX_MS = 365 * DAY;
/** How long a command's answer stays before it is deleted: 5 seconds to a day. */
export const AUTODELETE_MIN_MS = 5 * SECOND;
export const AUTODELETE_MAX_MS = DAY;

/** Where the welcome goes: privately to the new member, or into the circle. */
export const WELCOME_PLACES = ['dm', 'circle'] as const;
export type WelcomePlace = (typeof WELCOME_PLACES)[number];

/**
 * A circle's automation: the welcome, its rules, who gets the weekly digest, nudges to quiet members and
 * how long a command's answer stays. `parse({})` is a complete setting with everything off. A stored value
 * outside the bounds (written by hand) falls back to its default rather than keeping the circle from loading.
 */
export const automationSettingsSchema = z.object({
  welcome: z
    .object({
      enabled: z.boolean().default(false),
      /** The owner's template (`{name}`, `{circle}`, `{rules}`); `null`: the catalog's default welcome. */
      text: z.string().min(1).max(WELCOME_MAX).nullable().catch(null).default(null),
      where: z.enum(WELCOME_PLACES).catch('dm').default('dm'),
    })
    .prefault({}),
  /** The circle's rules, shown by `/rules` and in the welcome's `{rules}`; `null`: none written. */
  rules: z.string().min(1).max(RULES_MAX).nullable().catch(null).default(null),
  /** Whether some admin receives the weekly digest (who does is stored beside the settings). */
  digest: z.boolean().default(false),
  /** Members quiet this long get one friendly private message; `null`: no nudges. */
  nudgeAfterMs: z.number().int().min(NUDGE_MIN_MS).max(NUDGE_MAX_MS).nullable().catch(null).default(null),
  /** The bot's answers to commands in the group are deleted after this long; `null`: they stay. */
  autoDeleteMs: z
    .number()
    .int()
    .min(AUTODELETE_MIN_MS)
    .max(AUTODELETE_MAX_MS)
    .nullable()
    .catch(null)
    .default(null),
});

export type AutomationSettings = z.infer<typeof automationSettingsSchema>;
