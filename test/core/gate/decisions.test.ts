import { describe, expect, it } from 'vitest';
import { type Circle, defaultCircleSettings } from '../../../src/core/circle.js';
import { adminDecision, timeoutDecision } from '../../../src/core/gate/decisions.js';
import type { Application, ApplicationState } from '../../../src/core/gate/repo.js';

const AT = new Date(Date.UTC(2026, 10, 25, 12));
const ADMIN = { id: 9, label: '@olivia' };

function application(state: ApplicationState): Application {
  return {
    id: 1,
    circleId: 1,
    memberId: 2,
    state,
    questions: [],
    answers: [],
    credit: null,
    reason: null,
    decidedBy: null,
    reviewMessage: null,
    createdAt: AT,
    deadline: AT,
    decidedAt: null,
  };
}

function circle(onTimeout: 'decline' | 'review'): Circle {
  const settings = defaultCircleSettings();
  return {
    id: 1,
    chat: { platform: 'telegram', id: '-1001' },
    title: 'Tea lovers',
    lang: 'en',
    settings: { ...settings, gate: { ...settings.gate, onTimeout, timeoutMs: 10 * 60_000 } },
  } as Circle;
}

describe('decisions other than grading', () => {
  it('an admin approving lets the applicant in, or asks for the fee first where the circle charges one', () => {
    const free = adminDecision(application('review'), ADMIN, true, { paymentRequired: false, at: AT });
    expect(free).toMatchObject({
      state: 'approved',
      decidedBy: 9,
      reason: { key: 'gate.reason.adminApproved' },
    });
    const paid = adminDecision(application('review'), ADMIN, true, { paymentRequired: true, at: AT });
    expect(paid).toMatchObject({ state: 'paying', reason: { key: 'gate.reason.awaitingPayment' } });
    // Approving one already waiting to pay waives the fee.
    const waived = adminDecision(application('paying'), ADMIN, true, { paymentRequired: true, at: AT });
    expect(waived.state).toBe('approved');
  });

  it('an admin declining says who, and their note (at most 200 characters) when they gave one', () => {
    expect(
      adminDecision(application('review'), ADMIN, false, { paymentRequired: true, at: AT }),
    ).toMatchObject({
      state: 'declined',
      reason: { key: 'gate.reason.adminDeclined', params: { admin: '@olivia' } },
    });
    const noted = adminDecision(application('asking'), ADMIN, false, {
      note: 'x'.repeat(300),
      paymentRequired: false,
      at: AT,
    });
    expect(noted.reason.key).toBe('gate.reason.adminDeclinedNote');
    expect(String(noted.reason.params.note)).toHaveLength(200);
  });

  it('a deadline expires the application, or sends it to review, as the circle says; paying says so', () => {
    expect(timeoutDecision(circle('decline'), application('asking'), AT)).toMatchObject({
      state: 'expired',
      reason: { key: 'gate.reason.timeout', params: { minutes: 10 } },
      decidedBy: null,
    });
    expect(timeoutDecision(circle('review'), application('paying'), AT)).toMatchObject({
      state: 'review',
      reason: { key: 'gate.reason.paymentTimeout' },
    });
  });
});
