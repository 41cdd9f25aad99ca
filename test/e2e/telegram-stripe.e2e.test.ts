import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { checkoutCompleted, lastTextTo, paidEntryCircle } from './stripe-harness.js';
import { startTelegramBot, type TelegramBot } from './telegram-harness.js';

const SECRET = 'whsec_e2e_circlebot_stripe_0123';

describe('paid entry with a Stripe Payment Link on Telegram (real telegraf, fastify socket, signed webhooks)', () => {
  const bots: TelegramBot[] = [];
  const fakes: FakeTelegram[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  it('join request → screening → payment link → Stripe webhook → approved once; a refund shows in /revenue', async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const { bot, owner, carol, say, deliver } = await paidEntryCircle(fake, SECRET);
    bots.push(bot);
    const ask = fake
      .calls('sendMessage')
      .filter((c) => Number(c.params.chat_id) === carol.id)
      .at(-1);
    expect(String(ask?.params.text)).toContain('The entry fee is 30.00 CNY');
    const markup = ask?.params.reply_markup as { inline_keyboard: { text: string; url: string }[][] };
    const link = new URL(markup.inline_keyboard[0]![0]!.url);
    expect(link.origin + link.pathname).toBe('https://buy.stripe.com/test_tea');
    const reference = link.searchParams.get('client_reference_id');
    expect(reference).toBe('cb-a-1');
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(0);

    const created = Math.floor(Date.now() / 1000);
    const paid = checkoutCompleted(created, reference);
    expect((await deliver(paid)).outcome).toBe('recorded');
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(1);
    expect(lastTextTo(fake, carol)).toBe('Welcome! You have been admitted to Tea lovers.');

    expect((await deliver(paid)).outcome).toBe('duplicate');
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(1);

    const refunded = {
      id: 'evt_refund',
      type: 'charge.refunded',
      created: created + 1,
      data: { object: { id: 'ch_1', payment_intent: 'pi_1', amount_refunded: 3000, currency: 'cny' } },
    };
    expect((await deliver(refunded)).outcome).toBe('recorded');
    await say('/revenue');
    expect(lastTextTo(fake, owner)).toContain('Refunded: 30.00 CNY (1 payment)');
  });

  it('without a signing secret the webhook is not there (404)', async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const bot = await startTelegramBot({ fake, config: { http: { enabled: true, port: 0 } } });
    bots.push(bot);
    const { port } = bot.app.http!.server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/stripe`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
