import { type Lang, t } from '../i18n/index.js';
import { formatPrice } from '../market/money.js';
import type { PersonalData } from './repo.js';

/** The export as a JSON file: everything, Dates as ISO strings, stable key order. */
export function exportJson(data: PersonalData, at: Date): Uint8Array {
  const document = { format: 'circlebot.mydata/1', exportedAt: at.toISOString(), ...data };
  return new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`);
}

/** `89.00 CNY · 100 XTR`, or empty for none. */
const formatAll = (sums: ReadonlyMap<string, number>) =>
  [...sums].map(([currency, minor]) => formatPrice({ minor, currency })).join(' · ');

/** A short readable summary of the export, in the member's language. */
export function exportSummary(lang: Lang, data: PersonalData): string {
  const points = data.points.reduce((sum, p) => sum + p.points, 0);
  // What was paid (refunded payments too) and, apart, what was given back, so neither hides the other.
  const paid = new Map<string, number>();
  const refunded = new Map<string, number>();
  for (const p of data.payments) {
    paid.set(p.currency, (paid.get(p.currency) ?? 0) + p.amountMinor);
    if (p.refundedMinor > 0) refunded.set(p.currency, (refunded.get(p.currency) ?? 0) + p.refundedMinor);
  }
  const amounts = formatAll(paid);
  return [
    t(lang, 'privacy.mydata.header'),
    t(lang, 'privacy.mydata.memberships', { count: data.memberships.length }),
    t(lang, 'privacy.mydata.points', { points, circles: data.points.length }),
    t(lang, 'privacy.mydata.applications', {
      count: data.applications.length,
      answers: data.applications.reduce((n, a) => n + a.answers.length, 0),
    }),
    t(lang, 'privacy.mydata.credit', { count: data.creditReports.length }),
    t(lang, 'privacy.mydata.vouches', {
      given: data.vouchesGiven.length,
      received: data.vouchesReceived.length,
    }),
    t(lang, 'privacy.mydata.checkins', { count: data.checkins.length }),
    t(lang, 'privacy.mydata.payments', {
      count: data.payments.length,
      amounts: amounts || '—',
      refunded: formatAll(refunded),
    }),
    t(lang, 'privacy.mydata.clicks', { count: data.clicks.length }),
    t(lang, 'privacy.mydata.reminders', {
      nudges: data.reminders.nudges.length,
      quiet: data.reminders.quietSince !== null,
    }),
  ].join('\n');
}
