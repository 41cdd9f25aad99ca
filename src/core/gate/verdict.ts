import type { CreditReport } from '../credit/report.js';
import type { CreditAssessment } from '../credit/service.js';
import type { Grade } from './grading.js';
import type { Reason } from './repo.js';
import type { GateSettings } from './settings.js';

export interface Verdict {
  readonly state: 'approved' | 'declined' | 'review';
  readonly reason: Reason;
  readonly credit: CreditReport | null;
}

/**
 * The gate's rules, in order: wrong answers decline; a failing credit provider follows the fail policy;
 * a score under the threshold or a missing verified flag declines; text answers and review mode wait for
 * an admin; everything else is approved. Pure: same inputs, same verdict.
 */
export function judge(settings: GateSettings, graded: Grade, credit: CreditAssessment): Verdict {
  const report = credit.ok ? credit.report : null;
  if (!graded.passed) {
    return declined('gate.reason.wrongAnswers', { right: graded.right, needed: graded.needed }, report);
  }
  if (!credit.ok) {
    const providers = credit.failures.map((f) => f.provider).join(', ');
    if (settings.failPolicy === 'decline') return declined('gate.reason.creditDown', { providers }, null);
    if (settings.failPolicy === 'review') return review('gate.reason.creditDown', { providers }, null);
  }
  if (report && settings.minScore !== null && report.score < settings.minScore) {
    return declined('gate.reason.lowScore', { score: report.score, min: settings.minScore }, report);
  }
  if (settings.requireVerified && report?.verified !== true) {
    return declined('gate.reason.notVerified', {}, report);
  }
  if (graded.hasText) return review('gate.reason.textAnswers', {}, report);
  if (settings.mode === 'review') return review('gate.reason.reviewMode', {}, report);
  return {
    state: 'approved',
    reason: {
      key: credit.ok ? 'gate.reason.passed' : 'gate.reason.passedNoCredit',
      params: { right: graded.right, total: graded.choiceCount, score: report?.score ?? 0 },
    },
    credit: report,
  };
}

function declined(key: string, params: Reason['params'], credit: CreditReport | null): Verdict {
  return { state: 'declined', reason: { key, params }, credit };
}

function review(key: string, params: Reason['params'], credit: CreditReport | null): Verdict {
  return { state: 'review', reason: { key, params }, credit };
}
