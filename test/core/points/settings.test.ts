import { describe, expect, it } from 'vitest';
import { pointsSettingsSchema } from '../../../src/core/points/settings.js';

describe('a circle’s points settings', () => {
  it('start from the defaults users know from MEE6, plus the filters against farming', () => {
    expect(pointsSettingsSchema.parse({})).toEqual({
      enabled: true,
      messageMin: 15,
      messageMax: 25,
      cooldownMs: 60_000,
      minLength: 3,
      similarityThreshold: 0.8,
      recentCount: 5,
      reactionPoints: 2,
      reactionDailyCap: 20,
      replyPoints: 3,
      replyDailyCap: 30,
      streakWeekBonus: 50,
      streakMonthBonus: 200,
      levelUp: 'line',
      privileges: { links: null, media: null },
      levelRoles: {},
      levelRoleMode: 'stack',
      decay: null,
    });
  });

  it('fills what an owner left out, keeping what they set', () => {
    const parsed = pointsSettingsSchema.parse({
      privileges: { links: 2 },
      decay: { percentPerWeek: 2, afterDays: 30 },
    });
    expect(parsed.privileges).toEqual({ links: 2, media: null });
    expect(parsed.decay).toEqual({ percentPerWeek: 2, afterDays: 30 });
    expect(parsed.messageMin).toBe(15);
  });

  it('refuses numbers that make no sense', () => {
    for (const bad of [
      { messageMin: -1 },
      { cooldownMs: 1.5 },
      { similarityThreshold: 0 },
      { similarityThreshold: 1.2 },
      { recentCount: 21 },
      { levelUp: 'loud' },
      { privileges: { media: -1 } },
      { decay: { percentPerWeek: 0, afterDays: 30 } },
      { decay: { percentPerWeek: 5, afterDays: 0 } },
    ]) {
      expect(pointsSettingsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
