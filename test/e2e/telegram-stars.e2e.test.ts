import { describe, expect, it } from 'vitest';
import type { TgUser } from '../fakes/telegram/index.js';
import { type TelegramBot, telegramGroups } from './telegram-harness.js';

/** Paid entry in Telegram Stars through the real telegraf adapter: invoice, pre-checkout, payment. */
describe('paid entry in Telegram Stars (real telegraf, fake Bot API)', () => {
  const groups = telegramGroups();

  /** A group that screens join requests with one question and charges 50 Stars to enter. */
  async function setUp() {
    const ctx = await groups.start();
    for (const line of [
      '/question add Which tea is green? | *Longjing | Pu-erh',
      '/gate on',
      '/paidentry 50 XTR stars',
    ])
      await ctx.say(line);
    return ctx;
  }

  /** An applicant asks to join and answers the question right; the bot then sends the invoice. */
  async function applyAndPass(ctx: Awaited<ReturnType<typeof setUp>>, username: string) {
    const { fake, bot, group } = ctx;
    const applicant = fake.world.addUser({ username });
    await bot.deliver(fake.build.chatJoinRequest(group.id, applicant));
    const question = fake
      .calls('sendMessage')
      .filter((c) => Number(c.params.chat_id) === applicant.id && c.params.reply_markup)
      .at(-1);
    const markup = question?.params.reply_markup as { inline_keyboard: { callback_data: string }[][] };
    const message = question?.response.result as { message_id: number };
    await bot.deliver(
      fake.build.callbackQuery(
        applicant,
        { chat_id: applicant.id, message_id: message.message_id },
        markup.inline_keyboard.flat()[0]?.callback_data ?? '',
      ),
    );
    const invoice = fake.calls('sendInvoice').find((c) => Number(c.params.chat_id) === applicant.id);
    return { applicant, invoice };
  }

  /** The payer confirms in Telegram's payment form: the pre-checkout query, answered by the bot. */
  async function checkout(bot: TelegramBot, payer: TgUser, payload: string, amount = 50) {
    const { fake } = bot;
    const query = fake.build.preCheckoutQuery(payer, { total_amount: amount, invoice_payload: payload });
    await bot.deliver(query);
    const id = query.pre_checkout_query?.id;
    return fake.calls('answerPreCheckoutQuery').find((c) => c.params.pre_checkout_query_id === id);
  }

  it('an applicant who passes gets a Stars invoice, pays, and is let in — once, however often Telegram sends it', async () => {
    const ctx = await setUp();
    const { fake, bot, group } = ctx;
    const { applicant, invoice } = await applyAndPass(ctx, 'carol');
    expect(invoice?.status).toBe(200);
    expect(invoice?.params).toMatchObject({
      currency: 'XTR',
      provider_token: '',
      prices: [{ amount: 50 }],
    });
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(0);
    const payload = String(invoice?.params.payload);

    const answer = await checkout(bot, applicant, payload);
    expect(answer?.params).toMatchObject({ ok: true });
    expect(answer?.status).toBe(200);

    const payment = fake.build.successfulPayment(applicant, { total_amount: 50, invoice_payload: payload });
    await bot.deliver(payment);
    const approvals = fake.calls('approveChatJoinRequest');
    expect(approvals.map((c) => [Number(c.params.chat_id), Number(c.params.user_id)])).toEqual([
      [group.id, applicant.id],
    ]);
    expect(fake.world.isMember(group.id, applicant.id)).toBe(true);

    // Telegram redelivers the payment message (same charge id, new update): nothing happens twice.
    await bot.deliver({ message: { ...structuredClone(payment.message!), message_id: 999 } });
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(1);
  });

  it('refuses at checkout an invoice that no longer stands, with the reason the payer sees', async () => {
    const ctx = await setUp();
    const { bot } = ctx;
    const { applicant, invoice } = await applyAndPass(ctx, 'dave');
    const payload = String(invoice?.params.payload);

    const wrongAmount = await checkout(bot, applicant, payload, 5);
    expect(wrongAmount?.params).toMatchObject({ ok: false });
    expect(String(wrongAmount?.params.error_message).length).toBeGreaterThan(0);
    expect(wrongAmount?.status).toBe(200);

    const unknown = await checkout(bot, applicant, 'not-one-of-ours');
    expect(unknown?.params).toMatchObject({ ok: false });
  });
});
