import { type Lang, t } from '../i18n/index.js';
import type { Button, OutMessage } from '../port.js';
import { formatPrice } from './money.js';
import type { Offer, OfferClicks, PaymentTotals } from './repo.js';

/** Offers `/offers` shows at once; buttons go two to a row (Discord allows five rows). */
export const OFFERS_SHOWN = 10;

export const priceOf = (offer: Offer): string =>
  formatPrice({ minor: offer.priceMinor, currency: offer.currency });

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** The message `/offer post` puts in the circle: label, title and price, description, one URL button. */
export function offerPost(lang: Lang, offer: Offer, url: string): OutMessage {
  const lines = [t(lang, 'market.post.headline', { title: offer.title, price: priceOf(offer) })];
  if (offer.sponsored) lines.unshift(t(lang, 'market.post.sponsored'));
  if (offer.description) lines.push(offer.description);
  return { text: lines.join('\n'), buttons: [[{ label: t(lang, 'market.post.button'), url }]] };
}

/** `/offer list` for admins: every live offer with its merchant URL and tracked link. */
export function offerListText(lang: Lang, offers: readonly Offer[], link: (o: Offer) => string | null) {
  if (offers.length === 0) return t(lang, 'market.none');
  const lines = [t(lang, 'market.list.header')];
  for (const offer of offers) {
    lines.push(
      t(lang, 'market.list.line', {
        id: offer.id,
        title: offer.title,
        price: priceOf(offer),
        sponsored: offer.sponsored ? t(lang, 'market.list.sponsored') : '',
      }),
      t(lang, 'market.list.url', { url: offer.url }),
    );
    const tracked = link(offer);
    if (tracked) lines.push(t(lang, 'market.list.link', { url: tracked }));
  }
  if (offers.some((o) => link(o) === null)) lines.push(t(lang, 'market.linksOff'));
  return lines.join('\n');
}

/**
 * `/offers` for members: the newest offers with their descriptions, and a button each through its tracked
 * link (`link` builds it: personal in a DM, plain in the group). Without links the list says so.
 */
export function offersMessage(
  lang: Lang,
  circle: string,
  offers: readonly Offer[],
  link: (o: Offer) => string | null,
): OutMessage {
  if (offers.length === 0) return { text: t(lang, 'market.offers.none') };
  const shown = [...offers].reverse().slice(0, OFFERS_SHOWN);
  const lines = [t(lang, 'market.offers.header', { circle })];
  const buttons: Button[] = [];
  for (const [i, offer] of shown.entries()) {
    lines.push(
      t(lang, 'market.offers.line', {
        n: i + 1,
        title: offer.title,
        price: priceOf(offer),
        sponsored: offer.sponsored ? t(lang, 'market.offers.sponsored') : '',
      }),
    );
    if (offer.description) lines.push(`    ${clip(offer.description, 200)}`);
    const url = link(offer);
    if (url) buttons.push({ label: `${i + 1}. ${clip(offer.title, 30)}`, url });
  }
  if (offers.length > shown.length) {
    lines.push(t(lang, 'market.offers.more', { count: offers.length - shown.length }));
  }
  if (buttons.length === 0) lines.push(t(lang, 'market.offers.noLinks'));
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return rows.length > 0 ? { text: lines.join('\n'), buttons: rows } : { text: lines.join('\n') };
}

export const REVENUE_PERIODS = ['7d', '30d', 'all'] as const;
export type RevenuePeriod = (typeof REVENUE_PERIODS)[number];

/** Where a period starts; `null` for all time. */
export function periodStart(period: RevenuePeriod, now: Date): Date | null {
  const days = period === '7d' ? 7 : period === '30d' ? 30 : null;
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}

/**
 * What `/revenue` reports for a period. Each measure is its own section, rendered only from what exists:
 * payments per currency and conversion join as sections (and `OfferClicks`-like rows) when they land.
 */
export interface RevenueReport {
  readonly circle: string;
  readonly period: RevenuePeriod;
  readonly clicks: readonly OfferClicks[];
  readonly payments: readonly PaymentTotals[];
  /** Every offer the rows name, removed ones included. */
  readonly offers: ReadonlyMap<number, Offer>;
}

