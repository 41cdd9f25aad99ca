import { describe, expect, it } from 'vitest';
import { offerPost, offersMessage, periodStart, revenueText } from '../../../src/core/market/render.js';
import type { Offer, PaymentTotals } from '../../../src/core/market/repo.js';

const offer = (id: number, more: Partial<Offer> = {}): Offer => ({
  id,
  circleId: 1,
  title: `Offer ${id}`,
  url: `https://shop.example/${id}`,
  priceMinor: 100 * id,
  currency: 'CNY',
  description: null,
  sponsored: false,
  code: `Code${String(id).padStart(8, '0')}`,
  createdBy: 1,
  createdAt: new Date(0),
  removedAt: null,
  ...more,
});

describe('market messages', () => {
  it('a post shows the label, title and price, the description, and one URL button', () => {
    const post = offerPost(
      'en',
      offer(1, { sponsored: true, description: 'Fresh' }),
      'https://c.example/l/x',
    );
    expect(post).toEqual({
      text: 'Sponsored\n🛍 Offer 1 — 1.00 CNY\nFresh',
      buttons: [[{ label: 'Open the offer', url: 'https://c.example/l/x' }]],
    });
  });

  it('/offers lists the newest ten with a button each, two to a row, and says how many more', () => {
    const offers = Array.from({ length: 12 }, (_, i) => offer(i + 1));
    const message = offersMessage('en', 'Tea lovers', offers, (o) => `https://c.example/l/${o.code}`);
    expect(message.text.split('\n')[1]).toBe('1. Offer 12 — 12.00 CNY');
    expect(message.text).toContain('…and 2 more.');
    expect(message.buttons).toHaveLength(5);
    expect(message.buttons?.every((row) => row.length === 2)).toBe(true);
  });

  it('/offers without links lists the offers and says links are not set up', () => {
    const message = offersMessage('en', 'Tea lovers', [offer(1)], () => null);
    expect(message.buttons).toBeUndefined();
    expect(message.text).toContain('Links to the offers are not set up yet');
  });

  it('/revenue without payments shows clicks per offer, a total, and says no payments came in', () => {
    const text = revenueText('en', {
      circle: 'Tea lovers',
      period: '30d',
      clicks: [
        { offerId: 1, clicks: 3, members: 1 },
        { offerId: 2, clicks: 1, members: 0 },
      ],
      payments: [],
      offers: new Map([
        [1, offer(1)],
        [2, offer(2, { removedAt: new Date(0) })],
      ]),
    });
    expect(text).toBe(
      [
        'Revenue of Tea lovers, last 30 days',
        '',
        'Clicks per offer:',
        '  #1 Offer 1: 3 clicks, 1 known member',
        '  #2 Offer 2 (removed): 1 click, 0 known members',
        'Total: 4 clicks',
        '',
        'No payments in this period.',
      ].join('\n'),
    );
  });

  it('/revenue with payments: gross, refunded and net per currency, entry fees, and each offer net with its conversion', () => {
    const row = (more: Partial<PaymentTotals>): PaymentTotals => ({
      currency: 'CNY',
      purpose: 'offer',
      offerId: null,
      completed: 0,
      refunded: 0,
      partlyRefunded: 0,
      grossMinor: 0,
      refundedMinor: 0,
      netMinor: 0,
      payers: 0,
      ...more,
    });
    const text = revenueText('en', {
      circle: 'Tea lovers',
      period: '7d',
      clicks: [{ offerId: 1, clicks: 9, members: 4 }],
      payments: [
        row({ purpose: 'entry', completed: 3, grossMinor: 9000, netMinor: 9000, payers: 3 }),
        row({ purpose: 'entry', currency: 'XTR', completed: 2, grossMinor: 100, netMinor: 100, payers: 2 }),
        // One bought and refunded in full, one with 10.00 of its 89.00 given back.
        row({
          offerId: 1,
          completed: 1,
          refunded: 1,
          partlyRefunded: 1,
          grossMinor: 17800,
          refundedMinor: 9900,
          netMinor: 7900,
          payers: 1,
        }),
      ],
      offers: new Map([[1, offer(1)]]),
    });
    expect(text.split('\n\n')[2]).toBe(
      [
        'Payments:',
        '  Gross: 268.00 CNY · 100 XTR (7 payments)',
        '  Refunded: 99.00 CNY (2 payments)',
        '  Net: 169.00 CNY · 100 XTR',
        '  Entry fees: 90.00 CNY · 100 XTR (5 payments)',
        '  #1 Offer 1: 79.00 CNY net of 178.00 CNY paid, 99.00 CNY refunded (2 payments) — 25% conversion (1 of 4 clicking members paid)',
      ].join('\n'),
    );
  });

  it('/revenue after every payment was refunded says a net of 0, in Chinese too', () => {
    const rows: PaymentTotals[] = [
      {
        currency: 'CNY',
        purpose: 'entry',
        offerId: null,
        completed: 0,
        refunded: 1,
        partlyRefunded: 0,
        grossMinor: 3000,
        refundedMinor: 3000,
        netMinor: 0,
        payers: 0,
      },
    ];
    const report = { circle: 'Tea', period: 'all' as const, clicks: [], payments: rows, offers: new Map() };
    expect(revenueText('en', report)).toContain(
      '  Net: 0.00 CNY\n  Entry fees: 0.00 CNY net of 30.00 CNY paid',
    );
    expect(revenueText('zh-CN', report)).toContain('净收入：0.00 CNY');
    expect(revenueText('zh-CN', report)).toContain(
      '入群费：已收 30.00 CNY，已退款 30.00 CNY，净收入 0.00 CNY（1 笔）',
    );
  });

  it('periods start 7 or 30 days back, or never', () => {
    const now = new Date(Date.UTC(2026, 0, 31));
    expect(periodStart('7d', now)).toEqual(new Date(Date.UTC(2026, 0, 24)));
    expect(periodStart('30d', now)).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(periodStart('all', now)).toBeNull();
  });
});
