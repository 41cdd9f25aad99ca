import { z } from 'zod';

/** A circle's handling of members' data. */
export const privacySettingsSchema = z.object({
  /** Answers to entry questions are deleted this many days after the verdict. */
  answerRetentionDays: z.number().int().min(1).max(3650).default(90),
  /** A member who asks to be forgotten keeps their points here (else they restart from zero). */
  keepPointsOnForget: z.boolean().default(false),
});

export type PrivacySettings = z.infer<typeof privacySettingsSchema>;
