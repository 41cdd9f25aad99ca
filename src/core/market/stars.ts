import type { PaymentCheckEvent, PaymentCompletedEvent } from '../events.js';
import type { EventContext } from '../feature.js';
import { t } from '../i18n/index.js';
import type { Store } from '../store.js';
import type { PaymentService } from './payments.js';
import { readReference } from './references.js';

/**
 * In-chat payments (Telegram Stars): the pre-checkout check says yes only to an invoice that still stands —
 * an application waiting for exactly this fee — and the payment itself goes to the payment service like a
 * webhook's would.
 */
export function starsHandlers(deps: { store: Store; payments: PaymentService; now: () => Date }) {
  const { store } = deps;

  async function stillPayable(event: PaymentCheckEvent): Promise<boolean> {
    const reference = readReference(event.payload);
    if (reference?.kind !== 'entry') return false;
    const application = await store.gate.application(reference.applicationId);
    if (application?.state !== 'paying') return false;
    const circle = await store.circles.byId(application.circleId);
    const fee = circle?.settings.market.paidEntry;
    return fee?.currency === event.currency && fee.priceMinor === event.amountMinor;
  }

  return {
    async payment_check(ctx: EventContext<PaymentCheckEvent>) {
      const port = ctx.port;
      if (!port.answerPaymentCheck) return;
      const ok = await stillPayable(ctx.event);
      await port.answerPaymentCheck(
        ctx.event.checkId,
        ok,
        ok ? undefined : t(ctx.lang, 'market.entry.stale'),
      );
    },

    async payment_completed(ctx: EventContext<PaymentCompletedEvent>) {
      const { event } = ctx;
      await deps.payments.apply({
        provider: event.provider,
        providerPaymentId: event.providerPaymentId,
        // A charge id names one payment, and Telegram sends it once per payment.
        eventId: event.providerPaymentId,
        status: 'completed',
        amountMinor: event.amountMinor,
        currency: event.currency,
        reference: event.payload,
        occurredAt: deps.now(),
      });
    },
  };
}
