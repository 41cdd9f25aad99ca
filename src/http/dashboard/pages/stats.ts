import type { Circle } from '../../../core/circle.js';
import { type ActivityReport, dayLabel, type OffersReport } from '../../../core/dashboard/reports.js';
import { formatPrice } from '../../../core/market/money.js';
import { chart } from '../chart.js';
import { html, type SafeHtml } from '../html.js';
import { circlePath, page, type Tab, type View } from '../layout.js';

export const STAT_PERIODS = { '7d': 7, '30d': 30, '90d': 90 } as const;
export type StatPeriod = keyof typeof STAT_PERIODS;

function periods(view: View, circle: Circle, tab: Tab, current: StatPeriod): SafeHtml {
  const base = circlePath(circle, tab);
  return html`<p class="periods">${view.t('dashboard.period')}: ${(
    Object.keys(STAT_PERIODS) as StatPeriod[]
  ).map(
    (p) =>
      html`<a href="${base}?period=${p}"${p === current ? html` aria-current="true"` : null}>${view.t(`dashboard.period.${p}`)}</a>`,
  )}</p>`;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Messages, joins and approvals per day as a chart, with the period's totals. */
export function activityPage(view: View, circle: Circle, period: StatPeriod, report: ActivityReport): string {
  const { t } = view;
  const labels = report.days.map((d) => dayLabel(d).slice(5));
  const series = [
    { name: t('dashboard.activity.messages'), values: report.messages },
    { name: t('dashboard.activity.joins'), values: report.joins },
    { name: t('dashboard.activity.approvals'), values: report.approvals },
  ];
  const first = dayLabel(report.days[0] ?? 0);
  const last = dayLabel(report.days[report.days.length - 1] ?? 0);
  const body = html`${periods(view, circle, 'activity', period)}
    <h2>${t('dashboard.activity.title')}</h2>
    ${chart({
      labels,
      series,
      kind: 'lines',
      title: t('dashboard.chart.label', { what: t('dashboard.activity.title'), from: first, to: last }),
    })}
    <h2>${t('dashboard.activity.totals')}</h2>
    <div class="cards">${series.map(
      (s) =>
        html`<div class="card"><span class="muted">${s.name}</span><span class="big">${sum(s.values)}</span></div>`,
    )}</div>`;
  return page(view, { title: t('dashboard.nav.activity'), circle, tab: 'activity', body });
}

/** Offers with clicks, payments and revenue in the period, and clicks and revenue per day as charts. */
export function offersPage(view: View, circle: Circle, period: StatPeriod, report: OffersReport): string {
  const { t } = view;
  const labels = report.days.map((d) => dayLabel(d).slice(5));
  const first = dayLabel(report.days[0] ?? 0);
  const last = dayLabel(report.days[report.days.length - 1] ?? 0);
  const money = (amounts: ReadonlyArray<{ currency: string; minor: number }>) =>
    amounts.length === 0 ? '—' : amounts.map((a) => formatPrice(a)).join(', ');
  const rows = report.offers.map(
    ({ offer, clicks, members, payments, revenue }) => html`<tr>
      <td>#${offer.id} ${offer.title}${offer.removedAt ? html` <span class="tag">${t('dashboard.offers.removed')}</span>` : null}</td>
      <td class="num">${formatPrice({ minor: offer.priceMinor, currency: offer.currency })}</td>
      <td class="num">${clicks}</td><td class="num">${members}</td><td class="num">${payments}</td>
      <td class="num">${money(revenue)}</td>
    </tr>`,
  );
  const entry =
    report.entry.payments > 0
      ? html`<tr><td>${t('dashboard.offers.entry')}</td><td></td><td></td><td></td>
        <td class="num">${report.entry.payments}</td><td class="num">${money(report.entry.revenue)}</td></tr>`
      : null;
  const table =
    report.offers.length === 0 && entry === null
      ? html`<p class="muted">${t('dashboard.offers.none')}</p>`
      : html`<div class="table-wrap"><table>
        <thead><tr><th>${t('dashboard.offers.offer')}</th><th class="num">${t('dashboard.offers.price')}</th>
        <th class="num">${t('dashboard.offers.clicks')}</th><th class="num">${t('dashboard.offers.members')}</th>
        <th class="num">${t('dashboard.offers.payments')}</th><th class="num">${t('dashboard.offers.revenue')}</th></tr></thead>
        <tbody>${rows}${entry}</tbody></table></div>`;
  const clicksTitle = t('dashboard.offers.clicksChart');
  const body = html`${periods(view, circle, 'offers', period)}
    ${table}
    <h2>${clicksTitle}</h2>
    ${chart({
      labels,
      series: [{ name: t('dashboard.offers.clicks'), values: report.clicksByDay }],
      kind: 'bars',
      title: t('dashboard.chart.label', { what: clicksTitle, from: first, to: last }),
    })}
    ${report.revenueByDay.map(({ currency, minor }) => {
      const title = t('dashboard.offers.revenueChart', { currency });
      return html`<h2>${title}</h2>${chart({
        labels,
        series: [{ name: t('dashboard.offers.revenue'), values: minor }],
        kind: 'bars',
        title: t('dashboard.chart.label', { what: title, from: first, to: last }),
        format: (value) => formatPrice({ minor: Math.round(value), currency }),
      })}`;
    })}`;
  return page(view, { title: t('dashboard.nav.offers'), circle, tab: 'offers', body });
}
