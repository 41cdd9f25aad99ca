import { describe, expect, it } from 'vitest';
import type { CreditAssessment } from '../../../src/core/credit/service.js';
import type { Grade } from '../../../src/core/gate/grading.js';
import { type GateSettings, gateSettingsSchema } from '../../../src/core/gate/settings.js';
import { judge } from '../../../src/core/gate/verdict.js';

const settings = (patch: Partial<GateSettings> = {}): GateSettings => ({
  ...gateSettingsSchema.parse({}),
  ...patch,
});
const passed: Grade = { right: 2, choiceCount: 2, needed: 2, passed: true, hasText: false };
const credit = (score: number, verified: boolean | null = null): CreditAssessment => {
  const report = { score, verified, factors: [], source: 'community', fetchedAt: new Date(0) };
  return { ok: true, report, reports: [report] };
};
const down: CreditAssessment = {
  ok: false,
  failures: [{ provider: 'sesame', reason: 'timeout' }],
  reports: [],
};

describe('the verdict', () => {
  it('approves right answers and enough credit, saying why', () => {
    expect(judge(settings({ minScore: 600 }), passed, credit(700))).toMatchObject({
      state: 'approved',
      reason: { key: 'gate.reason.passed', params: { right: 2, total: 2, score: 700 } },
    });
  });

  it('declines wrong answers before looking at credit', () => {
    const wrong = { ...passed, right: 1, passed: false };
    expect(judge(settings(), wrong, down)).toMatchObject({
      state: 'declined',
      reason: { key: 'gate.reason.wrongAnswers' },
    });
  });

  it('declines a score under the threshold and an unverified identity when required', () => {
    expect(judge(settings({ minScore: 600 }), passed, credit(599))).toMatchObject({
      state: 'declined',
      reason: { key: 'gate.reason.lowScore', params: { score: 599, min: 600 } },
    });
    expect(judge(settings({ requireVerified: true }), passed, credit(800, null)).state).toBe('declined');
    expect(judge(settings({ requireVerified: true }), passed, credit(800, true)).state).toBe('approved');
  });

  it('follows the fail policy when a provider is down — never a silent pass', () => {
    expect(judge(settings(), passed, down)).toMatchObject({
      state: 'review',
      reason: { key: 'gate.reason.creditDown' },
    });
    expect(judge(settings({ failPolicy: 'decline' }), passed, down).state).toBe('declined');
    expect(judge(settings({ failPolicy: 'allow' }), passed, down)).toMatchObject({
      state: 'approved',
      reason: { key: 'gate.reason.passedNoCredit' },
    });
    expect(judge(settings({ failPolicy: 'allow', requireVerified: true }), passed, down).state).toBe(
      'declined',
    );
  });

  it('waits for an admin on written answers and in review mode', () => {
    expect(judge(settings(), { ...passed, hasText: true }, credit(700)).state).toBe('review');
    expect(judge(settings({ mode: 'review' }), passed, credit(700)).state).toBe('review');
  });
});
