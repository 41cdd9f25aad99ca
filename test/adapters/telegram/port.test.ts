import { Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramApi } from '../../../adapters/telegram/api.js';
import { TelegramPort } from '../../../adapters/telegram/port.js';
import { OutboundQueue } from '../../../adapters/telegram/queue.js';
import { PlatformError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/logger.js';
import type { ChatRef } from '../../../src/core/refs.js';
import { type FakeFile, type FakeTelegram, startFakeTelegram } from '../../fakes/telegram/index.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };
/** Not a real picture: the port passes bytes through untouched, which is what is checked. */
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7]);

let fake: FakeTelegram;
beforeEach(async () => {
  fake = await startFakeTelegram();
});
afterEach(async () => {
  await fake.close();
});

/** The port over telegraf pointed at the fake, with no pacing (the queue's own tests check pacing). */
function telegramPort(): TelegramPort {
  const telegram = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } }).telegram;
  const queue = new OutboundQueue({ perChatGapMs: 0, groupPerMinute: 10_000, globalPerSecond: 1e6 });
  return new TelegramPort(new TelegramApi(telegram, queue), silentLog);
}

/** A group with an owner and a member who said something. */
function circle() {
  const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
  const bob = fake.world.addUser({ username: 'bob' });
  const group = fake.world.addChat({ title: 'Tea lovers', owner });
  fake.world.setMember(group.id, bob, 'member');
  const said = fake.injectUpdate(fake.build.message(group.id, bob, 'hello tea lovers')).message;
  const chat: ChatRef = { platform: 'telegram', id: String(group.id) };
  return { owner, bob, group, chat, messageId: String(said?.message_id) };
}

describe('Telegram port: pictures', () => {
  it('uploads the PNG with sendPhoto (multipart), with its name and caption', async () => {
    const port = telegramPort();
    const { group, chat } = circle();
    const sent = await port.sendImage(chat, { png: PNG, filename: 'checkin.png', caption: 'Scan me' });

    const call = await fake.waitForCall('sendPhoto');
    expect(call.status).toBe(200);
    expect(call.params).toMatchObject({ chat_id: String(group.id), caption: 'Scan me' });
    const upload = call.params.photo as FakeFile;
    expect(upload).toMatchObject({ filename: 'checkin.png', size: PNG.byteLength });
    expect([...upload.bytes]).toEqual([...PNG]);
    const posted = fake.world.findMessage(group.id, Number(sent.messageId));
    expect(posted?.photo?.length).toBeGreaterThan(0);
    expect(sent.chat).toEqual(chat);
    expect(port.capabilities.has('images')).toBe(true);
  });

  it('cuts a caption to Telegram’s 1024 characters instead of failing', async () => {
    const port = telegramPort();
    const { chat } = circle();
    await port.sendImage(chat, { png: PNG, filename: 'checkin.png', caption: 'x'.repeat(1500) });
    const call = await fake.waitForCall('sendPhoto');
    expect(call.status).toBe(200);
    expect(String(call.params.caption)).toHaveLength(1024);
  });
});

describe('Telegram port: reactions', () => {
  it('reacts with setMessageReaction and one emoji', async () => {
    const port = telegramPort();
    const { group, chat, messageId } = circle();
    await port.react(chat, messageId, '🔥');

    const call = await fake.waitForCall('setMessageReaction');
    expect(call.status).toBe(200);
    expect(call.params).toMatchObject({
      message_id: Number(messageId),
      reaction: [{ type: 'emoji', emoji: '🔥' }],
    });
    expect(fake.world.botReactions(group.id, Number(messageId))).toEqual(['🔥']);
    expect(port.capabilities.has('reactions')).toBe(true);
  });

  it('an emoji Telegram does not allow bots becomes 🎉 rather than a refusal', async () => {
    const port = telegramPort();
    const { group, chat, messageId } = circle();
    await port.react(chat, messageId, '🍵');
    expect(fake.world.botReactions(group.id, Number(messageId))).toEqual(['🎉']);
  });

  it('a reaction Telegram refuses (the message is gone) is a PlatformError naming the method', async () => {
    const port = telegramPort();
    const { chat } = circle();
    const refused = port.react(chat, '9999', '🎉');
    await expect(refused).rejects.toBeInstanceOf(PlatformError);
    await expect(refused).rejects.toMatchObject({ method: 'setMessageReaction' });
  });
});

