import { and, asc, count, countDistinct, eq, gte, sql } from 'drizzle-orm';
import type { PaymentStatus } from '../../core/market/payment.js';
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

/** A sum over the rows where the status is `status` (numeric in PostgreSQL, read as a number). */
const sumIf = (status: PaymentStatus, value: unknown) =>
  sql<number>`coalesce(sum(case when ${payments.status} = ${status} then ${value} else 0 end), 0)`.mapWith(
    Number,
  );

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
              status: notice.status,
              amountMinor: notice.amountMinor,
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
          return { outcome: 'applied' as const, payment: toPayment(row!), previous: null };
        }

        await tx
          .insert(paymentEvents)
          .values({ provider: notice.provider, eventId: notice.eventId, paymentId: existing.id, at });
        const newer = notice.occurredAt.getTime() - existing.lastEventAt.getTime();
        if (newer < 0 || (newer === 0 && RANK[notice.status] <= RANK[existing.status])) {
          if (existing.purpose !== 'unknown' || attribution.purpose === 'unknown') {
            return { outcome: 'stale' as const, payment: toPayment(existing) };
          }
          // An older event that says what the payment was for (a completion after its refund): the
          // status stands, the attribution is learnt.
          const [learnt] = await tx
            .update(payments)
            .set({
              ...attribution,
              memberId:
                attribution.memberId === null
                  ? null
                  : sql`(select id from members where id = ${attribution.memberId})`,
              reference: notice.reference,
              updatedAt: at,
            })
            .where(eq(payments.id, existing.id))
            .returning();
          return { outcome: 'stale' as const, payment: toPayment(learnt!) };
        }
        const [row] = await tx
          .update(payments)
          .set({
            status: notice.status,
            // A completion carries the amount paid; a refund's amount is what was given back.
            ...(notice.status === 'completed' ? { amountMinor: notice.amountMinor } : {}),
            lastEventAt: notice.occurredAt,
            updatedAt: at,
          })
          .where(eq(payments.id, existing.id))
          .returning();
        return { outcome: 'applied' as const, payment: toPayment(row!), previous: existing.status };
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
            completed: sumIf('completed', 1),
            amountMinor: sumIf('completed', payments.amountMinor),
            refunded: sumIf('refunded', 1),
            refundedMinor: sumIf('refunded', payments.amountMinor),
            payers: countDistinct(
              sql`case when ${payments.status} = 'completed' then ${payments.memberId} end`,
            ),
            n: count(),
          })
          .from(payments)
          .where(and(eq(payments.circleId, circleId), since ? gte(payments.createdAt, since) : undefined))
          .groupBy(payments.currency, payments.purpose, payments.offerId)
          .orderBy(asc(payments.currency), asc(payments.purpose), sql`${payments.offerId} asc nulls first`),
      );
      return rows.map(({ n: _n, ...row }) => row);
    },

    async ofMember(memberId) {
      const rows = await pg.run((db) =>
        db.select().from(payments).where(eq(payments.memberId, memberId)).orderBy(asc(payments.id)),
      );
      return rows.map(toPayment);
    },
  };
}
