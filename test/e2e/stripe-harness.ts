import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { FakeTelegram } from '../fakes/telegram/index.js';
import type { TgUser } from '../fakes/telegram/types.js';
import { startTelegramBot, type TelegramBot } from './telegram-harness.js';

const stripe = new Stripe('sk_test_unused');

/**
 * Tea lovers on the Telegram fake charges 30.00 CNY for entry by a Stripe Payment Link, with the webhook
 * secret `secret`; Carol asked to join and answered the entry question right, so she is asked to pay.
 */
export async function paidEntryCircle(fake: FakeTelegram, secret: string) {
  const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
  const group = fake.world.addChat({ title: 'Tea lovers', owner, join_by_request: true });
  const bot = await startTelegramBot({
    fake,
    config: { http: { enabled: true, port: 0 }, market: { stripeWebhookSecret: secret } },
  });
  const say = (text: string) => bot.deliver(fake.build.message(group.id, owner, text));
  await say('/question add Which tea is green? | *Longjing | Pu-erh');
  await say('/gate on');
  await say('/paidentry 30 CNY stripe https://buy.stripe.com/test_tea');
  const carol = fake.world.addUser({ username: 'carol' });
  await bot.deliver(fake.build.chatJoinRequest(group.id, carol));
  await bot.deliver(fake.build.message(carol, carol, 'Longjing'));
  return { bot, owner, group, carol, say, deliver: stripeSender(bot, secret) };
}

/**
 * Stripe calling the bot's webhook on its real HTTP port: the event signed with `secret` now (or at
 * `signedAt`, in Unix seconds), answered with the status and the body's outcome.
 */
export function stripeSender(bot: TelegramBot, secret: string) {
  const { port } = bot.app.http!.server.address() as AddressInfo;
  return async (event: Record<string, unknown>, signedAt?: number) => {
    const payload = JSON.stringify(event);
    const signature = stripe.webhooks.generateTestHeaderString({
      payload,
      secret,
      ...(signedAt === undefined ? {} : { timestamp: signedAt }),
    });
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    return { status: res.status, ...((await res.json()) as { outcome?: string }) };
  };
}

/**
 * Stripe's `checkout.session.completed` for Carol's 30.00 CNY entry fee (payment intent `pi_1`), created at
 * `created` (Unix seconds), naming the application by `reference` as the Payment Link passed it on.
 */
export function checkoutCompleted(created: number, reference: string | null) {
  return {
    id: 'evt_paid',
    type: 'checkout.session.completed',
    created,
    data: {
      object: {
        id: 'cs_1',
        payment_intent: 'pi_1',
        payment_status: 'paid',
        amount_total: 3000,
        currency: 'cny',
        client_reference_id: reference,
      },
    },
  };
}

/** The text of the last message the bot sent to `user` privately. */
export function lastTextTo(fake: FakeTelegram, user: TgUser): string {
  return String(
    fake
      .calls('sendMessage')
      .filter((c) => Number(c.params.chat_id) === user.id)
      .at(-1)?.params.text,
  );
}
