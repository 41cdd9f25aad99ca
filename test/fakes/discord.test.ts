import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  Partials,
  Routes,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallbackType, type FakeDiscord, Intent, startFakeDiscord } from './discord/index.js';

let fake: FakeDiscord;
let client: Client | undefined;
let clock: number;

const ALL_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.MessageContent,
];

beforeEach(async () => {
  clock = Date.UTC(2026, 0, 1, 12);
  fake = await startFakeDiscord({ now: () => clock });
});
afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake.close();
});

/** A guild with an owner, the bot (its role at position 1) and a `general` text channel. */
function circle() {
  const guild = fake.world.addGuild({ name: 'Readers' });
  const general = guild.channelIds[0] ?? '';
  const alice = fake.world.addUser({ username: 'alice' });
  fake.world.addMember(guild.id, alice.id);
  return { guild, general, alice };
}

/** Logs a real discord.js client in against the fake and waits for `clientReady`. */
async function login(intents: number[] = ALL_INTENTS): Promise<Client<true>> {
  const c = new Client({ intents, rest: { api: fake.apiRoot } });
  client = c;
  const ready = once(c, Events.ClientReady);
  await c.login(fake.token);
  await ready;
  return c as Client<true>;
}

/** The next event of that name on the client. */
function next<T>(c: Client, event: string): Promise<T> {
  return once(c, event).then(([value]) => value as T);
}

/** The DiscordAPIError a promise rejects with. */
async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DiscordAPIError);
  return err as DiscordAPIError;
}

