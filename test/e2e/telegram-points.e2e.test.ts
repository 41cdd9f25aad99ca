import { afterEach, describe, expect, it } from 'vitest';
import { readQr } from '../fakes/qr.js';
import { type FakeFile, type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { startTelegramBot, type TelegramBot } from './telegram-harness.js';

const MINUTE = 60_000;
/** Seven different messages: 7 × 15 points (the draw is fixed at its lowest) reach level 1 (100). */
const CHAT = [
  'good morning everyone',
  'the oolong from last week was lovely',
  'who wants to try a smoky lapsang?',
  'I found a shop selling aged pu-erh',
  'matcha latte or plain matcha, which one?',
  'my kettle finally broke today',
  'and now some assam with milk',
];

describe('points in a Telegram group (real telegraf, fake Bot API)', () => {
  const bots: TelegramBot[] = [];
  const fakes: FakeTelegram[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  async function setUp() {
    const fake = await startFakeTelegram({ bot: { can_read_all_group_messages: true } });
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
    const bob = fake.world.addUser({ username: 'bob' });
    const carol = fake.world.addUser({ username: 'carol' });
    const group = fake.world.addChat({ title: 'Tea lovers', owner });
    fake.world.setMember(group.id, bob, 'member');
    fake.world.setMember(group.id, carol, 'member');
    const bot = await startTelegramBot({ fake });
    bots.push(bot);
    const say = async (user: typeof bob, text: string) => {
      await bot.deliver(fake.build.message(group.id, user, text));
      bot.clock.advance(MINUTE + 1);
    };
    const lastText = () => String(fake.calls('sendMessage').at(-1)?.params.text);
    return { fake, bot, owner, bob, carol, group, say, lastText };
  }

  it('counts members’ messages; /rank and /top answer correctly', async () => {
    const { bob, carol, say, lastText } = await setUp();
    await say(bob, 'good morning tea lovers');
    await say(carol, 'who is coming on friday?');
    await say(bob, 'I will bring a new oolong');
    await say(bob, 'and biscuits, of course');
    await say(carol, '/rank');
    expect(lastText()).toContain('@carol — level 0, 15 points, rank 2 of 2');
    await say(bob, '/top');
    expect(lastText()).toBe('Top members of all time:\n1. @bob — 45\n2. @carol — 15');
  });

  it('deletes a level-0 member’s link once links need level 2, and keeps an admin’s', async () => {
    const { fake, bot, owner, bob, group, say } = await setUp();
    await say(owner, '/level links 2');
    await say(bob, 'cheap tea here: https://spam.example/deal');
    const deleted = fake.calls('deleteMessage');
    expect(deleted).toHaveLength(1);
    expect(Number(deleted[0]?.params.chat_id)).toBe(group.id);
    expect(
      fake
        .calls('sendMessage')
        .some((c) => String(c.params.text) === '@bob, links unlock at level 2 here. Keep chatting!'),
    ).toBe(true);
    // A link hidden behind a word (text_link entity) is a link too.
    await bot.deliver(
      fake.build.message(group.id, bob, 'our menu', {
        entities: [{ type: 'text_link', offset: 4, length: 4, url: 'https://spam.example' }],
      }),
    );
    expect(fake.calls('deleteMessage')).toHaveLength(2);
    await say(owner, 'the menu: https://tea.example/menu');
    expect(fake.calls('deleteMessage')).toHaveLength(2);
    // The notices clean themselves up.
    await bot.advance(31_000);
    expect(fake.calls('deleteMessage')).toHaveLength(4);
  });

  it('redeems an event code once; the second try is refused', async () => {
    const { owner, bob, say, lastText } = await setUp();
    await say(owner, '/event create Spring meetup 50');
    const code = /: ([A-Z0-9]{8}) — worth 50 points/.exec(lastText())?.[1];
    expect(code).toBeDefined();
    await say(bob, `/checkin ${code}`);
    expect(lastText()).toBe('Checked in at “Spring meetup”: +50 points (now 50).');
    await say(bob, `/checkin ${code}`);
    expect(lastText()).toBe('You already checked in with that code.');
  });

  it('never counts a redelivered update twice', async () => {
    const { fake, bot, bob, group, say, lastText } = await setUp();
    const update = fake.injectUpdate(fake.build.message(group.id, bob, 'a message delivered twice'));
    await fake.waitForPoll(10_000);
    await bot.deliver({ ...update });
    bot.clock.advance(MINUTE + 1);
    await say(bob, '/rank');
    expect(lastText()).toContain('15 points');
  });

  it('/event create also posts the code as a QR picture that reads as the /checkin line', async () => {
    const { fake, owner, bob, group, say, lastText } = await setUp();
    await say(owner, '/event create Tea tasting 30');
    const code = /: ([A-Z0-9]{8}) — worth 30 points/.exec(lastText())?.[1];
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    const photo = await fake.waitForCall('sendPhoto');
    expect(photo.status).toBe(200);
    expect(Number(photo.params.chat_id)).toBe(group.id);
    expect(photo.params.caption).toBe(`“Tea tasting” check-in: scan this code, or send /checkin ${code}`);
    const upload = photo.params.photo as FakeFile;
    expect(upload).toMatchObject({ filename: 'checkin.png' });
    expect(readQr(upload.bytes)).toBe(`/checkin ${code}`);
    // Telegram answered with a photo message, now in the group.
    expect(fake.world.messages(group.id).filter((m) => m.photo !== undefined)).toHaveLength(1);

    // What the picture says works.
    await say(bob, `/checkin ${code}`);
    expect(lastText()).toBe('Checked in at “Tea tasting”: +30 points (now 30).');
  });

  it('with /level announce reaction, a level-up is a 🎉 on the message that earned it, not a line', async () => {
    const { fake, bot, owner, bob, group, say, lastText } = await setUp();
    await say(owner, '/level announce reaction');
    expect(lastText()).toBe(
      'Level-ups are marked with a 🎉 on the message that earned them (a line where that is not possible).',
    );
    for (const text of CHAT.slice(0, 6)) await say(bob, text);
    expect(fake.calls('setMessageReaction')).toHaveLength(0);
    const sevenths = fake.build.message(group.id, bob, CHAT[6] ?? '');
    await bot.deliver(sevenths);

    const reaction = await fake.waitForCall('setMessageReaction');
    const messageId = sevenths.message?.message_id;
    expect(reaction.status).toBe(200);
    expect(reaction.params).toMatchObject({
      chat_id: String(group.id),
      message_id: messageId,
      reaction: [{ type: 'emoji', emoji: '🎉' }],
    });
    expect(fake.world.botReactions(group.id, Number(messageId))).toEqual(['🎉']);
    expect(fake.calls('sendMessage').some((c) => String(c.params.text).includes('reached level'))).toBe(
      false,
    );
  });

  it('when the group refuses the reaction, the level-up is announced with a line after all', async () => {
    const { fake, owner, bob, say, lastText } = await setUp();
    await say(owner, '/level announce reaction');
    fake.failNext('setMessageReaction', { error_code: 400, description: 'Bad Request: REACTION_INVALID' });
    for (const text of CHAT) await say(bob, text);
    expect(fake.calls('setMessageReaction').map((c) => c.status)).toEqual([400]);
    expect(lastText()).toBe('🎉 @bob reached level 1!');
  });
});
