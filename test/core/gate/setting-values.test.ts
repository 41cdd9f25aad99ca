import { describe, expect, it } from 'vitest';
import { readGateForm } from '../../../src/core/dashboard/gate-form.js';
import {
  checkTimeout,
  readCooldown,
  readMinScore,
  readPassmark,
} from '../../../src/core/gate/setting-values.js';
import { gateSettingsSchema } from '../../../src/core/gate/settings.js';

const owner = { platform: 'console', id: 'owner' } as const;

describe('the gate’s setting values, shared by /gate and the dashboard form', () => {
  it('a minimum score is 350–950 or off', () => {
    expect(readMinScore('600')).toEqual({ ok: true, value: 600 });
    expect(readMinScore('OFF')).toEqual({ ok: true, value: null });
    for (const bad of ['349', '951', 'high', '6.5']) {
      expect(readMinScore(bad)).toMatchObject({ ok: false, error: { key: 'gate.err.score' } });
    }
  });

  it('an answer deadline is one minute to seven days', () => {
    expect(checkTimeout(60_000).ok).toBe(true);
    expect(checkTimeout(7 * 86_400_000).ok).toBe(true);
    expect(checkTimeout(59_999)).toMatchObject({ ok: false, error: { key: 'gate.err.timeoutRange' } });
    expect(checkTimeout(7 * 86_400_000 + 1).ok).toBe(false);
  });

  it('a passmark is 0–10 or all; a cooldown a duration or off', () => {
    expect(readPassmark('all')).toEqual({ ok: true, value: null });
    expect(readPassmark('2')).toEqual({ ok: true, value: 2 });
    expect(readPassmark('11')).toMatchObject({ ok: false, error: { key: 'gate.err.passmark' } });
    expect(readCooldown('off', 'duration')).toEqual({ ok: true, value: 0 });
    expect(readCooldown('2h', 'duration')).toEqual({ ok: true, value: 7_200_000 });
    expect(readCooldown('soon', 'cooldown')).toEqual({
      ok: false,
      error: { key: 'command.badDuration', params: { arg: 'cooldown', value: 'soon' } },
    });
  });

  it('the dashboard form refuses exactly what the commands refuse, with the same message', () => {
    const current = gateSettingsSchema.parse({});
    const cases: Array<[Record<string, string>, ReturnType<typeof readMinScore>]> = [
      [{ minScore: '1000' }, readMinScore('1000')],
      [{ passmark: '12' }, readPassmark('12')],
      [{ timeout: '30s' }, checkTimeout(30_000)],
    ];
    for (const [form, command] of cases) {
      expect(command.ok).toBe(false);
      expect(readGateForm(current, form, owner)).toEqual(command);
    }
    expect(readGateForm(current, { minScore: '', passmark: 'all', cooldown: 'off' }, owner)).toMatchObject({
      ok: true,
      value: { minScore: null, passmark: null, cooldownMs: 0 },
    });
  });
});
