import { and, asc, countDistinct, eq, gte, type SQLWrapper, sql } from 'drizzle-orm';
import { firstStatus, refundedOf, reportedRefund, stepFor } from '../../core/market/payment-step.js';
import type { Payment, PaymentAttribution, PaymentRepo } from '../../core/market/repo.js';
import { lock, type Pg } from './db.js';
import { paymentEvents, payments } from './schema.js';

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

/** A sum over a group (numeric in PostgreSQL, read as a number; 0 for none). */
const sumOf = (value: SQLWrapper) => sql<number>`coalesce(sum(${value}), 0)`.mapWith(Number);

/** What a payment gave back, as `refundedOf` reads it: all of a refunded one, at most the amount otherwise. */
export const givenBack = sql<number>`case when ${payments.status} = 'refunded' then ${payments.amountMinor}
  else least(${payments.refundedMinor}, ${payments.amountMinor}) end`;

/**
 * Payments in PostgreSQL. `apply` is one transaction holding a lock on the provider's payment id, so two
 * deliveries of one payment's events (in this process or another) apply one after the other and an event
 * applies once.
 */
export function pgPayments(pg: Pg): PaymentRepo {
  return {
    async apply(notice, attribution, at) {
      return pg.atomic(async (tx) => {
        await lock(tx, `payment:${notice.provider}:${notice.providerPaymentId}`);
        const [existing] = await tx
          .select()
          .from(payments)
          .where(
            and(
              eq(payments.provider, notice.provider),
              eq(payments.providerPaymentId, notice.providerPaymentId),
            ),
          )
          .limit(1);
        const [seen] = await tx
          .select({ id: paymentEvents.paymentId })
          .from(paymentEvents)
          .where(and(eq(paymentEvents.provider, notice.provider), eq(paymentEvents.eventId, notice.eventId)))
          .limit(1);
        if (seen) return { outcome: 'duplicate' as const };

        if (!existing) {
          const [row] = await tx
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
            .returning();
          await tx
            .insert(paymentEvents)
            .values({ provider: notice.provider, eventId: notice.eventId, paymentId: row!.id, at });
          return { outcome: 'applied' as const, payment: toPayment(row!), previous: null, learnt: false };
        }

        await tx
          .insert(paymentEvents)
          .values({ provider: notice.provider, eventId: notice.eventId, paymentId: existing.id, at });
        const step = stepFor(existing, notice, attribution);
        if (step.outcome === 'stale' && !step.learn) {
          return { outcome: 'stale' as const, payment: toPayment(existing), learnt: false };
        }
        const [row] = await tx
          .update(payments)
          .set({
            ...step.changes,
            ...(step.learn ? { ...attributionOf(attribution), reference: notice.reference } : {}),
            updatedAt: at,
          })
          .where(eq(payments.id, existing.id))
          .returning();
        const payment = toPayment(row!);
        return step.outcome === 'stale'
          ? { outcome: 'stale' as const, payment, learnt: step.learn }
          : { outcome: 'applied' as const, payment, previous: existing.status, learnt: step.learn };
      });
    },

    async completedForApplication(applicationId) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(payments)
          .where(and(eq(payments.applicationId, applicationId), eq(payments.status, 'completed')))
          .orderBy(asc(payments.id)),
      );
      return rows.map(toPayment);
    },

    async totals(circleId, since) {
      const rows = await pg.run((db) =>
        db
          .select({
            currency: payments.currency,
            purpose: payments.purpose,
            offerId: payments.offerId,
            completed: sumOf(sql`case when ${payments.status} = 'completed' then 1 else 0 end`),
            refunded: sumOf(sql`case when ${payments.status} = 'refunded' then 1 else 0 end`),
            partlyRefunded: sumOf(
              sql`case when ${payments.status} = 'completed' and ${payments.refundedMinor} > 0 then 1 else 0 end`,
            ),
            grossMinor: sumOf(payments.amountMinor),
            refundedMinor: sumOf(givenBack),
            payers: countDistinct(
              sql`case when ${payments.status} = 'completed' then ${payments.memberId} end`,
            ),
          })
          .from(payments)
          .where(and(eq(payments.circleId, circleId), since ? gte(payments.createdAt, since) : undefined))
          .groupBy(payments.currency, payments.purpose, payments.offerId)
          .orderBy(asc(payments.currency), asc(payments.purpose), sql`${payments.offerId} asc nulls first`),
      );
      return rows.map((row) => ({ ...row, netMinor: row.grossMinor - row.refundedMinor }));
    },

    async ofMember(memberId) {
      const rows = await pg.run((db) =>
        db.select().from(payments).where(eq(payments.memberId, memberId)).orderBy(asc(payments.id)),
      );
      return rows.map(toPayment);
    },
  };
}
