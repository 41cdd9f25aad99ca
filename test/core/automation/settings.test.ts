import { describe, expect, it } from 'vitest';
import { automationSettingsSchema } from '../../../src/core/automation/settings.js';
import { defaultCircleSettings } from '../../../src/core/circle.js';

describe('a circle’s automation settings', () => {
  it('start with everything off: no welcome (the default text ready, sent privately), no rules, no digest, no nudges, answers kept', () => {
    const defaults = {
      welcome: { enabled: false, text: null, where: 'dm' },
      rules: null,
      digest: false,
      nudgeAfterMs: null,
      autoDeleteMs: null,
    };
    expect(automationSettingsSchema.parse({})).toEqual(defaults);
    // A circle stored before automation existed reads with the same defaults.
    expect(defaultCircleSettings().automation).toEqual(defaults);
  });

  it('keep what an owner set', () => {
    const set = {
      welcome: { enabled: true, text: 'Hi {name}', where: 'circle' },
      rules: 'Be kind.',
      digest: true,
      nudgeAfterMs: 14 * 86_400_000,
      autoDeleteMs: 120_000,
    };
    expect(automationSettingsSchema.parse(set)).toEqual(set);
    expect(automationSettingsSchema.parse({ welcome: { enabled: true } }).welcome).toEqual({
      enabled: true,
      text: null,
      where: 'dm',
    });
  });

  it('read a stored value out of bounds as its default rather than failing the circle', () => {
    const parsed = automationSettingsSchema.parse({
      welcome: { enabled: true, text: 'x'.repeat(1001), where: 'everywhere' },
      rules: '',
      nudgeAfterMs: 60_000,
      autoDeleteMs: 2 * 86_400_000,
    });
    expect(parsed).toEqual({
      welcome: { enabled: true, text: null, where: 'dm' },
      rules: null,
      digest: false,
      nudgeAfterMs: null,
      autoDeleteMs: null,
    });
  });

  it('accept the bounds themselves', () => {
    const parsed = automationSettingsSchema.parse({
      welcome: { text: 'x'.repeat(1000) },
      rules: 'y'.repeat(3000),
      nudgeAfterMs: 86_400_000,
      autoDeleteMs: 5_000,
    });
    expect(parsed.welcome.text).toHaveLength(1000);
    expect(parsed.rules).toHaveLength(3000);
    expect([parsed.nudgeAfterMs, parsed.autoDeleteMs]).toEqual([86_400_000, 5_000]);
  });
});
