import { afterEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { checkoutCompleted, lastTextTo, paidEntryCircle } from './stripe-harness.js';
import type { TelegramBot } from './telegram-harness.js';

const SECRET = 'whsec_e2e_circlebot_refunds_0123';

describe('partial refunds over Stripe webhooks (real telegraf, fastify socket, signed bodies)', () => {
  const bots: TelegramBot[] = [];
  const fakes: FakeTelegram[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  /** Tea lovers charges 30.00 CNY for entry by Stripe link; Carol passed screening and is asked to pay. */
  async function paidEntry() {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const { bot, owner, say, deliver } = await paidEntryCircle(fake, SECRET);
    bots.push(bot);
    /** The owner's `/revenue all`, as the bot sent it to them. */
    const revenue = async () => {
      await say('/revenue all');
      return lastTextTo(fake, owner);
    };
    const payment = async () => (await bot.app.store.payments.completedForApplication(1))[0] ?? null;
    const created = Math.floor(Date.now() / 1000) - 3600;
    const paid = checkoutCompleted(created, 'cb-a-1');
    /** `charge.refunded` at `minutes` after the payment, with the cumulative refunded total. */
    const refund = (id: string, minutes: number, amountRefunded: number) => ({
      id,
      type: 'charge.refunded',
      created: created + minutes * 60,
      data: {
        object: {
          id: 'ch_1',
          payment_intent: 'pi_1',
          amount: 3000,
          amount_refunded: amountRefunded,
          refunded: amountRefunded === 3000,
          currency: 'cny',
        },
      },
    });
    return { bot, fake, deliver, revenue, payment, paid, refund };
  }

  it('partial refunds lower net revenue and keep the payment completed; older news changes nothing; a full refund ends it', async () => {
    const { fake, deliver, revenue, payment, paid, refund } = await paidEntry();
    expect((await deliver(paid)).outcome).toBe('recorded');
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(1);

    expect((await deliver(refund('evt_r1', 10, 1000))).outcome).toBe('recorded');
    expect(await payment()).toMatchObject({ status: 'completed', refundedMinor: 1000 });
    let report = await revenue();
    expect(report).toContain(
      '  Gross: 30.00 CNY (1 payment)\n  Refunded: 10.00 CNY (1 payment)\n  Net: 20.00 CNY',
    );
    expect(report).toContain('Entry fees: 20.00 CNY net of 30.00 CNY paid, 10.00 CNY refunded (1 payment)');

    // A second refund: Stripe sends the cumulative total.
    expect((await deliver(refund('evt_r2', 20, 2500))).outcome).toBe('recorded');
    expect(await revenue()).toContain('  Refunded: 25.00 CNY (1 payment)\n  Net: 5.00 CNY');

    // The first event redelivered, and the same older news under another id, arriving late.
    expect((await deliver(refund('evt_r1', 10, 1000))).outcome).toBe('duplicate');
    expect((await deliver(refund('evt_r1_late', 10, 1000))).outcome).toBe('stale');
    expect(await payment()).toMatchObject({ status: 'completed', refundedMinor: 2500 });
    expect(await revenue()).toContain('Net: 5.00 CNY');

    // The rest given back: refunded, as a full refund always was; Carol's entry stays as it was.
    expect((await deliver(refund('evt_r3', 30, 3000))).outcome).toBe('recorded');
    expect(await payment()).toBeNull();
    report = await revenue();
    expect(report).toContain(
      '  Gross: 30.00 CNY (1 payment)\n  Refunded: 30.00 CNY (1 payment)\n  Net: 0.00 CNY',
    );
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(1);
    expect(fake.calls('banChatMember')).toHaveLength(0);
  });

  it('a Stripe signature dated more than the tolerance ahead is 401 and stores nothing', async () => {
    const { deliver, revenue, payment, paid, fake } = await paidEntry();
    const ahead = await deliver(paid, Math.floor(Date.now() / 1000) + 600);
    expect(ahead.status).toBe(401);
    expect(await payment()).toBeNull();
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(0);
    expect(await revenue()).toContain('No payments in this period.');
    // The same event signed now goes through: nothing of the refused one was remembered.
    expect((await deliver(paid)).outcome).toBe('recorded');
  });
});
