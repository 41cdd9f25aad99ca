import { type Circle, circleName } from '../circle.js';
import { formatDuration } from '../duration.js';
import type { EntryPayment } from '../gate/payment.js';
import type { Application } from '../gate/repo.js';
import { t } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { Ports } from '../ports.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import { formatPrice, STARS } from './money.js';
import { entryReference, withReference } from './references.js';
import { coversFee } from './settings.js';

export interface PaidEntryDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly log: Logger;
}

/**
 * Paid entry for the gate: a circle with an entry fee admits an applicant who passed screening once a
 * payment naming their application is confirmed. Stars are asked with an invoice in the chat; Stripe and
 * other payment pages with a link whose `client_reference_id` names the application.
 */
export function paidEntry(deps: PaidEntryDeps): EntryPayment {
  return {
    required: (circle) => circle.settings.market.paidEntry !== null,

    async request(circle: Circle, applicant: MemberRecord, application: Application) {
      const fee = circle.settings.market.paidEntry;
      if (!fee) return 'paid';
      // A payment that came in before the verdict admits only if it pays the fee (a short one was audited).
      const early = await deps.store.payments.completedForApplication(application.id);
      if (early.some((payment) => coversFee(fee, payment))) return 'paid';
      const lang = circle.lang;
      const port = deps.ports.get(applicant.ref.platform);
      const reference = entryReference(application.id);
      const params = {
        circle: circleName(circle),
        price: formatPrice({ minor: fee.priceMinor, currency: fee.currency }),
        time: formatDuration(circle.settings.gate.timeoutMs),
      };
      if (fee.method === 'stars') {
        if (!port.sendInvoice || fee.currency !== STARS) {
          deps.log.error({ circleId: circle.id }, 'Stars entry fee on a platform without invoices');
          return 'unreachable';
        }
        const sent = await port.sendInvoice(applicant.ref, {
          title: t(lang, 'market.entry.invoiceTitle', params),
          description: t(lang, 'market.entry.invoiceDescription', params),
          payload: reference,
          currency: STARS,
          amountMinor: fee.priceMinor,
          label: t(lang, 'market.entry.invoiceLabel'),
        });
        return sent ? 'asked' : 'unreachable';
      }
      if (fee.url === null) return 'unreachable';
      const sent = await port.sendDirect(applicant.ref, {
        text: t(lang, 'market.entry.payLink', params),
        buttons: [
          [
            {
              label: t(lang, 'market.entry.payButton', params),
              url: withReference(fee.url, reference, true),
            },
          ],
        ],
      });
      return sent ? 'asked' : 'unreachable';
    },
  };
}