describe('fake Discord with real discord.js: gateway', () => {
  it('login reaches ready with the guild, its channels, roles and the bot member cached', async () => {
    const { guild, general } = circle();
    const c = await login();

    const cached = c.guilds.cache.get(guild.id);
    expect(cached?.name).toBe('Readers');
    expect(cached?.available).toBe(true);
    expect(cached?.memberCount).toBe(3);
    expect(cached?.ownerId).toBe(guild.ownerId);
    expect(cached?.channels.cache.get(general)?.name).toBe('general');
    expect(cached?.members.me?.roles.highest.id).toBe(guild.botRoleId);
    // Without GUILD_PRESENCES only the bot comes with GUILD_CREATE; the rest arrive on request (op 8).
    expect(cached?.members.cache.map((m) => m.id)).toEqual([fake.world.botUser.id]);
    expect((await cached?.members.fetch())?.size).toBe(3);
    expect(c.user.id).toBe(fake.world.botUser.id);
    expect(c.application.id).toBe(fake.world.application.id);
    expect(BigInt(guild.id) > 2n ** 53n).toBe(true);

    const [identify] = fake.gateway.identifies();
    expect(identify?.outcome).toBe('ready');
    expect(identify?.intents).toBe(ALL_INTENTS.reduce((a, b) => a | b, 0));
    expect(identify?.d.compress).toBe(false);
    expect(fake.calls('GET /gateway/bot')).toHaveLength(1);
  });

  it('an injected MESSAGE_CREATE reaches messageCreate with its content', async () => {
    const { general, alice } = circle();
    const c = await login();

    const got = next<Message>(c, Events.MessageCreate);
    fake.dispatch(fake.build.message(general, alice, 'hello circle'));

    const message = await got;
    expect(message.content).toBe('hello circle');
    expect(message.author.id).toBe(alice.id);
    expect(message.member?.id).toBe(alice.id);
    expect(fake.world.messages(general).map((m) => m.content)).toEqual(['hello circle']);
  });

  it('without the MessageContent intent a guild message arrives with empty content', async () => {
    const { general, alice } = circle();
    const c = await login([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);

    const got = next<Message>(c, Events.MessageCreate);
    fake.dispatch(fake.build.message(general, alice, 'secret words'));

    expect((await got).content).toBe('');
  });

  it('a missing privileged intent closes with 4014: login rejects and shardDisconnect reports the code', async () => {
    await fake.close();
    fake = await startFakeDiscord({ privilegedIntents: { guildMembers: false } });
    circle();
    const c = new Client({ intents: ALL_INTENTS, rest: { api: fake.apiRoot } });
    client = c;
    const disconnected = next<{ code: number }>(c, Events.ShardDisconnect);

    await expect(c.login(fake.token)).rejects.toThrow('Used disallowed intents');
    expect((await disconnected).code).toBe(4014);
    expect(fake.gateway.identifies()[0]?.outcome).toBe(4014);
    expect(fake.gateway.sessions()).toEqual([]);
  });

  it('Reconnect (op 7): discord.js resumes through resume_gateway_url and gets what it missed', async () => {
    const { general, alice } = circle();
    const c = await login();
    const got = next<Message>(c, Events.MessageCreate);
    const resumed = next(c, Events.ShardResume);

    fake.gateway.requestReconnect();
    fake.dispatch(fake.build.message(general, alice, 'while you were away'));

    expect((await got).content).toBe('while you were away');
    await resumed;
    const resume = fake.gateway.frames().filter((f) => f.dir === 'in' && f.op === 6);
    expect(resume.map((f) => f.connection)).toEqual([2]);
    expect(fake.gateway.connections().map((conn) => [conn.path, conn.closeCode])).toEqual([
      ['/', 4200],
      ['/resume', undefined],
    ]);
    expect(fake.gateway.identifies()).toHaveLength(1);
  });

  it('joins, leaves, reactions and a new guild reach their discord.js events', async () => {
    const { guild, general, alice } = circle();
    const c = await login();
    const bob = fake.world.addUser({ username: 'bob' });

    const joined = next<{ id: string; guild: { memberCount: number } }>(c, Events.GuildMemberAdd);
    fake.dispatch(fake.build.memberAdd(guild.id, bob));
    expect((await joined).id).toBe(bob.id);
    expect(fake.world.requireGuild(guild.id).members.has(bob.id)).toBe(true);

    const left = next<{ id: string }>(c, Events.GuildMemberRemove);
    fake.dispatch(fake.build.memberRemove(guild.id, bob));
    expect((await left).id).toBe(bob.id);

    const posted = fake.dispatch(fake.build.message(general, alice, 'react to me'));
    const reacted = once(c, Events.MessageReactionAdd);
    fake.dispatch(fake.build.reactionAdd(alice, { id: posted.d.id, channel_id: general }, '👍'));
    const [reaction, user] = (await reacted) as [{ emoji: { name: string } }, { id: string }];
    expect([reaction.emoji.name, user.id]).toEqual(['👍', alice.id]);

    const other = fake.world.addGuild({ name: 'Writers', botMember: false });
    const created = next<{ id: string; name: string }>(c, Events.GuildCreate);
    fake.dispatch(fake.build.guildCreate(other.id));
    expect((await created).name).toBe('Writers');
    expect(fake.world.requireGuild(other.id).members.has(fake.world.botUser.id)).toBe(true);
  });

  it('heartbeats are acknowledged', async () => {
    await fake.close();
    fake = await startFakeDiscord({ heartbeatIntervalMs: 20 });
    circle();
    await login();
    const beat = await fake.gateway.waitForFrame((f) => f.dir === 'in' && f.op === 1);
    const ack = await fake.gateway.waitForFrame((f) => f.dir === 'out' && f.op === 11);
    expect(ack.connection).toBe(beat.connection);
  });

  it('Invalid Session (op 9, not resumable) makes discord.js identify again', async () => {
    circle();
    const c = new Client({
      intents: ALL_INTENTS,
      rest: { api: fake.apiRoot },
      // The default throttler spaces identifies 5 s apart; tests need not wait for that.
      ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) },
    });
    client = c;
    const ready = next(c, Events.ClientReady);
    await c.login(fake.token);
    await ready;

    const readyAgain = next(c, Events.ShardReady);
    fake.gateway.invalidateSession(false);

    // Wait for discord.js, not just the fake: destroying a client mid-handshake makes it reconnect.
    await readyAgain;
    expect(fake.gateway.identifies().map((i) => [i.connection, i.outcome])).toEqual([
      [1, 'ready'],
      [2, 'ready'],
    ]);
    expect(fake.gateway.sessions()).toHaveLength(1);
  });

  it('client.destroy() ends the session and fake.close() returns at once', async () => {
    circle();
    const c = await login();
    await c.destroy();
    client = undefined;
    expect(fake.gateway.sessions()).toEqual([]);
  });
});

