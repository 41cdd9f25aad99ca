import type { Circle } from '../../../core/circle.js';
import type { LeaderboardPeriod, LeaderRow, MembersReport } from '../../../core/dashboard/reports.js';
import { formatTime } from '../../../core/format.js';
import { html } from '../html.js';
import { circlePath, page, type View } from '../layout.js';

/** Members with search and pages: status, level, points, credit, when they joined. */
export function membersPage(view: View, circle: Circle, report: MembersReport, search: string): string {
  const { t } = view;
  const base = circlePath(circle, 'members');
  const link = (p: number) =>
    `${base}?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(p) })}`;
  const rows = report.rows.map(
    (row) => html`<tr>
      <td>${row.label}</td>
      <td>${t(`dashboard.status.${row.status}`)}</td>
      <td class="num">${row.level}</td>
      <td class="num">${row.points}</td>
      <td class="num">${row.credit ?? '—'}</td>
      <td>${row.joinedAt ? formatTime(row.joinedAt).slice(0, 10) : '—'}</td>
    </tr>`,
  );
  const body = html`<form class="card" method="get" action="${base}" role="search">
      <label for="q">${t('dashboard.members.search')}</label>
      <div class="actions"><input type="search" id="q" name="q" value="${search}" maxlength="100">
      <button type="submit">${t('dashboard.members.searchButton')}</button></div>
    </form>
    <p class="muted">${t('dashboard.members.count', { total: report.total })}</p>
    ${
      report.rows.length === 0
        ? html`<p>${t('dashboard.members.none')}</p>`
        : html`<div class="table-wrap"><table>
          <thead><tr><th>${t('dashboard.members.member')}</th><th>${t('dashboard.members.status')}</th>
          <th class="num">${t('dashboard.members.level')}</th><th class="num">${t('dashboard.members.points')}</th>
          <th class="num">${t('dashboard.members.credit')}</th><th>${t('dashboard.members.joined')}</th></tr></thead>
          <tbody>${rows}</tbody></table></div>`
    }
    <nav class="pager">
      ${report.page > 1 ? html`<a href="${link(report.page - 1)}" rel="prev">${t('dashboard.prev')}</a>` : null}
      <span>${t('dashboard.page', { page: report.page, pages: report.pages })}</span>
      ${report.page < report.pages ? html`<a href="${link(report.page + 1)}" rel="next">${t('dashboard.next')}</a>` : null}
    </nav>`;
  return page(view, { title: t('dashboard.nav.members'), circle, tab: 'members', body });
}

const LEADER_PERIODS: readonly LeaderboardPeriod[] = ['all', '30d', '7d'];

/** The top members, by total or by points earned in the last 30 or 7 days. */
export function leaderboardPage(
  view: View,
  circle: Circle,
  period: LeaderboardPeriod,
  rows: readonly LeaderRow[],
): string {
  const { t } = view;
  const base = circlePath(circle, 'leaderboard');
  const periods = html`<p class="periods">${t('dashboard.period')}: ${LEADER_PERIODS.map(
    (p) =>
      html`<a href="${base}?period=${p}"${p === period ? html` aria-current="true"` : null}>${t(`dashboard.period.${p}`)}</a>`,
  )}</p>`;
  const table =
    rows.length === 0
      ? html`<p class="muted">${t('dashboard.leaderboard.none')}</p>`
      : html`<div class="table-wrap"><table>
        <thead><tr><th class="num">${t('dashboard.leaderboard.rank')}</th><th>${t('dashboard.members.member')}</th>
        <th class="num">${t('dashboard.members.level')}</th><th class="num">${t('dashboard.members.points')}</th></tr></thead>
        <tbody>${rows.map(
          (r) =>
            html`<tr><td class="num">${r.rank}</td><td>${r.label}</td><td class="num">${r.level}</td><td class="num">${r.points}</td></tr>`,
        )}</tbody></table></div>`;
  return page(view, {
    title: t('dashboard.nav.leaderboard'),
    circle,
    tab: 'leaderboard',
    body: html`${periods}${table}`,
  });
}
