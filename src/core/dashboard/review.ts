import type { Circle } from '../circle.js';
import type { CreditReport } from '../credit/report.js';
import { labelOf } from '../format.js';
import type { GateFlow } from '../gate/flow.js';
import type { Answer, Application, QuestionSnapshot, Reason } from '../gate/repo.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';

/** One application waiting for an admin, with everything the chat's review item shows. */
export interface ReviewItem {
  readonly application: Application;
  readonly applicant: MemberRecord;
  readonly applicantLabel: string;
  /** Each question as the applicant saw it, with their answer (`null` when unanswered). */
  readonly answers: ReadonlyArray<{ readonly question: QuestionSnapshot; readonly answer: Answer | null }>;
  readonly credit: CreditReport | null;
  /** Why it waits for an admin. */
  readonly reason: Reason | null;
  readonly vouchers: readonly string[];
}

/** The circle's review queue, oldest first. */
export async function reviewQueue(store: Store, circle: Circle): Promise<ReviewItem[]> {
  const pending = await store.gate.inReview(circle.id);
  const items: ReviewItem[] = [];
  for (const application of pending) {
    const applicant = await store.members.byId(application.memberId);
    if (!applicant) continue;
    const vouches = await store.gate.vouchesFor(circle.id, applicant.id);
    const vouchers = await Promise.all(vouches.map((v) => store.members.byId(v.voucherId)));
    items.push({
      application,
      applicant,
      applicantLabel: labelOf(applicant),
      answers: application.questions.map((question, i) => ({
        question,
        answer: application.answers[i] ?? null,
      })),
      credit: application.credit,
      reason: application.reason,
      vouchers: vouchers.flatMap((m) => (m ? [labelOf(m)] : [])),
    });
  }
  return items;
}

export type DecisionOutcome = 'approved' | 'declined' | 'paying' | 'already' | 'unknown';

/**
 * An admin's decision from the dashboard, through the gate flow exactly as a chat button or `/approve`:
 * the verdict is stored with its audit row, then the platform is told and the applicant hears of it.
 * `unknown` for another circle's application or none; `already` when someone decided first.
 */
export async function decideFromDashboard(
  deps: { readonly store: Store; readonly flow: Pick<GateFlow, 'decideByAdmin'> },
  circle: Circle,
  admin: MemberRecord,
  applicationId: number,
  approve: boolean,
  note?: string,
): Promise<DecisionOutcome> {
  const application = await deps.store.gate.application(applicationId);
  if (application?.circleId !== circle.id) return 'unknown';
  const decided = await deps.flow.decideByAdmin(circle, application, admin, approve, note || undefined);
  if (!decided) return 'already';
  return decided.state === 'paying' ? 'paying' : approve ? 'approved' : 'declined';
}
