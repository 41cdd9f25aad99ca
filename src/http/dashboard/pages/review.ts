import type { Circle } from '../../../core/circle.js';
import type { ReviewItem } from '../../../core/dashboard/review.js';
import { formatTime } from '../../../core/format.js';
import { renderReason } from '../../../core/gate/render.js';
import { tDynamic } from '../../../core/i18n/index.js';
import { html } from '../html.js';
import { circlePath, csrfField, type Flash, page, type View } from '../layout.js';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function item(view: View, circle: Circle, entry: ReviewItem) {
  const { t, lang } = view;
  const { application, credit } = entry;
  const answers = entry.answers.map(({ question, answer }) => {
    const mark = answer?.correct === true ? ' ✓' : answer?.correct === false ? ' ✗' : '';
    const cls = answer?.correct === true ? 'right' : answer?.correct === false ? 'wrong' : '';
    return html`<li><strong>${question.prompt}</strong><br><span class="${cls}">${answer ? answer.text : t('dashboard.review.noAnswer')}${mark}</span></li>`;
  });
  const factors = credit
    ? html`<ul>${credit.factors.map(
        (f) =>
          html`<li>${tDynamic(lang, `credit.factor.${f.key}`, { value: f.value })}: ${
            f.key === 'base' || f.key === 'external' ? String(f.points) : signed(f.points)
          }</li>`,
      )}</ul>`
    : null;
  return html`<article class="card" id="application-${application.id}">
    <h2>${t('dashboard.review.item', { id: application.id, applicant: entry.applicantLabel })}</h2>
    <p class="muted">${t('dashboard.review.applied', { at: formatTime(application.createdAt) })}</p>
    ${entry.reason ? html`<p>${t('dashboard.review.why', { reason: renderReason(lang, entry.reason) })}</p>` : null}
    ${entry.answers.length > 0 ? html`<h3>${t('dashboard.review.answers')}</h3><ol class="answers">${answers}</ol>` : null}
    <p><strong>${credit ? t('dashboard.review.credit', { score: credit.score, source: credit.source }) : t('dashboard.review.noCredit')}</strong></p>
    ${factors}
    <p>${t('dashboard.review.vouches')}: ${entry.vouchers.length > 0 ? entry.vouchers.join(', ') : t('generic.none')}</p>
    <form class="stack" method="post" action="${circlePath(circle, 'review')}/${application.id}">${csrfField(view)}
      <label for="note-${application.id}">${t('dashboard.review.note')}</label>
      <input type="text" id="note-${application.id}" name="note" maxlength="200" autocomplete="off">
      <div class="actions">
        <button type="submit" name="decision" value="approve">${t('dashboard.review.approve')}</button>
        <button class="danger" type="submit" name="decision" value="decline">${t('dashboard.review.decline')}</button>
      </div>
    </form>
  </article>`;
}

/** Applications waiting for an admin, each with its answers, credit factors, vouches and the two buttons. */
export function reviewPage(
  view: View,
  circle: Circle,
  items: readonly ReviewItem[],
  flash: Flash = null,
): string {
  const { t } = view;
  return page(view, {
    title: t('dashboard.nav.review'),
    circle,
    tab: 'review',
    flash,
    body:
      items.length === 0
        ? html`<p class="muted">${t('dashboard.review.none')}</p>`
        : html`${items.map((entry) => item(view, circle, entry))}`,
  });
}
