import type { Circle } from '../circle.js';
import type { Application, Decision, Reason } from './repo.js';

/**
 * The decisions the gate takes other than by grading (`judge`): an admin's, and the circle's timeout
 * policy. Pure: the flow stores what they say.
 */

/**
 * An admin approves or declines. Approving one still being screened leaves the entry fee to pay where the
 * circle asks for one (`payingNext`); approving one already `paying` waives it.
 */
export function adminDecision(
  application: Application,
  admin: { readonly id: number; readonly label: string },
  approve: boolean,
  opts: { readonly note?: string | undefined; readonly paymentRequired: boolean; readonly at: Date },
): Decision {
  const params: Reason['params'] = { admin: admin.label };
  if (opts.note) params.note = opts.note.slice(0, 200);
  const base = { credit: application.credit, decidedBy: admin.id, at: opts.at };
  if (approve && application.state !== 'paying' && opts.paymentRequired) {
    return { ...base, state: 'paying', reason: { key: 'gate.reason.awaitingPayment', params } };
  }
  const key = approve
    ? 'gate.reason.adminApproved'
    : opts.note
      ? 'gate.reason.adminDeclinedNote'
      : 'gate.reason.adminDeclined';
  return { ...base, state: approve ? 'approved' : 'declined', reason: { key, params } };
}

/** The answer (or payment) deadline passed: the admins review it, or it expires (the circle's policy). */
export function timeoutDecision(circle: Circle, application: Application, at: Date): Decision {
  const gate = circle.settings.gate;
  return {
    state: gate.onTimeout === 'review' ? 'review' : 'expired',
    reason: {
      key: application.state === 'paying' ? 'gate.reason.paymentTimeout' : 'gate.reason.timeout',
      params: { minutes: Math.round(gate.timeoutMs / 60_000) },
    },
    credit: null,
    decidedBy: null,
    at,
  };
}
