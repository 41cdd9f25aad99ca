import { describe, expect, it } from 'vitest';
import type { Payment } from '../../../src/core/market/repo.js';
import { exportJson, exportSummary } from '../../../src/core/privacy/export.js';
import type { PersonalData } from '../../../src/core/privacy/repo.js';

const at = new Date(Date.UTC(2026, 0, 1));

function payment(more: Partial<Payment>): Payment {
  return {
    id: 1,
    provider: 'stripe',
    providerPaymentId: 'pi_1',
    status: 'completed',
    amountMinor: 8900,
    refundedMinor: 0,
    currency: 'CNY',
    reference: 'cb-o-1-m-2',
    purpose: 'offer',
    circleId: 1,
    memberId: 2,
    applicationId: null,
    offerId: 1,
    lastEventAt: at,
    createdAt: at,
    updatedAt: at,
    ...more,
  };
}

/** Carol's data with nothing in it but her payments. */
function withPayments(payments: Payment[]): PersonalData {
  const empty = {
    memberships: [],
    points: [],
    applications: [],
    creditReports: [],
    vouchesGiven: [],
    vouchesReceived: [],
    checkins: [],
    clicks: [],
    reminders: { quietSince: null, nudges: [], welcomes: [], digests: [] },
  };
  return { ...(empty as unknown as PersonalData), payments };
}

describe('/mydata summary: payments', () => {
  it('without refunds, what was paid', () => {
    expect(exportSummary('en', withPayments([payment({})]))).toContain('• Payments: 1 (89.00 CNY)');
  });

  it('with a partial refund, what was paid and, apart, what was given back; in the file, on the payment', () => {
    const data = withPayments([
      payment({ refundedMinor: 2000 }),
      payment({ id: 2, amountMinor: 100, currency: 'USD' }),
    ]);
    expect(exportSummary('en', data)).toContain('• Payments: 2 (89.00 CNY · 1.00 USD; 20.00 CNY refunded)');
    expect(exportSummary('zh-CN', data)).toContain('• 付款：2 笔（89.00 CNY · 1.00 USD；已退款 20.00 CNY）');
    const file = JSON.parse(new TextDecoder().decode(exportJson(data, at)));
    expect(file.payments[0]).toMatchObject({ status: 'completed', amountMinor: 8900, refundedMinor: 2000 });
  });
});
