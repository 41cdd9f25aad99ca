import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentNotice } from '../../src/core/market/payment.js';
import { type ConsoleBot, startConsoleBot } from './console-harness.js';

const TEA = '/question add Which tea is green? | *Longjing | Pu-erh';

/** A payment page's webhook as the payment service receives it once verified. */
const paid = (reference: string, more: Partial<PaymentNotice> = {}): PaymentNotice => ({
  provider: 'standard',
  providerPaymentId: `pay_${reference}`,
  eventId: `evt_${reference}`,
  status: 'completed',
  amountMinor: 3000,
  currency: 'CNY',
  reference,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 12)),
  ...more,
});

describe('paid entry with a payment page (console, payments as the webhooks deliver them)', () => {
  const bots: ConsoleBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });

  async function start() {
    const bot = await startConsoleBot();
    bots.push(bot);
    const set = await bot.run(
      `owner: ${TEA}`,
      'owner: /gate on',
      'owner: /paidentry 30 CNY link https://pay.example/circle',
    );
    expect(set).toContain(
      'Entry to lobby now costs 30.00 CNY (link): applicants who pass screening are let in once their payment is confirmed.',
    );
    return bot;
  }

  it('an applicant who passes screening gets the payment link, and is let in when the payment is confirmed', async () => {
    const bot = await start();
    await bot.run('carol joins');
    const asked = await bot.run('carol presses 1');
    expect(asked).toContain(
      'You passed the screening for lobby. The entry fee is 30.00 CNY: pay within 10m with the button below',
    );
    expect(asked).not.toContain('carol is now in the group');
    const link = await bot.run('carol presses 1');
    expect(link).toContain('https://pay.example/circle?client_reference_id=cb-a-1');

    expect(await bot.app.payments.receive(paid('cb-a-1'))).toBe('recorded');
    const admitted = await bot.run();
    expect(admitted).toContain('carol is now in the group');
    expect(admitted).toContain('Welcome! You have been admitted to lobby.');

    // The provider redelivers: nothing happens twice.
    expect(await bot.app.payments.receive(paid('cb-a-1'))).toBe('duplicate');
    expect(await bot.run()).toBe('');
    const revenue = await bot.run('owner: /revenue');
    expect(revenue).toContain('Entry fees: 30.00 CNY (1 payment)');
    const audit = (await bot.app.store.audit.list(1, 50)).map((a) => a.action);
    expect(audit).toEqual(
      expect.arrayContaining(['gate.paying', 'market.payment.completed', 'gate.approved']),
    );
  });

  it('no payment before the deadline: the timeout policy decides', async () => {
    const bot = await start();
    await bot.run('dave joins', 'dave presses 1');
    const out = await bot.advance(10 * 60_000 + 1);
    expect(out).toContain('Time is up for your request to join lobby.');
    expect(out).not.toContain('dave is now in the group');
    // A payment after the verdict is kept for the accounts but lets nobody in.
    expect(await bot.app.payments.receive(paid('cb-a-1'))).toBe('recorded');
    expect(await bot.run()).not.toContain('dave is now in the group');
  });

  it('a payment below the fee is kept and audited, and admits nobody', async () => {
    const bot = await start();
    await bot.run('erin joins', 'erin presses 1');
    expect(await bot.app.payments.receive(paid('cb-a-1', { amountMinor: 100 }))).toBe('recorded');
    expect(await bot.run()).not.toContain('erin is now in the group');
    const audit = (await bot.app.store.audit.list(1, 50)).map((a) => a.action);
    expect(audit).toContain('market.payment.short');
  });

  it('a payment that came before the verdict admits at once when screening passes', async () => {
    const bot = await start();
    await bot.run('fay joins');
    expect(await bot.app.payments.receive(paid('cb-a-1'))).toBe('recorded');
    const out = await bot.run('fay presses 1');
    expect(out).toContain('fay is now in the group');
    expect(out).not.toContain('The entry fee is');
  });

  it('a short payment before the verdict, then the full fee: admitted when screening passes, not asked twice', async () => {
    const bot = await start();
    await bot.run('jo joins');
    await bot.app.payments.receive(
      paid('cb-a-1', { providerPaymentId: 'pay_short', eventId: 'e1', amountMinor: 100 }),
    );
    await bot.app.payments.receive(paid('cb-a-1', { providerPaymentId: 'pay_full', eventId: 'e2' }));
    const out = await bot.run('jo presses 1');
    expect(out).toContain('jo is now in the group');
    expect(out).not.toContain('The entry fee is');
  });

  it('an admin approving a paying applicant waives the fee; /paidentry off makes entry free', async () => {
    const bot = await start();
    await bot.run('gus joins', 'gus presses 1');
    expect(await bot.run('owner: /approve @gus')).toContain('gus is now in the group');
    expect(await bot.run('owner: /paidentry')).toContain('Entry costs 30.00 CNY, paid by link.');
    expect(await bot.run('owner: /paidentry off')).toContain('Entry is free again');
    await bot.run('hal joins');
    expect(await bot.run('hal presses 1')).toContain('hal is now in the group');
  });

  it('with /offer points, the payer earns points for the payment, once', async () => {
    const bot = await start();
    expect(await bot.run('owner: /offer points 10')).toContain(
      'Each completed payment now earns the payer 10 points.',
    );
    await bot.run('ivy joins', 'ivy presses 1');
    await bot.app.payments.receive(paid('cb-a-1'));
    await bot.app.payments.receive(paid('cb-a-1', { eventId: 'evt_again' }));
    expect(await bot.run('ivy: /rank')).toContain('level 0, 10 points');
  });

  it('refuses what cannot work here, changing nothing', async () => {
    const bot = await start();
    expect(await bot.run('owner: /paidentry 50 XTR stars')).toContain('Stars invoices only work on Telegram');
    expect(await bot.run('owner: /paidentry 30 CNY stripe')).toContain('stripe needs the payment page');
    expect(await bot.run('owner: /paidentry 30 CNY')).toContain('Write it like: /paidentry 30 CNY stripe');
    expect(await bot.run('owner: /paidentry thirty CNY link https://pay.example')).toContain(
      'is not a price',
    );
    expect(await bot.run('bob: /paidentry off')).toContain('/paidentry is for the admins of this circle.');
    expect(await bot.run('owner: /paidentry')).toContain('Entry costs 30.00 CNY, paid by link.');
  });
});
