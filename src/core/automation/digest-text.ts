import { formatTime } from '../format.js';
import { renderReason } from '../gate/render.js';
import { type Lang, t } from '../i18n/index.js';
import { formatPrice } from '../market/money.js';
import { levelFor } from '../points/curve.js';
import type { DigestEarner, DigestFacts, DigestPayments } from './repo.js';

/** Most active members named in a digest. */
export const ACTIVE_SHOWN = 5;
/** Declines listed with their reasons (the rest are counted). */
export const DECLINES_SHOWN = 10;
/** Level-ups named (the rest are counted). */
export const LEVEL_UPS_SHOWN = 5;

/** What one digest shows: the circle, its week, what happened, and the names of the members it names. */
export interface DigestView {
  readonly circle: string;
  readonly from: Date;
  readonly to: Date;
  readonly facts: DigestFacts;
  /** Member id → how to show them (`@name`); an id missing here is shown as `#id`. */
  readonly names: ReadonlyMap<number, string>;
}

/** Members whose level rose during the week, with the level they reached; biggest gain first. */
export function levelUps(earners: readonly DigestEarner[]): Array<{ memberId: number; level: number }> {
  return earners.flatMap((e) => {
    const level = levelFor(Math.max(0, e.totalAtEnd)).level;
    return level > levelFor(Math.max(0, e.totalAtEnd - e.gained)).level
      ? [{ memberId: e.memberId, level }]
      : [];
  });
}

/** The members a digest names: the most active, the declined, the admins who declined, who levelled up. */
export function namedMembers(facts: DigestFacts): number[] {
  const ids = [
    ...facts.earners
      .filter((e) => e.gained > 0)
      .slice(0, ACTIVE_SHOWN)
      .map((e) => e.memberId),
    ...levelUps(facts.earners)
      .slice(0, LEVEL_UPS_SHOWN)
      .map((l) => l.memberId),
    ...facts.declines.flatMap((d) => [d.memberId, d.actorId]),
  ];
  return [...new Set(ids.filter((id): id is number => id !== null))];
}

/** `89.00 CNY · 150 XTR`: the sum per currency, leaving out zero sums. */
function perCurrency(rows: readonly DigestPayments[], amount: (row: DigestPayments) => number): string {
  return rows
    .filter((row) => amount(row) > 0)
    .map((row) => formatPrice({ minor: amount(row), currency: row.currency }))
    .join(' · ');
}

/** The weekly digest as one private message, in the circle's language. */
export function digestText(lang: Lang, view: DigestView): string {
  const { facts } = view;
  const name = (id: number | null) => (id === null ? '?' : (view.names.get(id) ?? `#${id}`));
  const lines = [
    t(lang, 'automation.digest.header', {
      circle: view.circle,
      from: formatTime(view.from),
      to: formatTime(view.to),
    }),
    '',
    t(lang, 'automation.digest.joined', { count: facts.joined }),
    t(lang, 'automation.digest.decisions', { approved: facts.approved, declined: facts.declined }),
  ];
  for (const decline of facts.declines.slice(0, DECLINES_SHOWN)) {
    const reason = decline.reason
      ? renderReason(lang, {
          key: decline.reason.key,
          params: { admin: name(decline.actorId), ...decline.reason.params },
        })
      : t(lang, 'generic.none');
    lines.push(t(lang, 'automation.digest.decline', { member: name(decline.memberId), reason }));
  }
  const unlisted = facts.declined - Math.min(facts.declines.length, DECLINES_SHOWN);
  if (unlisted > 0) lines.push(t(lang, 'automation.digest.more', { count: unlisted }));

  const active = facts.earners.filter((e) => e.gained > 0).slice(0, ACTIVE_SHOWN);
  lines.push(
    active.length === 0
      ? t(lang, 'automation.digest.activeNone')
      : t(lang, 'automation.digest.active', {
          members: active
            .map((e) => t(lang, 'automation.digest.earner', { member: name(e.memberId), points: e.gained }))
            .join(', '),
        }),
  );
  const ups = levelUps(facts.earners);
  if (ups.length > 0) {
    const shown = ups
      .slice(0, LEVEL_UPS_SHOWN)
      .map((u) => t(lang, 'automation.digest.levelUp', { member: name(u.memberId), level: u.level }));
    if (ups.length > LEVEL_UPS_SHOWN) shown.push('…');
    lines.push(t(lang, 'automation.digest.levelUps', { count: ups.length, members: shown.join(', ') }));
  }
  lines.push(t(lang, 'automation.digest.checkins', { count: facts.checkins }));
  lines.push(t(lang, 'automation.digest.clicks', { count: facts.clicks }));
  const completed = facts.payments.reduce((sum, row) => sum + row.completed, 0);
  const refunded = facts.payments.reduce((sum, row) => sum + row.refunded, 0);
  lines.push(
    t(lang, 'automation.digest.payments', {
      count: completed,
      amount: perCurrency(facts.payments, (row) => row.amountMinor),
    }),
  );
  if (refunded > 0) {
    lines.push(
      t(lang, 'automation.digest.refunds', {
        count: refunded,
        amount: perCurrency(facts.payments, (row) => row.refundedMinor),
      }),
    );
  }
  lines.push('', t(lang, 'automation.digest.footer'));
  return lines.join('\n');
}
