import type { Circle } from '../circle.js';
import { labelOf } from '../format.js';
import type { Offer } from '../market/repo.js';
import type { AuditEntry, MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import type { MemberRow } from './repo.js';

const DAY_MS = 86_400_000;

/** The UTC day numbers of the last `days` days up to and including the day holding `now`. */
export function lastDays(now: Date, days: number): number[] {
  const today = Math.floor(now.getTime() / DAY_MS);
  return Array.from({ length: days }, (_, i) => today - days + 1 + i);
}

/** `2026-01-31` for a UTC day number. */
export const dayLabel = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Messages, joins and approvals per day over the period, every day present (zeros included). */
export interface ActivityReport {
  readonly days: readonly number[];
  readonly messages: readonly number[];
  readonly joins: readonly number[];
  readonly approvals: readonly number[];
}

export async function activityReport(
  store: Store,
  circle: Circle,
  now: Date,
  days: number,
): Promise<ActivityReport> {
  const range = lastDays(now, days);
  const rows = await store.dashboard.activity(circle.id, range[0]!, range[range.length - 1]!);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return {
    days: range,
    messages: range.map((d) => byDay.get(d)?.messages ?? 0),
    joins: range.map((d) => byDay.get(d)?.joins ?? 0),
    approvals: range.map((d) => byDay.get(d)?.approvals ?? 0),
  };
}

export const MEMBERS_PAGE = 25;

export interface MembersReport {
  readonly rows: ReadonlyArray<MemberRow & { readonly label: string; readonly credit: number | null }>;
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

/** A page of members with their current credit (`null` when a provider cannot say now). */
export async function membersReport(
  store: Store,
  credit: (member: MemberRecord) => Promise<number | null>,
  circle: Circle,
  search: string,
  page: number,
): Promise<MembersReport> {
  const current = Math.max(1, Math.floor(page) || 1);
  const found = await store.dashboard.members(circle.id, {
    search: search.slice(0, 100),
    limit: MEMBERS_PAGE,
    offset: (current - 1) * MEMBERS_PAGE,
  });
  const scores = await Promise.all(found.rows.map((row) => credit(row.member).catch(() => null)));
  return {
    rows: found.rows.map((row, i) => ({ ...row, label: labelOf(row.member), credit: scores[i] ?? null })),
    total: found.total,
    page: current,
    pages: Math.max(1, Math.ceil(found.total / MEMBERS_PAGE)),
  };
}

export type LeaderboardPeriod = 'all' | '30d' | '7d';

export interface LeaderRow {
  readonly rank: number;
  readonly label: string;
  readonly points: number;
  readonly level: number;
}

/** The top 50: by total for `all`, else by points earned in the period (as `/top week|month`). */
export async function leaderboard(
  store: Store,
  circle: Circle,
  period: LeaderboardPeriod,
  now: Date,
): Promise<LeaderRow[]> {
  const since = period === 'all' ? null : new Date(now.getTime() - (period === '7d' ? 7 : 30) * DAY_MS);
  const top = await store.points.top(circle.id, since, 50);
  const rows: LeaderRow[] = [];
  for (const [i, row] of top.entries()) {
    const member = await store.members.byId(row.memberId);
    const standing = await store.points.standing(circle.id, row.memberId);
    rows.push({
      rank: i + 1,
      label: member ? labelOf(member) : '?',
      points: row.points,
      level: standing.level,
    });
  }
  return rows;
}

/** Money in one currency, in its minor unit. */
export interface Amount {
  readonly currency: string;
  readonly minor: number;
}

export interface OfferLine {
  readonly offer: Offer;
  readonly clicks: number;
  /** Distinct members known to have clicked. */
  readonly members: number;
  /** Payments still completed (partly refunded ones too). */
  readonly payments: number;
  /** Net of refunds: what the circle kept. */
  readonly revenue: readonly Amount[];
}

export interface OffersReport {
  readonly offers: readonly OfferLine[];
  /** Entry fees (paid entry) in the period. */
  readonly entry: { readonly payments: number; readonly revenue: readonly Amount[] };
  readonly days: readonly number[];
  readonly clicksByDay: readonly number[];
  /** Completed payments less their partial refunds, per currency and day, aligned with `days`. */
  readonly revenueByDay: ReadonlyArray<{ readonly currency: string; readonly minor: readonly number[] }>;
}

/** Offers with their clicks, payments and revenue over the last `days` days, and both per day. */
export async function offersReport(
  store: Store,
  circle: Circle,
  now: Date,
  days: number,
): Promise<OffersReport> {
  const range = lastDays(now, days);
  const since = new Date(range[0]! * DAY_MS);
  const [offers, clicks, totals, clicksByDay, revenueByDay] = await Promise.all([
    store.market.offers(circle.id, { includeRemoved: true }),
    store.market.clicks(circle.id, since),
    store.payments.totals(circle.id, since),
    store.dashboard.clicksByDay(circle.id, range[0]!, range[range.length - 1]!),
    store.dashboard.revenueByDay(circle.id, range[0]!, range[range.length - 1]!),
  ]);
  const addTo = (amounts: Amount[], currency: string, minor: number) => {
    const found = amounts.findIndex((a) => a.currency === currency);
    if (found === -1) amounts.push({ currency, minor });
    else amounts[found] = { currency, minor: amounts[found]!.minor + minor };
  };
  const lines = offers.map((offer) => {
    const c = clicks.find((x) => x.offerId === offer.id);
    const revenue: Amount[] = [];
    let payments = 0;
    for (const t of totals.filter((x) => x.purpose === 'offer' && x.offerId === offer.id)) {
      payments += t.completed;
      addTo(revenue, t.currency, t.netMinor);
    }
    return { offer, clicks: c?.clicks ?? 0, members: c?.members ?? 0, payments, revenue };
  });
  const entryRevenue: Amount[] = [];
  let entryPayments = 0;
  for (const t of totals.filter((x) => x.purpose === 'entry')) {
    entryPayments += t.completed;
    addTo(entryRevenue, t.currency, t.netMinor);
  }
  const clickMap = new Map(clicksByDay.map((r) => [r.day, r.clicks]));
  const currencies = [...new Set(revenueByDay.map((r) => r.currency))].sort();
  return {
    offers: lines,
    entry: { payments: entryPayments, revenue: entryRevenue },
    days: range,
    clicksByDay: range.map((d) => clickMap.get(d) ?? 0),
    revenueByDay: currencies.map((currency) => ({
      currency,
      minor: range.map(
        (d) => revenueByDay.find((r) => r.day === d && r.currency === currency)?.amountMinor ?? 0,
      ),
    })),
  };
}

export interface AuditLine {
  readonly entry: AuditEntry & { readonly id: number };
  readonly actor: string | null;
  readonly target: string | null;
}

/** The newest audit rows of the circle, with who acted and on whom as labels. */
export async function auditReport(store: Store, circle: Circle, limit: number): Promise<AuditLine[]> {
  const entries = await store.audit.list(circle.id, limit);
  const labels = new Map<number, string>();
  const label = async (id: number | null | undefined) => {
    if (id === null || id === undefined) return null;
    if (!labels.has(id)) {
      const member = await store.members.byId(id);
      labels.set(id, member ? labelOf(member) : `#${id}`);
    }
    return labels.get(id)!;
  };
  const lines: AuditLine[] = [];
  for (const entry of entries) {
    lines.push({ entry, actor: await label(entry.actorId), target: await label(entry.targetId) });
  }
  return lines;
}