function clicksSection(lang: Lang, report: RevenueReport): string[] {
  if (report.clicks.length === 0) return [t(lang, 'market.revenue.noClicks')];
  const lines = [t(lang, 'market.revenue.clicks')];
  let total = 0;
  for (const row of report.clicks) {
    const offer = report.offers.get(row.offerId);
    total += row.clicks;
    lines.push(
      `  ${t(lang, 'market.revenue.line', {
        id: row.offerId,
        title: offer?.title ?? '?',
        clicks: row.clicks,
        members: row.members,
        removed: offer?.removedAt ? t(lang, 'market.revenue.removed') : '',
      })}`,
    );
  }
  lines.push(t(lang, 'market.revenue.total', { clicks: total }));
  return lines;
}

/**
 * `300.00 CNY · 150 XTR`: sums per currency, in the order the rows come. A currency summing to 0 is left
 * out, unless `zeros` (a net of 0.00 CNY after refunds is worth saying).
 */
function perCurrency(
  rows: readonly PaymentTotals[],
  amount: (row: PaymentTotals) => number,
  zeros = false,
): string {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.currency, (sums.get(row.currency) ?? 0) + amount(row));
  return [...sums]
    .filter(([, minor]) => zeros || minor > 0)
    .map(([currency, minor]) => formatPrice({ minor, currency }))
    .join(' · ');
}

const countOf = (rows: readonly PaymentTotals[], pick: (row: PaymentTotals) => number) =>
  rows.reduce((n, row) => n + pick(row), 0);

/** Payments of the rows, refunded ones included (their amounts are in the gross). */
const paymentsOf = (rows: readonly PaymentTotals[]) => countOf(rows, (r) => r.completed + r.refunded);

/** What some rows came to: the net alone, or with what was paid and refunded when anything was refunded. */
function amountsOf(lang: Lang, rows: readonly PaymentTotals[]): string {
  return t(lang, 'market.revenue.amounts', {
    net: perCurrency(rows, (r) => r.netMinor, true),
    gross: perCurrency(rows, (r) => r.grossMinor),
    refunded: perCurrency(rows, (r) => r.refundedMinor),
  });
}

/** Gross, refunded and net per currency, then entry fees and each offer bought, net of refunds. */
function paymentsSection(lang: Lang, report: RevenueReport): string[] {
  const rows = report.payments;
  const count = paymentsOf(rows);
  if (count === 0) return [t(lang, 'market.revenue.noPayments')];
  const lines = [t(lang, 'market.revenue.payments')];
  const line = (text: string) => lines.push(`  ${text}`);
  line(t(lang, 'market.revenue.gross', { count, amount: perCurrency(rows, (r) => r.grossMinor) }));
  const refunds = countOf(rows, (r) => r.refunded + r.partlyRefunded);
  if (refunds > 0) {
    line(
      t(lang, 'market.revenue.refunded', {
        count: refunds,
        amount: perCurrency(rows, (r) => r.refundedMinor),
      }),
    );
  }
  line(t(lang, 'market.revenue.net', { amount: perCurrency(rows, (r) => r.netMinor, true) }));
  const entry = rows.filter((r) => r.purpose === 'entry');
  if (paymentsOf(entry) > 0) {
    line(t(lang, 'market.revenue.entry', { count: paymentsOf(entry), amount: amountsOf(lang, entry) }));
  }
  const offerIds = [...new Set(rows.flatMap((r) => (r.offerId === null ? [] : [r.offerId])))];
  for (const id of offerIds) {
    const mine = rows.filter((r) => r.offerId === id);
    const paid = paymentsOf(mine);
    if (paid === 0) continue;
    const payers = countOf(mine, (r) => r.payers);
    const clicked = report.clicks.find((c) => c.offerId === id)?.members ?? 0;
    const conversion =
      clicked > 0
        ? t(lang, 'market.revenue.conversion', {
            payers,
            members: clicked,
            percent: Math.round((Math.min(payers, clicked) * 100) / clicked),
          })
        : '';
    line(
      t(lang, 'market.revenue.offer', {
        id,
        title: report.offers.get(id)?.title ?? '?',
        count: paid,
        amount: amountsOf(lang, mine),
        conversion,
      }),
    );
  }
  return lines;
}

export function revenueText(lang: Lang, report: RevenueReport): string {
  const sections = [
    [
      t(lang, 'market.revenue.header', {
        circle: report.circle,
        period: t(lang, `market.revenue.period.${report.period}`),
      }),
    ],
    clicksSection(lang, report),
    paymentsSection(lang, report),
  ];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}
