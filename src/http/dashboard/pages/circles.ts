import { type Circle, circleName } from '../../../core/circle.js';
import type { Overview } from '../../../core/dashboard/service.js';
import { html } from '../html.js';
import { circlePath, type Flash, page, type View } from '../layout.js';

/** The circles the signed-in person administers now. */
export function circlesPage(view: View, circles: ReadonlyArray<{ circle: Circle; waiting: number }>): string {
  const { t } = view;
  const onOff = (on: boolean) => t(on ? 'dashboard.choice.on' : 'dashboard.choice.off');
  const body =
    circles.length === 0
      ? html`<div class="card"><p>${t('dashboard.circles.none')}</p></div>`
      : html`<p class="muted">${t('dashboard.circles.intro')}</p>
        ${circles.map(
          ({ circle, waiting }) => html`<div class="card">
            <a href="${circlePath(circle)}"><strong>${circleName(circle)}</strong></a>
            <span class="tag">${circle.chat.platform}</span>
            <span class="muted">${t('dashboard.circles.gate', { state: onOff(circle.settings.gate.enabled) })}</span>
            ${waiting > 0 ? html` · <a href="${circlePath(circle, 'review')}">${t('dashboard.overview.waiting')}: ${waiting}</a>` : null}
          </div>`,
        )}`;
  return page(view, { title: t('dashboard.circles.title'), body });
}

/** A circle's home: the gate at a glance and the counts that need attention. */
export function overviewPage(view: View, circle: Circle, overview: Overview, flash: Flash = null): string {
  const { t } = view;
  const card = (label: string, value: string | number, href: string, extra?: string) =>
    html`<a class="card" href="${href}"><span class="muted">${label}</span><span class="big">${value}</span>${
      extra ? html`<span class="muted">${extra}</span>` : null
    }</a>`;
  const gate = overview.gate;
  return page(view, {
    title: circleName(circle),
    circle,
    tab: 'overview',
    flash,
    body: html`<div class="cards">
      ${card(
        t('dashboard.overview.gate'),
        t(gate.enabled ? 'dashboard.choice.on' : 'dashboard.choice.off'),
        circlePath(circle, 'gate'),
        t('dashboard.overview.mode', { mode: gate.mode }),
      )}
      ${card(t('dashboard.overview.questions'), overview.questions, circlePath(circle, 'gate'))}
      ${card(t('dashboard.overview.waiting'), overview.waiting, circlePath(circle, 'review'))}
      ${card(t('dashboard.overview.members'), overview.members, circlePath(circle, 'members'))}
      ${card(t('dashboard.overview.offers'), overview.offers, circlePath(circle, 'offers'))}
    </div>`,
  });
}
