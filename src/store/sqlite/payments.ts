import { and, asc, count, countDistinct, eq, gte, sql } from 'drizzle-orm';
import type { PaymentStatus } from '../../core/market/payment.js';
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

/** Order of statuses for events at the same instant: a refund is never undone by its own payment. */
const RANK: Record<PaymentStatus, number> = { completed: 0, refunded: 1 };

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
                status: notice.status,
                amountMinor: notice.amountMinor,
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
            return { outcome: 'applied' as const, payment: toPayment(row), previous: null };
          }

          tx.insert(paymentEvents)
            .values({ provider: notice.provider, eventId: notice.eventId, paymentId: existing.id, at })
            .run();
          const newer = notice.occurredAt.getTime() - existing.lastEventAt.getTime();
          if (newer < 0 || (newer === 0 && RANK[notice.status] <= RANK[existing.status])) {
            if (existing.purpose !== 'unknown' || attribution.purpose === 'unknown') {
              return { outcome: 'stale' as const, payment: toPayment(existing) };
            }
            // An older event that says what the payment was for (a completion after its refund): the
            // status stands, the attribution is learnt.
            const learnt = tx
              .update(payments)
              .set({ ...attributionOf(attribution), reference: notice.reference, updatedAt: at })
              .where(eq(payments.id, existing.id))
              .returning()
              .get();
            return { outcome: 'stale' as const, payment: toPayment(learnt) };
          }
          const row = tx
            .update(payments)
            .set({
              status: notice.status,
              // A completion carries the amount paid; a refund's amount is what was given back.
              ...(notice.status === 'completed' ? { amountMinor: notice.amountMinor } : {}),
              lastEventAt: notice.occurredAt,
              updatedAt: at,
            })
            .where(eq(payments.id, existing.id))
            .returning()
            .get();
          return { outcome: 'applied' as const, payment: toPayment(row), previous: existing.status };
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
      const completed = sql<number>`sum(case when ${payments.status} = 'completed' then 1 else 0 end)`;
      const refunded = sql<number>`sum(case when ${payments.status} = 'refunded' then 1 else 0 end)`;
      const rows = db
        .select({
          currency: payments.currency,
          purpose: payments.purpose,
          offerId: payments.offerId,
          completed,
          amountMinor: sql<number>`sum(case when ${payments.status} = 'completed' then ${payments.amountMinor} else 0 end)`,
          refunded,
          refundedMinor: sql<number>`sum(case when ${payments.status} = 'refunded' then ${payments.amountMinor} else 0 end)`,
          payers: countDistinct(
            sql`case when ${payments.status} = 'completed' then ${payments.memberId} end`,
          ),
          n: count(),
        })
        .from(payments)
        .where(and(eq(payments.circleId, circleId), since ? gte(payments.createdAt, since) : undefined))
        .groupBy(payments.currency, payments.purpose, payments.offerId)
        .orderBy(asc(payments.currency), asc(payments.purpose), asc(payments.offerId))
        .all();
      return rows.map(({ n: _n, ...row }) => ({
        ...row,
        completed: Number(row.completed ?? 0),
        amountMinor: Number(row.amountMinor ?? 0),
        refunded: Number(row.refunded ?? 0),
        refundedMinor: Number(row.refundedMinor ?? 0),
      }));
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
