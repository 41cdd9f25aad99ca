import type { PaymentNotice, PaymentOutcome, PaymentSink } from '../../../src/core/market/payment.js';

/**
 * A payment sink that keeps what it is given and dedupes by event id like the real one, so a test sees
 * what a webhook passed on and how often; `fail` makes it throw (a database that is down).
 */
export class RecordingSink implements PaymentSink {
  readonly notices: PaymentNotice[] = [];
  readonly #seen = new Set<string>();
  fail = false;

  async receive(notice: PaymentNotice): Promise<PaymentOutcome> {
    if (this.fail) throw new Error('database unavailable');
    const key = `${notice.provider}:${notice.eventId}`;
    if (this.#seen.has(key)) return 'duplicate';
    this.#seen.add(key);
    this.notices.push(notice);
    return 'recorded';
  }
}
