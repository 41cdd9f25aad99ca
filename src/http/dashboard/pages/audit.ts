import type { Circle } from '../../../core/circle.js';
import type { AuditLine } from '../../../core/dashboard/reports.js';
import { formatTime } from '../../../core/format.js';
import { renderReason } from '../../../core/gate/render.js';
import type { Reason } from '../../../core/gate/repo.js';
import type { Lang } from '../../../core/i18n/index.js';
import { html } from '../html.js';
import { page, type View } from '../layout.js';

const isReason = (value: unknown): value is Reason =>
  typeof value === 'object' && value !== null && typeof (value as Reason).key === 'string';

/** A row's detail in words: a verdict's reason in the reader's language, else the recorded fields. */
function detailOf(lang: Lang, detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  if (isReason(detail.reason))
    return renderReason(lang, { key: detail.reason.key, params: detail.reason.params ?? {} });
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ')
    .slice(0, 300);
}

/** The newest audit rows: when, who, what, whom, why. */
export function auditPage(view: View, circle: Circle, lines: readonly AuditLine[]): string {
  const { t, lang } = view;
  const body =
    lines.length === 0
      ? html`<p class="muted">${t('dashboard.audit.none')}</p>`
      : html`<div class="table-wrap"><table>
        <thead><tr><th>${t('dashboard.audit.when')}</th><th>${t('dashboard.audit.who')}</th><th>${t('dashboard.audit.what')}</th>
        <th>${t('dashboard.audit.whom')}</th><th>${t('dashboard.audit.detail')}</th></tr></thead>
        <tbody>${lines.map(
          ({ entry, actor, target }) => html`<tr>
            <td>${formatTime(entry.at)}</td><td>${actor ?? t('dashboard.audit.bot')}</td><td><code>${entry.action}</code></td>
            <td>${target ?? ''}</td><td>${detailOf(lang, entry.detail)}</td></tr>`,
        )}</tbody></table></div>`;
  return page(view, { title: t('dashboard.nav.audit'), circle, tab: 'audit', body });
}
