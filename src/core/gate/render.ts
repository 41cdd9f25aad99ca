import type { CreditReport } from '../credit/report.js';
import { formatTime } from '../format.js';
import { type Lang, t, tDynamic } from '../i18n/index.js';
import type { Reason } from './repo.js';

export function renderReason(lang: Lang, reason: Reason): string {
  return tDynamic(lang, reason.key, reason.params);
}

/** A credit report with every factor, as the member (or an admin reviewing them) sees it. */
export function renderCredit(lang: Lang, report: CreditReport): string[] {
  const verified =
    report.verified === null
      ? t(lang, 'generic.none')
      : t(lang, report.verified ? 'generic.yes' : 'generic.no');
  const lines = [
    t(lang, 'credit.header', { score: report.score, source: report.source }),
    t(lang, 'credit.verified', { verified }),
  ];
  for (const factor of report.factors) {
    const label = tDynamic(lang, `credit.factor.${factor.key}`, { value: factor.value });
    const points =
      factor.key === 'base' || factor.key === 'external' ? String(factor.points) : signed(factor.points);
    lines.push(t(lang, 'credit.factorLine', { label, points }));
  }
  lines.push(t(lang, 'credit.checkedAt', { at: formatTime(report.fetchedAt) }));
  return lines;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
