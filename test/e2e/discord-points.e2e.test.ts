import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { readQr } from '../fakes/qr.js';
import { type DiscordBot, startDiscordBot } from './discord-harness.js';

/** Seven different messages: 7 × 15 points (the draw is fixed at its lowest) reach level 1 (100). */
const CHAT = [
  'good morning from Hangzhou',
  'the rain finally stopped here',
  'who wants to try the new oolong?',
  'I brought biscuits for Friday',
  'remember the meetup at seven',
  'my cat knocked over the teapot again',
  'anyone reading something good lately?',
];

describe('points pictures and reactions in a Discord server (real discord.js, fake REST + gateway)', () => {
  const bots: DiscordBot[] = [];
  const fakes: FakeDiscord[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  async function setUp() {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia' });
    const guild = fake.world.addGuild({
      name: 'Tea lovers',
      owner: owner.id,
      channels: [{ name: 'general' }, { name: 'events' }],
    });
    const [general, events] = guild.channelIds as [string, string];
    const bob = fake.world.addUser({ username: 'bob' });
    fake.world.addMember(guild.id, bob.id);
    const bot = await startDiscordBot({ fake });
    bots.push(bot);
    return { fake, bot, owner, bob, guild, general, events };
  }

  it('/event create answers with the code and posts its QR picture in the channel it was typed in', async () => {
    const { fake, bot, owner, events } = await setUp();
    await bot.dispatch(
      fake.build.slashCommand(events, owner.id, 'event create', { details: 'Tea tasting 30' }),
    );
    const answer = JSON.stringify(fake.calls(/\/interactions\/|\/webhooks\//).map((c) => c.body));
    const code = /: ([A-Z0-9]{8}) — worth 30 points/.exec(answer)?.[1];
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    const posts = fake.calls('POST /channels/:c/messages').filter((c) => c.files.length > 0);
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post?.path).toBe(`/channels/${events}/messages`);
    expect(post?.body).toMatchObject({
      content: `“Tea tasting” check-in: scan this code, or send /checkin ${code}`,
    });
    expect(post?.files[0]?.filename).toBe('checkin.png');
    expect(readQr(post?.files[0]?.bytes ?? new Uint8Array())).toBe(`/checkin ${code}`);
  });

  it('with /level announce reaction, a level-up is a 🎉 on the message that earned it', async () => {
    const { fake, bot, owner, bob, general } = await setUp();
    await bot.dispatch(fake.build.slashCommand(general, owner.id, 'level announce', { style: 'reaction' }));
    let last = '';
    for (const line of CHAT) {
      const message = fake.build.message(general, bob.id, line);
      last = message.d.id;
      await bot.dispatch(message);
      bot.clock.advance(61_000);
    }

    const reactions = fake.calls('PUT /channels/:c/messages/:m/reactions/:e/@me');
    expect(reactions.map((c) => [c.path, c.status])).toEqual([
      [`/channels/${general}/messages/${last}/reactions/🎉/@me`, 204],
    ]);
    expect(fake.world.findMessage(general, last)?.reactions).toMatchObject([
      { me: true, emoji: { name: '🎉' } },
    ]);
    const said = JSON.stringify(fake.calls('POST /channels/:c/messages').map((c) => c.body));
    expect(said).not.toContain('reached level');
  });
});
