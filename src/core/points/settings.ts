import { z } from 'zod';

/** Highest level a privilege may require (far beyond any level a member reaches in practice). */
export const MAX_PRIVILEGE_LEVEL = 1000;
/** Most recent texts kept per member for the similarity rule, whatever the setting says. */
export const MAX_RECENT = 20;

const points = (max: number, fallback: number) => z.number().int().min(0).max(max).default(fallback);
const level = z.number().int().min(0).max(MAX_PRIVILEGE_LEVEL);

/**
 * A circle's points: what earns how much, the filters against farming, what levels unlock. Every number is
 * the owner's to change and every field has a default (MEE6's where users know one), so `parse({})` is a
 * complete setting. Cross-field slips such as `messageMin > messageMax` do not fail parsing (a stored
 * circle must always load); the rules read them as the range between the two.
 */
export const pointsSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** Points a counted message earns: a uniform draw from `messageMin`–`messageMax`. */
  messageMin: points(1000, 15),
  messageMax: points(1000, 25),
  /** A member earns from a message at most once per this window; `0` means every message. */
  cooldownMs: z
    .number()
    .int()
    .min(0)
    .default(60 * 1000),
  /** Visible characters (graphemes, whitespace not counted) a text needs to count; media always counts. */
  minLength: z.number().int().min(0).max(200).default(3),
  /** A text at least this similar (0–1) to one of the member's recent texts earns nothing. */
  similarityThreshold: z.number().min(0.1).max(1).default(0.8),
  /** How many of the member's recent texts of the day the similarity rule compares with; `0` turns it off. */
  recentCount: z.number().int().min(0).max(MAX_RECENT).default(5),
  /** Points a member receives per reaction to their message, up to a daily cap (UTC days). */
  reactionPoints: points(100, 2),
  reactionDailyCap: points(100_000, 20),
  /** Points a member receives per reply to their message, up to a daily cap (UTC days). */
  replyPoints: points(100, 3),
  replyDailyCap: points(100_000, 30),
  /** Bonus on the 7th consecutive day with a message (once per streak). */
  streakWeekBonus: points(100_000, 50),
  /** Bonus on the 30th consecutive day, and again on every further multiple of 30. */
  streakMonthBonus: points(100_000, 200),
  /** How a level-up is announced: one quiet line, a reaction on the message, or not at all. */
  levelUp: z.enum(['line', 'reaction', 'off']).default('line'),
  /** Level needed to post links / media; `null` lets everyone. */
  privileges: z
    .object({
      links: level.nullable().default(null),
      media: level.nullable().default(null),
    })
    .prefault({}),
  /** Roles given by level where the platform has roles (Discord): level → role name. */
  levelRoles: z.record(z.string().regex(/^\d{1,4}$/), z.string().min(1).max(100)).default({}),
  /** `stack`: keep every level role reached; `replace`: only the highest. */
  levelRoleMode: z.enum(['stack', 'replace']).default('stack'),
  /** Inactivity decay, run weekly; `null` (the default) turns it off. */
  decay: z
    .object({
      /** Share of the total removed per weekly run; read to two decimals. */
      percentPerWeek: z.number().gt(0).max(100),
      /** Days without activity before decay starts. */
      afterDays: z.number().int().min(1).max(3650),
    })
    .nullable()
    .default(null),
});

/** A circle's points settings, defaults filled in. */
export type PointsSettings = z.infer<typeof pointsSettingsSchema>;
/** Level needed to post links / media; `null` lets everyone. */
export type Privileges = PointsSettings['privileges'];
/** The decay rule when it is on. */
export type DecaySettings = NonNullable<PointsSettings['decay']>;