describe('fake Discord with real discord.js: interactions', () => {
  it('a slash command reaches interactionCreate; an ephemeral reply is callback type 4 with flags 64', async () => {
    const { general, alice } = circle();
    const c = await login();
    c.on(Events.InteractionCreate, (i: Interaction) => {
      if (i.isChatInputCommand())
        void i.reply({ content: `points: ${i.options.getInteger('n')}`, flags: MessageFlags.Ephemeral });
    });

    const sent = fake.dispatch(fake.build.slashCommand(general, alice, 'points', { n: 42 }));

    const call = await fake.waitForCall('POST', '/interactions/:id/:token/callback');
    expect(call.path).toBe(`/interactions/${sent.d.id}/${sent.d.token}/callback`);
    expect(call.body).toMatchObject({
      type: CallbackType.ChannelMessageWithSource,
      data: { content: 'points: 42', flags: 64 },
    });
    expect(call.status).toBe(204);
    // Ephemeral: not in the channel.
    expect(fake.world.messages(general)).toEqual([]);
  });

  it('answering twice is 400 40060; answering after 3 s is 404 10062', async () => {
    const { general, alice } = circle();
    const c = await login();
    const first = fake.dispatch(fake.build.slashCommand(general, alice, 'rank'));
    const answer = (i: { d: { id: string; token: string } }) =>
      c.rest.post(Routes.interactionCallback(i.d.id, i.d.token), {
        body: { type: 4, data: { content: 'ok' } },
        auth: false,
      });

    await answer(first);
    const twice = await apiError(answer(first));
    expect(twice.code).toBe(40060);
    expect(twice.message).toBe('Interaction has already been acknowledged.');

    const late = fake.dispatch(fake.build.slashCommand(general, alice, 'rank'));
    clock += 3001;
    const expired = await apiError(answer(late));
    expect([expired.status, expired.code, expired.message]).toEqual([404, 10062, 'Unknown interaction']);
  });

  it('a button answered with showModal is callback type 9; the submitted modal reaches the bot', async () => {
    const { general, alice } = circle();
    const c = await login();
    const channel = c.channels.cache.get(general);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const posted = await channel.send({
      content: 'Want in?',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('apply').setLabel('Apply').setStyle(ButtonStyle.Primary),
        ),
      ],
    });
    const submitted = new Promise<ModalSubmitInteraction>((resolve) => {
      c.on(Events.InteractionCreate, (i: Interaction) => {
        if (i.isButton()) {
          void i.showModal(
            new ModalBuilder()
              .setCustomId('application')
              .setTitle('Why join?')
              .addComponents(
                new ActionRowBuilder<TextInputBuilder>().addComponents(
                  new TextInputBuilder()
                    .setCustomId('why')
                    .setLabel('Why')
                    .setStyle(TextInputStyle.Paragraph),
                ),
              ),
          );
        }
        if (i.isModalSubmit()) resolve(i);
      });
    });

    const press = fake.dispatch(fake.build.button(alice, { id: posted.id, channel_id: general }, 'apply'));
    const call = await fake.waitForCall('POST', '/interactions/:id/:token/callback');
    expect(call.body).toMatchObject({
      type: CallbackType.Modal,
      data: { custom_id: 'application', title: 'Why join?' },
    });

    fake.dispatch(fake.build.modalSubmit(alice, press.d.id, { why: 'I read a lot' }));
    const modal = await submitted;
    expect(modal.customId).toBe('application');
    expect(modal.fields.getTextInputValue('why')).toBe('I read a lot');
  });

  it('deferReply then editReply patches @original', async () => {
    const { general, alice } = circle();
    const c = await login();
    c.on(Events.InteractionCreate, async (i: Interaction) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply('your credit: 712');
    });

    fake.dispatch(fake.build.slashCommand(general, alice, 'credit'));

    const edit = await fake.waitForCall('PATCH', '/webhooks/:app/:token/messages/@original');
    expect(edit.response).toMatchObject({ content: 'your credit: 712', flags: 0 });
    expect(fake.calls('POST /interactions/:id/:token/callback')[0]?.body).toMatchObject({ type: 5 });
    expect(fake.world.messages(general).map((m) => m.content)).toEqual(['your credit: 712']);
  });

  it('guild commands are stored on bulk overwrite, and options use their declared types', async () => {
    const { guild, general, alice } = circle();
    const c = await login();
    const bob = fake.world.addUser({ username: 'bob' });
    fake.world.addMember(guild.id, bob.id);

    await c.guilds.cache.get(guild.id)?.commands.set([
      {
        name: 'vouch',
        description: 'Vouch for a member',
        options: [{ type: 6, name: 'member', description: 'Who', required: true }],
      },
    ]);
    expect(fake.commands(guild.id).map((cmd) => cmd.name)).toEqual(['vouch']);

    const got = next<ChatInputCommandInteraction>(c, Events.InteractionCreate);
    fake.dispatch(fake.build.slashCommand(general, alice, 'vouch', { member: bob.id }));
    const interaction = await got;
    expect(interaction.commandId).toBe(fake.commands(guild.id)[0]?.id);
    expect(interaction.options.getUser('member')?.id).toBe(bob.id);
    expect(interaction.memberPermissions?.has('SendMessages')).toBe(true);
  });
});

