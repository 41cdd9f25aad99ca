import { z } from 'zod';
import { PLATFORMS } from '../refs.js';

const refSchema = z.object({ platform: z.enum(PLATFORMS), id: z.string() });

export const MIN_SCORE = 350;
export const MAX_SCORE = 950;

/** A circle's gate: how applicants are screened. Every number is the owner's to change. */
export const gateSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** `review`: even a passing application waits for an admin. */
  mode: z.enum(['auto', 'review']).default('auto'),
  /** Credit threshold; `null` means no threshold. */
  minScore: z.number().int().min(MIN_SCORE).max(MAX_SCORE).nullable().default(null),
  /** Require the provider's verified (real-name) flag. */
  requireVerified: z.boolean().default(false),
  /** How long an applicant has to answer. */
  timeoutMs: z
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  onTimeout: z.enum(['decline', 'review']).default('decline'),
  /** Where the platform holds applicants inside (Discord quarantine): remove a declined one, or keep them held. */
  onDecline: z.enum(['remove', 'keep']).default('remove'),
  /** Choice questions that must be right; `null` means all of them. */
  passmark: z.number().int().min(0).nullable().default(null),
  /** How long a declined applicant waits before applying again. */
  cooldownMs: z
    .number()
    .int()
    .min(0)
    .default(24 * 3_600_000),
  /** What a failing credit provider means for the application. */
  failPolicy: z.enum(['review', 'decline', 'allow']).default('review'),
  /** Where review items go; `null`: DM the admin who turned the gate on. */
  reviewChat: refSchema.nullable().default(null),
  reviewAdmin: refSchema.nullable().default(null),
  /** Who may vouch: members with at least this community credit (and, once points land, level). */
  vouchMinScore: z.number().int().min(MIN_SCORE).max(MAX_SCORE).default(600),
  vouchMinLevel: z.number().int().min(0).default(0),
});

export type GateSettings = z.infer<typeof gateSettingsSchema>;
