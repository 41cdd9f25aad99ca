import { type Circle, circleName } from '../circle.js';
import { labelOf } from '../format.js';
import { t } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { ChatPort, OutMessage } from '../port.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import { factorSummary } from './present.js';
import { renderReason } from './render.js';
import type { Application } from './repo.js';

/** Button data for an admin's decision on a review item. */
export const reviewData = (id: number, approve: boolean) => `gate:r:${id}:${approve ? 'a' : 'd'}`;

/** Sends a review item with Approve/Decline to the review chat, or privately to the reviewing admin. */
export async function postReviewItem(
  deps: { readonly store: Store; readonly log: Logger },
  port: ChatPort,
  circle: Circle,
  applicant: MemberRecord,
  application: Application,
): Promise<void> {
  const { store, log } = deps;
  const gate = circle.settings.gate;
  const message: OutMessage = {
    text: await reviewText(store, circle, applicant, application),
    buttons: [
      [
        { label: t(circle.lang, 'gate.review.approve'), data: reviewData(application.id, true) },
        { label: t(circle.lang, 'gate.review.decline'), data: reviewData(application.id, false) },
      ],
    ],
  };
  let sent = null;
  if (gate.reviewChat) sent = await port.send(gate.reviewChat, message);
  else if (gate.reviewAdmin) sent = await port.sendDirect(gate.reviewAdmin, message);
  if (sent) await store.gate.setReviewMessage(application.id, sent.chat, sent.messageId);
  else
    log.warn(
      { circleId: circle.id, applicationId: application.id },
      'no review chat or admin reachable; see /review',
    );
}

/** Everything an admin needs to decide: answers, credit, vouches, and why it waits. */
export async function reviewText(
  store: Store,
  circle: Circle,
  applicant: MemberRecord,
  application: Application,
): Promise<string> {
  const lang = circle.lang;
  const lines = [
    t(lang, 'gate.review.header', {
      id: application.id,
      applicant: labelOf(applicant),
      circle: circleName(circle),
    }),
  ];
  if (application.reason && application.state === 'review') {
    lines.push(t(lang, 'gate.review.reason', { reason: renderReason(lang, application.reason) }));
  }
  for (const [i, question] of application.questions.entries()) {
    const answer = application.answers[i];
    const mark = answer?.correct === true ? ' ✓' : answer?.correct === false ? ' ✗' : '';
    lines.push(
      `${i + 1}. ${question.prompt}`,
      `   → ${answer ? answer.text : t(lang, 'gate.review.noAnswer')}${mark}`,
    );
  }
  const credit = application.credit;
  lines.push(
    credit
      ? t(lang, 'gate.review.credit', {
          score: credit.score,
          source: credit.source,
          factors: factorSummary(credit.factors),
        })
      : t(lang, 'gate.review.noCredit'),
  );
  const vouches = await store.gate.vouchesFor(circle.id, applicant.id);
  const vouchers = await Promise.all(vouches.map((v) => store.members.byId(v.voucherId)));
  const names = vouchers.flatMap((m) => (m ? [labelOf(m)] : []));
  lines.push(
    t(lang, 'gate.review.vouches', {
      vouchers: names.length > 0 ? names.join(', ') : t(lang, 'generic.none'),
    }),
  );
  return lines.join('\n');
}