describe('fake Discord: interaction rules checked over REST', () => {
  it('a modal over 45 characters of title, or a row with two inputs, is 400 Invalid Form Body', async () => {
    const { general, alice } = circle();
    const c = await login();
    const input = (id: string) => ({ type: 4, custom_id: id, label: 'Answer', style: 1 });
    const showModal = (data: Record<string, unknown>) => {
      const sent = fake.dispatch(fake.build.slashCommand(general, alice, 'apply'));
      return c.rest.post(Routes.interactionCallback(sent.d.id, sent.d.token), {
        body: { type: 9, data: { custom_id: 'm', title: 'Apply', ...data } },
        auth: false,
      });
    };

    const long = await apiError(
      showModal({ title: 'x'.repeat(46), components: [{ type: 1, components: [input('a')] }] }),
    );
    expect([long.status, long.code]).toEqual([400, 50035]);
    expect(long.message).toContain('data.title[BASE_TYPE_MAX_LENGTH]: Must be 45 or fewer in length.');

    const wide = await apiError(
      showModal({ components: [{ type: 1, components: [input('a'), input('b')] }] }),
    );
    expect(wide.code).toBe(50035);
    const six = await apiError(
      showModal({
        components: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ type: 1, components: [input(id)] })),
      }),
    );
    expect(six.code).toBe(50035);
    await showModal({ components: [{ type: 18, label: 'Why?', component: input('why') }] });
    expect(fake.calls('POST /interactions/:id/:token/callback').map((call) => call.status)).toEqual([
      400, 400, 400, 204,
    ]);
  });

  it('a string select reaches the bot with its values, and update (type 7) edits the message', async () => {
    const { general, alice } = circle();
    const c = await login();
    const channel = c.channels.cache.get(general);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const posted = await channel.send({
      content: 'Pick one',
      components: [
        {
          type: 1,
          components: [
            {
              type: 3,
              custom_id: 'q1',
              options: [
                { label: 'A', value: 'a' },
                { label: 'B', value: 'b' },
              ],
            },
          ],
        },
      ],
    });
    c.on(Events.InteractionCreate, (i: Interaction) => {
      if (i.isStringSelectMenu())
        void i.update({ content: `You picked ${i.values.join(',')}`, components: [] });
    });

    fake.dispatch(fake.build.stringSelect(alice, { id: posted.id, channel_id: general }, 'q1', ['b']));

    const call = await fake.waitForCall('POST', '/interactions/:id/:token/callback');
    expect(call.body).toMatchObject({ type: CallbackType.UpdateMessage, data: { content: 'You picked b' } });
    expect(fake.world.findMessage(general, posted.id)?.content).toBe('You picked b');
  });
});

