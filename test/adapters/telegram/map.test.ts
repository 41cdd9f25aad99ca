import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { mapUpdate } from '../../../adapters/telegram/map.js';
import { createUpdateBuilders, type TgUpdateInput, type TgUser, World } from '../../fakes/telegram/index.js';

const botUser: TgUser = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'Circle Bot',
  username: 'circle_test_bot',
};
const bot = { id: botUser.id, username: 'circle_test_bot' };

/** A little Telegram to build well-formed updates from, numbered like Telegram numbers them. */
function telegram() {
  const world = new World(botUser, () => Date.UTC(2026, 2, 1, 12));
  const build = createUpdateBuilders(world);
  let updateId = 500;
  const numbered = (update: TgUpdateInput) => ({ update_id: ++updateId, ...update }) as unknown as Update;
  const payer = world.addUser({ username: 'paula', first_name: 'Paula' });
  return { world, build, numbered, payer };
}

describe('Telegram Stars updates become payment events', () => {
  it('a pre-checkout query is a payment_check from the payer, in their private chat', () => {
    const { build, numbered, payer } = telegram();
    const update = numbered(build.preCheckoutQuery(payer, { total_amount: 50, invoice_payload: 'entry:12' }));
    const query = (update as Update.PreCheckoutQueryUpdate).pre_checkout_query;

    expect(mapUpdate(update, bot)).toEqual([
      {
        kind: 'payment_check',
        chat: { platform: 'telegram', id: String(payer.id) },
        member: { platform: 'telegram', id: String(payer.id) },
        profile: { username: 'paula', displayName: 'Paula', languageCode: 'en' },
        updateId: String(update.update_id),
        checkId: query.id,
        payload: 'entry:12',
        currency: 'XTR',
        amountMinor: 50,
      },
    ]);
  });

  it('a successful_payment message is a payment_completed with the charge id, and never a plain message', () => {
    const { build, numbered, payer } = telegram();
    const input = build.successfulPayment(payer, { total_amount: 50, invoice_payload: 'entry:12' });
    const charge = input.message?.successful_payment?.telegram_payment_charge_id;
    const update = numbered(input);

    const events = mapUpdate(update, bot);
    expect(events).toEqual([
      {
        kind: 'payment_completed',
        chat: { platform: 'telegram', id: String(payer.id) },
        member: { platform: 'telegram', id: String(payer.id) },
        profile: { username: 'paula', displayName: 'Paula', languageCode: 'en' },
        updateId: String(update.update_id),
        provider: 'telegram_stars',
        providerPaymentId: charge,
        payload: 'entry:12',
        amountMinor: 50,
        currency: 'XTR',
      },
    ]);
    expect(charge).toMatch(/^stx/);
  });

  it('a payment in another currency (not an invoice this bot sends) gives no event at all', () => {
    const { build, numbered, payer } = telegram();
    const update = numbered(
      build.successfulPayment(payer, { total_amount: 1999, invoice_payload: 'x', currency: 'EUR' }),
    );
    expect(mapUpdate(update, bot)).toEqual([]);
  });
});
