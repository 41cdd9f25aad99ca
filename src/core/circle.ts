import { z } from 'zod';
import { automationSettingsSchema } from './automation/settings.js';
import { gateSettingsSchema } from './gate/settings.js';
import { LANGS, type Lang } from './i18n/index.js';
import { marketSettingsSchema } from './market/settings.js';
import { pointsSettingsSchema } from './points/settings.js';
import { privacySettingsSchema } from './privacy/settings.js';
import type { ChatRef } from './refs.js';

/**
 * Everything an owner can set for a circle, with defaults. Stored as one JSON document per circle and
 * parsed through this schema on every read, so a new setting needs no migration and old rows get defaults.
 */
export const circleSettingsSchema = z.object({
  gate: gateSettingsSchema.prefault({}),
  points: pointsSettingsSchema.prefault({}),
  market: marketSettingsSchema.prefault({}),
  privacy: privacySettingsSchema.prefault({}),
  automation: automationSettingsSchema.prefault({}),
});

export type CircleSettings = z.infer<typeof circleSettingsSchema>;

export const defaultCircleSettings = (): CircleSettings => circleSettingsSchema.parse({});

export const langSchema = z.enum(LANGS);

/** One group the bot manages, with its settings. */
export interface Circle {
  readonly id: number;
  readonly chat: ChatRef;
  readonly title: string | null;
  readonly lang: Lang;
  readonly settings: CircleSettings;
  readonly createdAt: Date;
}

/** The circle's display name for messages. */
export function circleName(circle: Circle): string {
  return circle.title ?? circle.chat.id;
}