describe('fake Discord with real discord.js: REST rules', () => {
  it('adding a role above the bot is 403 50013; a role below works and updates the cache', async () => {
    const { guild, alice } = circle();
    const mods = fake.world.addRole(guild.id, { name: 'Moderators', position: 'top' });
    const member = fake.world.addRole(guild.id, { name: 'Member' });
    const c = await login();
    const g = c.guilds.cache.get(guild.id);
    const aliceMember = await g?.members.fetch(alice.id);

    const denied = await apiError(aliceMember?.roles.add(mods.id) ?? Promise.resolve());
    expect([denied.status, denied.code, denied.message]).toEqual([403, 50013, 'Missing Permissions']);

    const updated = next(c, Events.GuildMemberUpdate);
    await aliceMember?.roles.add(member.id);
    await updated;
    expect(g?.members.cache.get(alice.id)?.roles.cache.has(member.id)).toBe(true);
    expect(fake.world.requireMember(guild.id, alice.id).roles).toEqual([member.id]);
  });

  it('kicking: the owner is out of reach (50013); a member is removed and guildMemberRemove follows', async () => {
    const { guild, alice } = circle();
    const c = await login();
    const g = c.guilds.cache.get(guild.id);
    // discord.js emits guildMemberRemove only for cached members (or with Partials.GuildMember).
    await g?.members.fetch(alice.id);

    const denied = await apiError(g?.members.kick(guild.ownerId) ?? Promise.resolve());
    expect(denied.code).toBe(50013);

    const removed = next<{ id: string }>(c, Events.GuildMemberRemove);
    await g?.members.kick(alice.id, 'failed screening');
    expect((await removed).id).toBe(alice.id);
    expect(fake.calls('DELETE /guilds/:g/members/:u').map((call) => [call.status, call.reason])).toEqual([
      [403, undefined],
      [204, 'failed screening'],
    ]);
  });

  it('a DM from a member reaches messageCreate (with Partials.Channel) and the bot can answer', async () => {
    const { alice } = circle();
    const c = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      rest: { api: fake.apiRoot },
    });
    client = c;
    const ready = next(c, Events.ClientReady);
    await c.login(fake.token);
    await ready;
    const dm = fake.world.dmChannel(alice.id);

    const got = next<Message>(c, Events.MessageCreate);
    fake.dispatch(fake.build.message(dm.id, alice, 'hi bot'));
    const message = await got;
    expect([message.content, message.channel.isDMBased()]).toEqual(['hi bot', true]);

    await message.reply('hi Alice');
    expect(fake.world.messages(dm.id).map((m) => m.content)).toEqual(['hi bot', 'hi Alice']);
  });

  it('a user with DMs closed answers 403 50007', async () => {
    const { alice } = circle();
    fake.world.setDmsClosed(alice.id);
    const c = await login();
    const user = await c.users.fetch(alice.id);

    const err = await apiError(user.send('your application was approved'));
    expect([err.status, err.code]).toEqual([403, 50007]);
  });

  it('a 429 makes discord.js wait retry_after and retry', async () => {
    const { general } = circle();
    const c = await login();
    const channel = c.channels.cache.get(general);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    fake.failNext('POST /channels/:id/messages', { status: 429, retry_after: 0.05 });

    await channel.send('after the limit');

    expect(fake.calls('POST /channels/:id/messages').map((call) => call.status)).toEqual([429, 200]);
    expect(fake.world.messages(general).map((m) => m.content)).toEqual(['after the limit']);
  });
});

it('Intent bits match discord.js', () => {
  expect(Intent.GuildMembers).toBe(GatewayIntentBits.GuildMembers);
  expect(Intent.MessageContent).toBe(GatewayIntentBits.MessageContent);
});
