import { afterEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { startTelegramBot, type TelegramBot } from './telegram-harness.js';

const MINUTE = 60_000;

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
});