describe('Telegram port: Stars invoices', () => {
  const entryFee = {
    title: 'Entry to Tea lovers',
    description: 'The entry fee of Tea lovers: 50 Stars. Pay within 10 minutes.',
    payload: 'entry:12',
    currency: 'XTR',
    amountMinor: 50,
    label: 'Entry fee',
  };

  it('sends an XTR invoice privately: one price, an empty provider token, the payload', async () => {
    const port = telegramPort();
    const payer = fake.world.addUser({ username: 'paula', startedBot: true });
    const sent = await port.sendInvoice({ platform: 'telegram', id: String(payer.id) }, entryFee);

    const call = await fake.waitForCall('sendInvoice');
    expect(call.status).toBe(200);
    expect(call.params).toEqual({
      chat_id: String(payer.id),
      title: 'Entry to Tea lovers',
      description: 'The entry fee of Tea lovers: 50 Stars. Pay within 10 minutes.',
      payload: 'entry:12',
      provider_token: '',
      currency: 'XTR',
      prices: [{ label: 'Entry fee', amount: 50 }],
    });
    expect(sent).toEqual({
      chat: { platform: 'telegram', id: String(payer.id) },
      messageId: expect.any(String),
    });
    expect(fake.world.findMessage(payer.id, Number(sent?.messageId))?.invoice).toMatchObject({
      currency: 'XTR',
      total_amount: 50,
    });
    expect(port.capabilities.has('invoices')).toBe(true);
  });

  it('reaches an applicant whose join request opened their private chat; cuts title and description to fit', async () => {
    const port = telegramPort();
    const applicant = fake.world.addUser({ username: 'andy' });
    const group = fake.world.addChat({ title: 'Tea lovers' });
    fake.injectUpdate(fake.build.chatJoinRequest(group.id, applicant));
    await port.sendInvoice(
      { platform: 'telegram', id: String(applicant.id) },
      { ...entryFee, title: `Entry to ${'🍵'.repeat(40)}`, description: 'd'.repeat(300) },
    );
    const call = await fake.waitForCall('sendInvoice');
    expect(call.status).toBe(200); // the join request opened the chat
    expect(Array.from(String(call.params.title))).toHaveLength(32);
    expect(String(call.params.title).endsWith('🍵')).toBe(true); // no emoji cut in half
    expect(String(call.params.description)).toHaveLength(255);
  });

  it('is null, like a direct message, for someone who blocked the bot or never started it', async () => {
    const port = telegramPort();
    const blocked = fake.world.addUser({ startedBot: true, blockedBot: true });
    const stranger = fake.world.addUser();
    expect(await port.sendInvoice({ platform: 'telegram', id: String(blocked.id) }, entryFee)).toBeNull();
    expect(await port.sendInvoice({ platform: 'telegram', id: String(stranger.id) }, entryFee)).toBeNull();
    expect(fake.calls('sendInvoice').map((c) => c.status)).toEqual([403, 403]);
    expect([...port.unreachable]).toEqual([String(blocked.id), String(stranger.id)]);
  });

  it('answers the pre-checkout check: yes, or no with the reason the payer sees', async () => {
    const port = telegramPort();
    const payer = fake.world.addUser({ startedBot: true });
    const first = fake.injectUpdate(
      fake.build.preCheckoutQuery(payer, { total_amount: 50, invoice_payload: 'entry:12' }),
    );
    const second = fake.injectUpdate(
      fake.build.preCheckoutQuery(payer, { total_amount: 50, invoice_payload: 'entry:13' }),
    );
    await port.answerPaymentCheck(first.pre_checkout_query?.id ?? '', true);
    await port.answerPaymentCheck(second.pre_checkout_query?.id ?? '', false, 'This invoice has expired.');

    expect(fake.calls('answerPreCheckoutQuery').map((c) => [c.status, c.params])).toEqual([
      [200, { pre_checkout_query_id: first.pre_checkout_query?.id, ok: true }],
      [
        200,
        {
          pre_checkout_query_id: second.pre_checkout_query?.id,
          ok: false,
          error_message: 'This invoice has expired.',
        },
      ],
    ]);
    // A query is answered once: Telegram refuses a second answer.
    await expect(port.answerPaymentCheck(first.pre_checkout_query?.id ?? '', true)).rejects.toBeInstanceOf(
      PlatformError,
    );
  });
});

describe('Telegram port: button presses', () => {
  it('a press answered already (by another process, or before a crash) is not an error; the answer is sent once', async () => {
    const port = telegramPort();
    const { bob, chat, messageId } = circle();
    const press = fake.injectUpdate(
      fake.build.callbackQuery(bob, { chat_id: Number(chat.id), message_id: Number(messageId) }, 'g:1'),
    );
    const id = press.callback_query?.id ?? '';
    await port.acknowledge(id, 'Saved');
    await port.acknowledge(id);
    await port.acknowledge('no-such-query');
    expect(fake.calls('answerCallbackQuery').map((c) => c.status)).toEqual([200, 400, 400]);
  });
});
