import { and, asc, countDistinct, eq, gte, type SQL, sql } from 'drizzle-orm';
import { firstStatus, refundedOf, reportedRefund, stepFor } from '../../core/market/payment-step.js';
import type { Payment, PaymentAttribution, PaymentRepo } from '../../core/market/repo.js';
import { paymentEvents, payments } from '../schema.js';
import type { Db } from './codec.js';

export function toPayment(row: typeof payments.$inferSelect): Payment {
  return {
    id: row.id,
    provider: row.provider,
    providerPaymentId: row.providerPaymentId,
    status: row.status,
    amountMinor: row.amountMinor,
    refundedMinor: refundedOf(row),
    currency: row.currency,
    reference: row.reference,
    purpose: row.purpose,
    circleId: row.circleId,
    memberId: row.memberId,
    applicationId: row.applicationId,
    offerId: row.offerId,
    lastEventAt: row.lastEventAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The attribution columns; an unknown member id becomes NULL rather than failing the foreign key. */
function attributionOf(attribution: PaymentAttribution) {
  return {
    ...attribution,
    memberId:
      attribution.memberId === null ? null : sql`(select id from members where id = ${attribution.memberId})`,
  };
}

/** Rows of a group where `condition` holds. */
const countIf = (condition: SQL) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;

/** What a payment gave back, as `refundedOf` reads it: all of a refunded one, at most the amount otherwise. */
export const givenBack = sql<number>`case when ${payments.status} = 'refunded' then ${payments.amountMinor}
  else min(${payments.refundedMinor}, ${payments.amountMinor}) end`;

/** Payments in SQLite; `apply` is one IMMEDIATE transaction, so two deliveries of one event cannot both apply. */
export function sqlitePayments(db: Db): PaymentRepo {
  return {
    async apply(notice, attribution, at) {
      return db.transaction(
        (tx) => {
          const existing = tx
            .select()
            .from(payments)
            .where(
              and(
                eq(payments.provider, notice.provider),
                eq(payments.providerPaymentId, notice.providerPaymentId),
              ),
            )
            .get();
          const seen = tx
            .select({ id: paymentEvents.paymentId })
            .from(paymentEvents)
            .where(
              and(eq(paymentEvents.provider, notice.provider), eq(paymentEvents.eventId, notice.eventId)),
            )
            .get();
          if (seen) return { outcome: 'duplicate' as const };

          if (!existing) {
            const row = tx
              .insert(payments)
              .values({
                provider: notice.provider,
                providerPaymentId: notice.providerPaymentId,
                status: firstStatus(notice),
                amountMinor: notice.amountMinor,
                refundedMinor: reportedRefund(notice),
                currency: notice.currency,
                reference: notice.reference,
                ...attributionOf(attribution),
                lastEventAt: notice.occurredAt,
                createdAt: at,
                updatedAt: at,
              })
              .returning()
              .get();
            tx.insert(paymentEvents)
              .values({ provider: notice.provider, eventId: notice.eventId, paymentId: row.id, at })
              .run();
            return { outcome: 'applied' as const, payment: toPayment(row), previous: null, learnt: false };
          }

          tx.insert(paymentEvents)
            .values({ provider: notice.provider, eventId: notice.eventId, paymentId: existing.id, at })
            .run();
          const step = stepFor(existing, notice, attribution);
          if (step.outcome === 'stale' && !step.learn) {
            return { outcome: 'stale' as const, payment: toPayment(existing), learnt: false };
          }
          const row = tx
            .update(payments)
            .set({
              ...step.changes,
              ...(step.learn ? { ...attributionOf(attribution), reference: notice.reference } : {}),
              updatedAt: at,
            })
            .where(eq(payments.id, existing.id))
            .returning()
            .get();
          const payment = toPayment(row);
          return step.outcome === 'stale'
            ? { outcome: 'stale' as const, payment, learnt: step.learn }
            : { outcome: 'applied' as const, payment, previous: existing.status, learnt: step.learn };
        },
        { behavior: 'immediate' },
      );
    },

    async completedForApplication(applicationId) {
      return db
        .select()
        .from(payments)
        .where(and(eq(payments.applicationId, applicationId), eq(payments.status, 'completed')))
        .orderBy(asc(payments.id))
        .all()
        .map(toPayment);
    },

    async totals(circleId, since) {
      const rows = db
        .select({
          currency: payments.currency,
          purpose: payments.purpose,
          offerId: payments.offerId,
          completed: countIf(sql`${payments.status} = 'completed'`),
          refunded: countIf(sql`${payments.status} = 'refunded'`),
          partlyRefunded: countIf(sql`${payments.status} = 'completed' and ${payments.refundedMinor} > 0`),
          grossMinor: sql<number>`sum(${payments.amountMinor})`,
          refundedMinor: sql<number>`sum(${givenBack})`,
          payers: countDistinct(
            sql`case when ${payments.status} = 'completed' then ${payments.memberId} end`,
          ),
        })
        .from(payments)
        .where(and(eq(payments.circleId, circleId), since ? gte(payments.createdAt, since) : undefined))
        .groupBy(payments.currency, payments.purpose, payments.offerId)
        .orderBy(asc(payments.currency), asc(payments.purpose), asc(payments.offerId))
        .all();
      return rows.map((row) => {
        const grossMinor = Number(row.grossMinor ?? 0);
        const refundedMinor = Number(row.refundedMinor ?? 0);
        return {
          ...row,
          completed: Number(row.completed ?? 0),
          refunded: Number(row.refunded ?? 0),
          partlyRefunded: Number(row.partlyRefunded ?? 0),
          grossMinor,
          refundedMinor,
          netMinor: grossMinor - refundedMinor,
        };
      });
    },

    async ofMember(memberId) {
      return db
        .select()
        .from(payments)
        .where(eq(payments.memberId, memberId))
        .orderBy(asc(payments.id))
        .all()
        .map(toPayment);
    },
  };
}
