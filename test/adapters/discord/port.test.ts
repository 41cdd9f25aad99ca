import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordPort } from '../../../adapters/discord/port.js';
import { channelRef, dmRef, guildRef, interactionKey, messageKey } from '../../../adapters/discord/refs.js';
import { PlatformError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/logger.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };
/** Not a real picture: the port passes bytes through untouched, which is what is checked. */
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);

let fake: FakeDiscord;
let client: Client<true>;

beforeEach(async () => {
  fake = await startFakeDiscord();
});
afterEach(async () => {
  await client?.destroy();
  await fake.close();
});

/** A guild with `general` and `events` channels and a member, and the port over a logged-in discord.js. */
async function setUp() {
  const guild = fake.world.addGuild({
    name: 'Tea lovers',
    channels: [{ name: 'general' }, { name: 'events' }],
  });
  const [general = '', events = ''] = guild.channelIds;
  const alice = fake.world.addUser({ username: 'alice' });
  fake.world.addMember(guild.id, alice.id);
  const c = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildMessageReactions,
      GatewayIntentBits.DirectMessages,
    ],
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    rest: { api: fake.apiRoot },
  });
  client = c as Client<true>;
  const ready = once(c, Events.ClientReady);
  await c.login(fake.token);
  await ready;
  return { guild, general, events, alice, port: new DiscordPort(c, silentLog) };
}

describe('Discord port: pictures', () => {
  it('posts a picture as an attachment with the caption as text, in the circle’s channel', async () => {
    const { guild, general, port } = await setUp();
    const sent = await port.sendImage(guildRef(guild.id), {
      png: PNG,
      filename: 'checkin.png',
      caption: 'Spring meetup check-in',
    });

    const call = await fake.waitForCall('POST', `/channels/${general}/messages`);
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({ content: 'Spring meetup check-in' });
    expect(call.files).toHaveLength(1);
    expect(call.files[0]).toMatchObject({ filename: 'checkin.png', size: PNG.byteLength });
    expect([...(call.files[0]?.bytes ?? [])]).toEqual([...PNG]);
    const [, messageId = ''] = sent.messageId.split('/');
    expect(sent).toEqual({ chat: guildRef(guild.id), messageId: messageKey(general, messageId) });
    expect(fake.world.findMessage(general, messageId)?.attachments).toMatchObject([
      { filename: 'checkin.png', size: PNG.byteLength },
    ]);
    expect(port.capabilities.has('images')).toBe(true);
  });

  it('posts into the channel a ref names, or privately', async () => {
    const { guild, events, alice, port } = await setUp();
    await port.sendImage(channelRef(guild.id, events), { png: PNG, filename: 'checkin.png' });
    const inChannel = await fake.waitForCall('POST', `/channels/${events}/messages`);
    expect(inChannel.files.map((f) => f.filename)).toEqual(['checkin.png']);

    await port.sendImage(dmRef(alice.id), { png: PNG, filename: 'card.png', caption: 'Your card' });
    const dm = fake.world.dmChannel(alice.id);
    const privately = await fake.waitForCall('POST', `/channels/${dm.id}/messages`);
    expect(privately.body).toMatchObject({ content: 'Your card' });
    expect(privately.files.map((f) => f.filename)).toEqual(['card.png']);
  });
});

describe('Discord port: reactions', () => {
  it('reacts to a member’s message with the emoji (PUT …/reactions/🎉/@me)', async () => {
    const { general, alice, port } = await setUp();
    const said = fake.dispatch(fake.build.message(general, alice, 'I reached a new level?'));
    const key = messageKey(general, said.d.id);
    await port.react(guildRef(said.d.guild_id ?? ''), key, '🎉');

    const call = await fake.waitForCall('PUT', `/channels/${general}/messages/${said.d.id}/reactions/🎉/@me`);
    expect(call.status).toBe(204);
    expect(fake.world.findMessage(general, said.d.id)?.reactions).toMatchObject([
      { count: 1, me: true, emoji: { id: null, name: '🎉' } },
    ]);
    expect(port.capabilities.has('reactions')).toBe(true);
  });

  it('a slash command cannot carry a reaction, and Discord refusing one is a PlatformError', async () => {
    const { general, alice, guild, port } = await setUp();
    await expect(port.react(guildRef(guild.id), interactionKey('1234567890'), '🎉')).rejects.toBeInstanceOf(
      PlatformError,
    );
    expect(fake.calls('PUT /channels/:c/messages/:m/reactions/:e/@me')).toEqual([]);

    const said = fake.dispatch(fake.build.message(general, alice, 'hello'));
    fake.failNext('PUT /channels/:c/messages/:m/reactions/:e/@me', { status: 403, code: 50013 });
    const refused = port.react(guildRef(guild.id), messageKey(general, said.d.id), '🎉');
    await expect(refused).rejects.toBeInstanceOf(PlatformError);
    await expect(refused).rejects.toMatchObject({ method: 'react' });
  });
});

describe('Discord port: files', () => {
  it('sends a member a file in their DMs, with the caption as text; closed DMs give null', async () => {
    const { alice, port } = await setUp();
    const json = new TextEncoder().encode('{"format":"circlebot.mydata/1"}');
    const sent = await port.sendFile(
      { platform: 'discord', id: alice.id },
      { bytes: json, filename: 'circlebot-mydata.json', mimeType: 'application/json', caption: 'Your data' },
    );
    const dm = fake.world.dmChannel(alice.id);
    const call = await fake.waitForCall('POST', `/channels/${dm.id}/messages`);
    expect(call.body).toMatchObject({ content: 'Your data' });
    expect(call.files[0]).toMatchObject({ filename: 'circlebot-mydata.json', size: json.byteLength });
    expect(sent?.chat).toEqual(dmRef(alice.id));
    expect(port.capabilities.has('files')).toBe(true);

    const closed = fake.world.addUser({ username: 'bob', dmsClosed: true });
    expect(
      await port.sendFile(
        { platform: 'discord', id: closed.id },
        { bytes: json, filename: 'circlebot-mydata.json', mimeType: 'application/json' },
      ),
    ).toBeNull();
  });
});
