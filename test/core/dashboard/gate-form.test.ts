import { describe, expect, it } from 'vitest';
import { questionFormOf, readGateForm, readQuestionForm } from '../../../src/core/dashboard/gate-form.js';
import { gateSettingsSchema } from '../../../src/core/gate/settings.js';

const admin = { platform: 'telegram' as const, id: '7' };
const defaults = gateSettingsSchema.parse({});

describe('the gate form', () => {
  it('keeps every field left out, and reads words the way /gate does', () => {
    expect(readGateForm(defaults, {}, admin)).toEqual({ ok: true, value: defaults });
    const read = readGateForm(
      defaults,
      { minScore: 'OFF', passmark: 'All', cooldown: '0', mode: 'Review' },
      admin,
    );
    expect(read).toEqual({
      ok: true,
      value: { ...defaults, minScore: null, passmark: null, cooldownMs: 0, mode: 'review' },
    });
  });

  it('turning the gate on names a reviewer only when there is none', () => {
    const on = readGateForm(defaults, { enabled: 'on' }, admin);
    expect(on.ok && on.value.reviewAdmin).toEqual(admin);
    const someone = { platform: 'telegram' as const, id: '8' };
    const kept = readGateForm({ ...defaults, reviewAdmin: someone }, { enabled: 'on' }, admin);
    expect(kept.ok && kept.value.reviewAdmin).toEqual(someone);
  });

  it('refuses with the keys and limits of the chat commands', () => {
    const refusal = (form: Record<string, string>) => {
      const read = readGateForm(defaults, form, admin);
      return read.ok ? null : read.error;
    };
    expect(refusal({ minScore: '349' })).toEqual({
      key: 'gate.err.score',
      params: { value: '349', min: 350, max: 950 },
    });
    expect(refusal({ timeout: '59s' })).toEqual({ key: 'gate.err.timeoutRange', params: {} });
    expect(refusal({ timeout: '8d' })).toEqual({ key: 'gate.err.timeoutRange', params: {} });
    expect(refusal({ cooldown: 'later' })?.key).toBe('command.badDuration');
    expect(refusal({ passmark: '-1' })?.key).toBe('gate.err.passmark');
    expect(refusal({ vouchMinScore: '300' })?.key).toBe('command.intRange');
    expect(refusal({ failPolicy: 'panic' })?.key).toBe('command.badChoice');
  });
});

describe('the question form', () => {
  it('reads options one per line, * marking the right ones, and shows a question back the same way', () => {
    const read = readQuestionForm({ prompt: ' Which city? ', options: 'Beijing\r\n\n*Hangzhou\n' });
    expect(read).toEqual({
      ok: true,
      value: { kind: 'choice', prompt: 'Which city?', options: ['Beijing', 'Hangzhou'], correct: [1] },
    });
    if (read.ok)
      expect(questionFormOf(read.value)).toEqual({ prompt: 'Which city?', options: 'Beijing\n*Hangzhou' });
    expect(readQuestionForm({ prompt: 'Why?', options: '' })).toEqual({
      ok: true,
      value: { kind: 'text', prompt: 'Why?', options: [], correct: [] },
    });
  });

  it('refuses what /question add refuses, and the separator inside a field', () => {
    const key = (prompt: string, options: string) => {
      const read = readQuestionForm({ prompt, options });
      return read.ok ? null : read.error.key;
    };
    expect(key('Which?', 'a\nb')).toBe('question.err.noCorrect');
    expect(key('x'.repeat(301), '')).toBe('question.err.promptLong');
    expect(key('Which?', Array.from({ length: 11 }, (_, i) => `*${i}`).join('\n'))).toBe(
      'question.err.tooManyOptions',
    );
    expect(key('Which?', '*a|b\nc')).toBe('dashboard.question.err.pipe');
    expect(key('', '*a\nb')).toBe('dashboard.question.err.empty');
  });
});
