import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type DiscordBot, startDiscordBot, until } from './discord-harness.js';

const MANAGE_GUILD = 1n << 5n;

/** A newcomer joins, finds the Apply invitation in the gate channel and presses it. */
async function joinAndApply(bot: DiscordBot, guildId: string, applyChannel: string, username: string) {
  const { fake } = bot;
  const user = fake.world.addUser({ username });
  await bot.dispatch(fake.build.memberAdd(guildId, user.id));
  const invite = fake
    .calls('POST /channels/:c/messages')
    .find((c) => c.path === `/channels/${applyChannel}/messages`);
  const message = invite?.response as { id: string; channel_id: string };
  const press = fake.build.button(user.id, message, 'gate:apply');
  await bot.dispatch(press);
  return { user, message, press };
}

describe('circlebot in a Discord server (real discord.js, fake REST + gateway)', () => {
  const bots: DiscordBot[] = [];
  const fakes: FakeDiscord[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  async function setUp(opts: { applicantAboveBot?: boolean } = {}) {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia' });
    const guild = fake.world.addGuild({
      name: 'Tea lovers',
      owner: owner.id,
      channels: [{ name: 'general' }, { name: 'apply' }],
      roles: [
        { name: 'Member', position: 'bottom' },
        { name: 'Applicant', position: opts.applicantAboveBot ? 'top' : 'bottom' },
      ],
    });
    const [general, apply] = guild.channelIds as [string, string];
    const role = (name: string) =>
      [...fake.world.requireGuild(guild.id).roles.values()].find((r) => r.name === name)!.id;
    const bot = await startDiscordBot({ fake });
    bots.push(bot);
    const command = (
      user: { id: string },
      name: string,
      options: Record<string, string | number> = {},
      extra = {},
    ) => bot.dispatch(fake.build.slashCommand(general, user.id, name, options, extra));
    /** The text of the latest answer to an interaction (the edited deferred reply). */
    const lastReply = () => {
      const call = fake
        .calls(/\/webhooks\/\d+\/[^/]+\/messages\/@original|\/interactions\/\d+\/[^/]+\/callback/)
        .at(-1);
      const body = call?.body as { content?: string; data?: { content?: string } } | undefined;
      return body?.content ?? body?.data?.content ?? '';
    };
    return { fake, bot, owner, guild, general, apply, role, command, lastReply };
  }

  it('publishes slash commands per guild, admin ones behind Manage Server', async () => {
    const { fake, guild } = await setUp();
    const commands = fake.commands(guild.id);
    const gate = commands.find((c) => c.name === 'gate');
    expect(gate?.default_member_permissions).toBe('32');
    expect(commands.find((c) => c.name === 'rank')?.default_member_permissions ?? null).toBeNull();
    expect(gate?.description_localizations?.['zh-CN']).toBe('筛选申请入群的人');
  });

  it('answers a slash command through the deferred reply', async () => {
    const { owner, command, lastReply } = await setUp();
    await command(owner, 'ping');
    expect(lastReply()).toMatch(/^pong/);
  });

  it('holds a newcomer in quarantine, and right answers swap the quarantine role for the member role', async () => {
    const ctx = await setUp();
    const { fake, bot, owner, guild, apply, role, command } = ctx;
    await command(owner, 'question add', { question: 'Which city hosts our meetups? | Beijing | *Hangzhou' });
    await command(owner, 'gate on');
    const carol = fake.world.addUser({ username: 'carol' });
    await bot.dispatch(fake.build.memberAdd(guild.id, carol.id));

    const quarantined = fake.calls('PUT /guilds/:g/members/:u/roles/:r').at(-1);
    expect(quarantined?.path).toBe(`/guilds/${guild.id}/members/${carol.id}/roles/${role('Applicant')}`);
    const invite = fake
      .calls('POST /channels/:c/messages')
      .find((c) => c.path === `/channels/${apply}/messages`);
    expect(JSON.stringify(invite?.body)).toContain('gate:apply');
    const inviteMessage = invite?.response as { id: string; channel_id: string };

    await bot.dispatch(fake.build.button(carol.id, inviteMessage, 'gate:apply'));
    const select = fake.calls('POST /interactions/:i/:t/callback').at(-1);
    expect(JSON.stringify(select?.body)).toContain('gate:s:1:0');
    expect((select!.body as { data: { flags: number } }).data.flags & 64).toBe(64);

    // The select sits on an ephemeral reply; the fake builds component presses from channel messages, so the
    // press names the invitation's message (the adapter reads only the custom id and the value).
    await bot.dispatch(fake.build.stringSelect(carol.id, inviteMessage, 'gate:s:1:0', ['1']));
    await until(
      () => fake.calls('DELETE /guilds/:g/members/:u/roles/:r').length > 0,
      'the quarantine role to go',
    );
    const added = fake.calls('PUT /guilds/:g/members/:u/roles/:r').map((c) => c.path);
    expect(added).toContain(`/guilds/${guild.id}/members/${carol.id}/roles/${role('Member')}`);
    expect(fake.calls('DELETE /guilds/:g/members/:u/roles/:r')[0]?.path).toBe(
      `/guilds/${guild.id}/members/${carol.id}/roles/${role('Applicant')}`,
    );
  });

  it('paid entry: a screened newcomer gets the payment link privately, and is let in when it is paid', async () => {
    const ctx = await setUp();
    const { fake, bot, owner, guild, apply, role, command } = ctx;
    await command(owner, 'question add', { question: 'Which city hosts our meetups? | Beijing | *Hangzhou' });
    await command(owner, 'gate on');
    await command(owner, 'paidentry', { setting: '30 CNY stripe https://buy.stripe.com/test_tea' });
    const carol = fake.world.addUser({ username: 'carol' });
    await bot.dispatch(fake.build.memberAdd(guild.id, carol.id));
    const invite = fake
      .calls('POST /channels/:c/messages')
      .find((c) => c.path === `/channels/${apply}/messages`);
    const inviteMessage = invite?.response as { id: string; channel_id: string };
    await bot.dispatch(fake.build.button(carol.id, inviteMessage, 'gate:apply'));
    await bot.dispatch(fake.build.stringSelect(carol.id, inviteMessage, 'gate:s:1:0', ['1']));

    const dm = fake.world.dmChannel(carol.id);
    await until(
      () => fake.calls('POST /channels/:c/messages').some((c) => c.path === `/channels/${dm.id}/messages`),
      'the DM',
    );
    const asked = fake
      .calls('POST /channels/:c/messages')
      .filter((c) => c.path === `/channels/${dm.id}/messages`)
      .at(-1);
    expect(JSON.stringify(asked?.body)).toContain('The entry fee is 30.00 CNY');
    expect(JSON.stringify(asked?.body)).toContain(
      'https://buy.stripe.com/test_tea?client_reference_id=cb-a-1',
    );
    expect(fake.calls('DELETE /guilds/:g/members/:u/roles/:r')).toHaveLength(0);

    await bot.app.payments.receive({
      provider: 'stripe',
      providerPaymentId: 'pi_carol',
      eventId: 'evt_carol',
      status: 'completed',
      amountMinor: 3000,
      currency: 'CNY',
      reference: 'cb-a-1',
      occurredAt: new Date(),
    });
    await until(
      () => fake.calls('DELETE /guilds/:g/members/:u/roles/:r').length > 0,
      'the quarantine role to go',
    );
    const added = fake.calls('PUT /guilds/:g/members/:u/roles/:r').map((c) => c.path);
    expect(added).toContain(`/guilds/${guild.id}/members/${carol.id}/roles/${role('Member')}`);
  });

  it('opens a modal for written questions as the first answer to Apply, and sends the answers to review', async () => {
    const { fake, bot, owner, guild, apply, command } = await setUp();
    await command(owner, 'question add', { question: 'Why do you want to join?' });
    await command(owner, 'gate on');
    const { user: erin, press } = await joinAndApply(bot, guild.id, apply, 'erin');
    const modal = fake.calls('POST /interactions/:i/:t/callback').at(-1);
    expect((modal!.body as { type: number }).type).toBe(9);
    expect(
      fake
        .calls('POST /interactions/:i/:t/callback')
        .filter((c) => c.path.includes((press.d as { id: string }).id)),
    ).toHaveLength(1);

    await bot.dispatch(
      fake.build.modalSubmit(erin.id, (press.d as { id: string }).id, { q0: 'I host tea tastings' }),
    );
    const member = await bot.app.store.members.find({ platform: 'discord', id: erin.id });
    const circle = await bot.app.store.circles.find({ platform: 'discord', id: guild.id });
    const open = await bot.app.store.gate.openApplication(circle!.id, member!.id);
    expect(open?.state).toBe('review');
    expect(open?.answers[0]?.text).toBe('I host tea tastings');
  });

  it('posts review items in the review channel; a member’s press is refused, the admin’s approves', async () => {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia' });
    const guild = fake.world.addGuild({
      name: 'Tea lovers',
      owner: owner.id,
      channels: [{ name: 'general' }, { name: 'apply' }, { name: 'reviews' }],
      roles: [{ name: 'Member' }, { name: 'Applicant' }],
    });
    const [general, apply, reviews] = guild.channelIds as [string, string, string];
    const bot = await startDiscordBot({ fake });
    bots.push(bot);
    await bot.dispatch(
      fake.build.slashCommand(general, owner.id, 'question add', { question: 'Why do you want to join?' }),
    );
    await bot.dispatch(fake.build.slashCommand(general, owner.id, 'gate on'));
    await bot.dispatch(fake.build.slashCommand(reviews, owner.id, 'gate reviewchat'));
    const { user: erin, press } = await joinAndApply(bot, guild.id, apply, 'erin');
    await bot.dispatch(
      fake.build.modalSubmit(erin.id, (press.d as { id: string }).id, { q0: 'I host tea tastings' }),
    );

    const item = fake
      .calls('POST /channels/:c/messages')
      .find((c) => c.path === `/channels/${reviews}/messages`);
    expect(JSON.stringify(item?.body)).toContain('Application #1: @erin wants to join Tea lovers');
    const itemMessage = item?.response as { id: string; channel_id: string };
    const mallory = fake.world.addUser({ username: 'mallory' });
    fake.world.addMember(guild.id, mallory.id);
    await bot.dispatch(fake.build.button(mallory.id, itemMessage, 'gate:r:1:a'));
    const refusal = fake.calls('POST /interactions/:i/:t/callback').at(-1)?.body as {
      data?: { content?: string };
    };
    expect(refusal.data?.content).toBe('Only admins of this circle can decide applications.');
    expect(fake.calls('DELETE /guilds/:g/members/:u/roles/:r')).toHaveLength(0);

    await bot.dispatch(fake.build.button(owner.id, itemMessage, 'gate:r:1:a'));
    await until(
      () => fake.calls('DELETE /guilds/:g/members/:u/roles/:r').length > 0,
      'the quarantine role to go',
    );
    const edited = fake.calls('PATCH /channels/:c/messages/:m').at(-1);
    expect(JSON.stringify(edited?.body)).toContain('✓ Approved by @olivia');
  });

  it('waits out a 429 from Discord and delivers once', async () => {
    const { fake, bot, owner, guild, command } = await setUp();
    await command(owner, 'gate on');
    fake.failNext('PUT /guilds/:g/members/:u/roles/:r', { status: 429, retry_after: 0.3 });
    const zoe = fake.world.addUser({ username: 'zoe' });
    await bot.dispatch(fake.build.memberAdd(guild.id, zoe.id));
    const attempts = fake.calls('PUT /guilds/:g/members/:u/roles/:r');
    expect(attempts.slice(0, 2).map((c) => c.status)).toEqual([429, 204]);
    expect(attempts[1]?.path).toBe(attempts[0]?.path);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(250);
  });

  it('declines wrong answers by removing the applicant from the server', async () => {
    const { fake, bot, owner, guild, apply, command } = await setUp();
    await command(owner, 'question add', { question: 'Which city? | Beijing | *Hangzhou' });
    await command(owner, 'gate on');
    const dave = fake.world.addUser({ username: 'dave' });
    await bot.dispatch(fake.build.memberAdd(guild.id, dave.id));
    const invite = fake
      .calls('POST /channels/:c/messages')
      .find((c) => c.path === `/channels/${apply}/messages`);
    await bot.dispatch(
      fake.build.button(dave.id, invite?.response as { id: string; channel_id: string }, 'gate:apply'),
    );
    await bot.dispatch(
      fake.build.stringSelect(dave.id, invite?.response as { id: string; channel_id: string }, 'gate:s:1:0', [
        '0',
      ]),
    );
    await until(() => fake.calls('DELETE /guilds/:g/members/:u').length > 0, 'the kick');
    expect(fake.calls('DELETE /guilds/:g/members/:u')[0]?.path).toBe(
      `/guilds/${guild.id}/members/${dave.id}`,
    );
  });

  it('keeps a declined applicant in quarantine when the owner says so', async () => {
    const { fake, bot, owner, guild, apply, command } = await setUp();
    await command(owner, 'question add', { question: 'Which city? | Beijing | *Hangzhou' });
    await command(owner, 'gate ondecline', { action: 'keep' });
    await command(owner, 'gate on');
    const dave = fake.world.addUser({ username: 'dave' });
    await bot.dispatch(fake.build.memberAdd(guild.id, dave.id));
    const invite = fake
      .calls('POST /channels/:c/messages')
      .find((c) => c.path === `/channels/${apply}/messages`);
    const message = invite?.response as { id: string; channel_id: string };
    await bot.dispatch(fake.build.button(dave.id, message, 'gate:apply'));
    await bot.dispatch(fake.build.stringSelect(dave.id, message, 'gate:s:1:0', ['0']));
    const member = await bot.app.store.members.find({ platform: 'discord', id: dave.id });
    const circle = await bot.app.store.circles.find({ platform: 'discord', id: guild.id });
    expect((await bot.app.store.gate.lastClosedApplication(circle!.id, member!.id))?.state).toBe('declined');
    expect(fake.calls('DELETE /guilds/:g/members/:u')).toHaveLength(0);
    expect(fake.calls('DELETE /guilds/:g/members/:u/roles/:r')).toHaveLength(0);
  });

  it('refuses an admin command from a member even when the server edited the command’s permissions', async () => {
    const { fake, bot, guild, command, lastReply } = await setUp();
    const mallory = fake.world.addUser({ username: 'mallory' });
    fake.world.addMember(guild.id, mallory.id);
    // The interaction claims Manage Server (an owner opened the command to everyone); the member has no such role.
    await command(mallory, 'gate off', {}, { permissions: MANAGE_GUILD });
    expect(lastReply()).toBe('/gate is for the admins of this circle.');
    const circle = await bot.app.store.circles.find({ platform: 'discord', id: guild.id });
    expect(circle?.settings.gate.enabled).toBe(false);
  });

  it('reports a role-order problem in /setup', async () => {
    const { owner, command, lastReply } = await setUp({ applicantAboveBot: true });
    await command(owner, 'setup');
    expect(lastReply()).toContain('✗ The “Applicant” role exists, below the bot’s role');
    expect(lastReply()).toContain('drag the bot’s role above it');
    expect(lastReply()).toContain('✓ The “Member” role exists, below the bot’s role');
    expect(lastReply()).toContain('✓ Reads message text');
  });

  it('gives the level role when a member levels up', async () => {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia' });
    const guild = fake.world.addGuild({ name: 'Tea lovers', owner: owner.id, roles: [{ name: 'Regular' }] });
    const [general] = guild.channelIds as [string];
    const regular = [...fake.world.requireGuild(guild.id).roles.values()].find(
      (r) => r.name === 'Regular',
    )!.id;
    const bot = await startDiscordBot({ fake });
    bots.push(bot);
    await bot.dispatch(
      fake.build.slashCommand(general, owner.id, 'level role', { level: 1, role: 'Regular' }),
    );
    const bob = fake.world.addUser({ username: 'bob' });
    fake.world.addMember(guild.id, bob.id);
    const lines = [
      'good morning from Hangzhou',
      'the rain finally stopped here',
      'who wants to try the new oolong?',
      'I brought biscuits for Friday',
      'remember the meetup at seven',
      'my cat knocked over the teapot again',
      'anyone reading something good lately?',
    ];
    for (const line of lines) {
      await bot.dispatch(fake.build.message(general, bob.id, line));
      bot.clock.advance(61_000);
    }
    const granted = fake.calls('PUT /guilds/:g/members/:u/roles/:r').map((c) => c.path);
    expect(granted).toEqual([`/guilds/${guild.id}/members/${bob.id}/roles/${regular}`]);
    expect(JSON.stringify(fake.calls('POST /channels/:c/messages').map((c) => c.body))).toContain(
      '@bob reached level 1',
    );
  });

  it('names a level role that sits above the bot’s role in /setup', async () => {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia' });
    const guild = fake.world.addGuild({
      name: 'Tea lovers',
      owner: owner.id,
      channels: [{ name: 'general' }, { name: 'apply' }],
      roles: [{ name: 'Member' }, { name: 'Applicant' }, { name: 'Elder', position: 'top' }],
    });
    const [general] = guild.channelIds as [string];
    const bot = await startDiscordBot({ fake });
    bots.push(bot);
    await bot.dispatch(
      fake.build.slashCommand(general, owner.id, 'level role', { level: 10, role: 'Elder' }),
    );
    await bot.dispatch(fake.build.slashCommand(general, owner.id, 'setup'));
    const reply = fake.calls(/\/messages\/@original/).at(-1)?.body as { content: string };
    expect(reply.content).toContain(
      '✗ The level role “Elder” exists, below the bot’s role — create the role “Elder”',
    );
    expect(reply.content).toContain(
      '✓ The #apply channel exists, applicants see it and the bot can post there',
    );
  });

  it('explains a refused gateway (4014) instead of failing obscurely', async () => {
    const fake = await startFakeDiscord({ privilegedIntents: { messageContent: false } });
    fakes.push(fake);
    await expect(startDiscordBot({ fake })).rejects.toThrow(/4014.*Message Content Intent/);
  });

  it('deletes a link below the unlocking level, and gives points for replies and reactions received', async () => {
    const { fake, bot, owner, guild, general, command, lastReply } = await setUp();
    const bob = fake.world.addUser({ username: 'bob' });
    const carol = fake.world.addUser({ username: 'carol' });
    fake.world.addMember(guild.id, bob.id);
    fake.world.addMember(guild.id, carol.id);
    await command(owner, 'level links', { level: '2' });
    const spam = fake.build.message(general, bob.id, 'cheap tea at https://spam.example/deal');
    await bot.dispatch(spam);
    const spamId = (spam.d as { id: string }).id;
    expect(fake.calls('DELETE /channels/:c/messages/:m').map((c) => c.path)).toContain(
      `/channels/${general}/messages/${spamId}`,
    );

    const hello = fake.build.message(general, bob.id, 'good morning, tea lovers');
    await bot.dispatch(hello);
    const helloMessage = { id: (hello.d as { id: string }).id, channel_id: general };
    bot.clock.advance(61_000);
    await bot.dispatch(
      fake.build.message(general, carol.id, 'morning bob, what are you brewing?', {
        replyTo: helloMessage.id,
      }),
    );
    await bot.dispatch(fake.build.reactionAdd(carol.id, helloMessage, '👍'));
    await command(owner, 'rank', { member: '@bob' });
    expect(lastReply()).toContain('@bob — level 0, 20 points'); // 15 for the message, 3 for the reply, 2 for the reaction
  });

  it('posts an offer in the channel with a button through the tracked link', async () => {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia' });
    const guild = fake.world.addGuild({
      name: 'Tea lovers',
      owner: owner.id,
      channels: [{ name: 'general' }, { name: 'market' }],
    });
    const [general, market] = guild.channelIds as [string, string];
    const bot = await startDiscordBot({
      fake,
      config: { http: { enabled: true, port: 0 }, publicUrl: 'https://circle.example' },
    });
    bots.push(bot);
    await bot.dispatch(
      fake.build.slashCommand(general, owner.id, 'offer add', {
        offer: 'Spring tea set | https://shop.example/tea | 89.00 CNY',
      }),
    );
    await bot.dispatch(fake.build.slashCommand(market, owner.id, 'offer post', { id: '1' }));
    const posted = fake
      .calls('POST /channels/:c/messages')
      .find((c) => c.path === `/channels/${market}/messages`)?.body as {
      components: { components: { url?: string }[] }[];
    };
    const url = posted.components[0]?.components[0]?.url ?? '';
    expect(url).toMatch(/^https:\/\/circle\.example\/l\/[0-9A-Za-z]{12}$/);
    const res = await bot.app.http!.inject({ method: 'GET', url: new URL(url).pathname });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://shop.example/tea');
  });

  it('counts points from messages once, across a gateway reconnect', async () => {
    const { fake, bot, owner, guild, general, command, lastReply } = await setUp();
    const bob = fake.world.addUser({ username: 'bob' });
    fake.world.addMember(guild.id, bob.id);
    await bot.dispatch(fake.build.message(general, bob.id, 'good morning tea lovers'));
    bot.clock.advance(61_000);
    fake.gateway.requestReconnect();
    await bot.dispatch(fake.build.message(general, bob.id, 'who brings the oolong on friday?'));
    bot.clock.advance(61_000);
    await command(owner, 'rank', { member: `@${bob.username}` });
    expect(lastReply()).toContain('@bob — level 0, 30 points, rank 1 of 1');
  });
});
