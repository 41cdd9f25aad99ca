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
