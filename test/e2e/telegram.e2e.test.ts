import { afterEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import { startTelegramBot, type TelegramBot } from './telegram-harness.js';

describe('circlebot in a Telegram group (real telegraf, fake Bot API)', () => {
  const bots: TelegramBot[] = [];
  const fakes: FakeTelegram[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  async function setUp() {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
    const group = fake.world.addChat({ title: 'Tea lovers', owner, join_by_request: true });
    const bot = await startTelegramBot({ fake });
    bots.push(bot);
    const texts = (chatId: number) =>
      fake
        .calls('sendMessage')
        .filter((c) => Number(c.params.chat_id) === chatId)
        .map((c) => String(c.params.text));
    return { fake, bot, owner, group, texts };
  }

  async function ownerConfiguresGate(ctx: Awaited<ReturnType<typeof setUp>>, ...questions: string[]) {
    const { bot, fake, owner, group } = ctx;
    for (const q of questions) await bot.deliver(fake.build.message(group.id, owner, `/question add ${q}`));
    await bot.deliver(fake.build.message(group.id, owner, '/gate minscore 500'));
    await bot.deliver(fake.build.message(group.id, owner, '/gate on'));
  }

  /** The latest inline keyboard the bot sent to a chat, as [label, data] pairs. */
  function buttonsIn(fake: FakeTelegram, chatId: number) {
    const call = fake
      .calls('sendMessage')
      .filter((c) => Number(c.params.chat_id) === chatId && c.params.reply_markup)
      .at(-1);
    const markup = call?.params.reply_markup as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    const message = call?.response.result as { message_id: number; chat: { id: number } };
    return { buttons: markup.inline_keyboard.flat(), message };
  }

  it('greets the owner when added, and /setup reports what the bot is missing', async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
    const rights = { status: 'administrator', rights: { can_invite_users: false } } as const;
    const group = fake.world.addChat({ title: 'Tea lovers', owner, bot: 'left' });
    const bot = await startTelegramBot({ fake });
    bots.push(bot);
    await bot.deliver(fake.build.myChatMember(group.id, owner, 'left', rights));
    const sent = fake.calls('sendMessage').map((c) => String(c.params.text));
    expect(sent.some((t) => t.startsWith('Thanks for adding me to Tea lovers!'))).toBe(true);

    await bot.deliver(fake.build.message(group.id, owner, '/setup'));
    const setup = String(fake.calls('sendMessage').at(-1)?.params.text);
    expect(setup).toContain('Setup of Tea lovers:');
    expect(setup).toContain('✗ Can approve join requests — give the bot the “Invite users via link” right');
    expect(setup).toContain('✗ Sees every group message (needed to count points)');
    expect(setup).toContain('✓ Can delete messages');
  });

  it('publishes command menus: members see member commands, admins all, in English and Chinese', async () => {
    const { fake } = await setUp();
    const names = (scope: string, lang?: string) =>
      fake.commands({ type: scope }, lang).map((c) => c.command);
    expect(names('all_group_chats')).toContain('vouch');
    expect(names('all_group_chats')).not.toContain('gate');
    expect(names('all_chat_administrators')).toEqual(
      expect.arrayContaining(['gate', 'question', 'review', 'vouch']),
    );
    expect(
      fake.commands({ type: 'all_group_chats' }, 'zh').find((c) => c.command === 'ping')?.description,
    ).toBe('检查机器人是否在线');
  });

  it('admits an applicant who answers by buttons: approveChatJoinRequest exactly once', async () => {
    const ctx = await setUp();
    const { fake, bot, group, texts } = ctx;
    await ownerConfiguresGate(ctx, 'Which city hosts our meetups? | Beijing | *Hangzhou | Shanghai');
    const applicant = fake.world.addUser({ username: 'carol' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, applicant));
    expect(texts(applicant.id).at(-1)).toContain('Question 1/1: Which city hosts our meetups?');

    const { buttons, message } = buttonsIn(fake, applicant.id);
    expect(buttons.map((b) => b.text)).toEqual(['Beijing', 'Hangzhou', 'Shanghai']);
    await bot.deliver(
      fake.build.callbackQuery(
        applicant,
        { chat_id: applicant.id, message_id: message.message_id },
        buttons[1]!.callback_data,
      ),
    );

    expect(fake.calls('approveChatJoinRequest')).toHaveLength(1);
    const approval = fake.calls('approveChatJoinRequest')[0]?.params;
    expect([Number(approval?.chat_id), Number(approval?.user_id)]).toEqual([group.id, applicant.id]);
    expect(texts(applicant.id).at(-1)).toBe('Welcome! You have been admitted to Tea lovers.');
    expect(fake.calls('answerCallbackQuery').length).toBeGreaterThan(0);
  });

  it('declines a wrong answer and DMs the reason', async () => {
    const ctx = await setUp();
    const { fake, bot, group, texts } = ctx;
    await ownerConfiguresGate(ctx, 'Which city? | Beijing | *Hangzhou');
    const applicant = fake.world.addUser({ username: 'dave' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, applicant));
    // A typed answer works as well as a button.
    await bot.deliver(fake.build.message(applicant, applicant, 'Beijing'));
    expect(fake.calls('declineChatJoinRequest')).toHaveLength(1);
    expect(texts(applicant.id).at(-1)).toBe(
      'Sorry, your request to join Tea lovers was declined: 0 answer(s) right, 1 needed',
    );
  });

  it('sends a written answer to review; a member’s press is refused; the admin’s button approves', async () => {
    const ctx = await setUp();
    const { fake, bot, group, owner, texts } = ctx;
    await ownerConfiguresGate(ctx, 'Why do you want to join?');
    const applicant = fake.world.addUser({ username: 'erin' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, applicant));
    await bot.deliver(fake.build.message(applicant, applicant, 'I host tea tastings'));
    expect(texts(applicant.id).at(-1)).toContain('An admin of Tea lovers will look at your answers soon');
    const review = texts(owner.id).at(-1);
    expect(review).toContain('Application #1: @erin wants to join Tea lovers');
    expect(review).toContain('→ I host tea tastings');

    const { buttons, message } = buttonsIn(fake, owner.id);
    const approve = buttons.find((b) => b.text === 'Approve')!.callback_data;
    const member = fake.world.addUser({ username: 'mallory' });
    fake.world.setMember(group.id, member, 'member');
    await bot.deliver(
      fake.build.callbackQuery(member, { chat_id: owner.id, message_id: message.message_id }, approve),
    );
    expect(fake.calls('answerCallbackQuery').at(-1)?.params.text).toBe(
      'Only admins of this circle can decide applications.',
    );
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(0);

    await bot.deliver(
      fake.build.callbackQuery(owner, { chat_id: owner.id, message_id: message.message_id }, approve),
    );
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(1);
    expect(String(fake.calls('editMessageText').at(-1)?.params.text)).toContain('✓ Approved by @olivia');
  });

  it('refuses a forged button politely and changes nothing', async () => {
    const ctx = await setUp();
    const { fake, bot, group } = ctx;
    await ownerConfiguresGate(ctx, 'Which city? | Beijing | *Hangzhou');
    const applicant = fake.world.addUser({ username: 'frank' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, applicant));
    const { message } = buttonsIn(fake, applicant.id);
    await bot.deliver(
      fake.build.callbackQuery(
        applicant,
        { chat_id: applicant.id, message_id: message.message_id },
        'gate:a:1:0:9',
      ),
    );
    await bot.deliver(
      fake.build.callbackQuery(
        applicant,
        { chat_id: applicant.id, message_id: message.message_id },
        'gate:r:1:a',
      ),
    );
    expect(fake.calls('answerCallbackQuery').at(-2)?.params.text).toBe('This question is no longer open.');
    expect(fake.calls('approveChatJoinRequest')).toHaveLength(0);
    expect(fake.calls('declineChatJoinRequest')).toHaveLength(0);
  });

  it('records a join request a human admin handled first, without crashing or retrying', async () => {
    const ctx = await setUp();
    const { fake, bot, group, texts } = ctx;
    await ownerConfiguresGate(ctx, 'Which city? | Beijing | *Hangzhou');
    const applicant = fake.world.addUser({ username: 'hugo' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, applicant));
    fake.world.settleJoinRequest(group.id, applicant.id, 'approve');
    await bot.deliver(fake.build.message(applicant, applicant, '2'));
    const attempts = fake.calls('approveChatJoinRequest');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.status).toBe(400);
    expect(String(attempts[0]?.response.description)).toMatch(
      /USER_ALREADY_PARTICIPANT|HIDE_REQUESTER_MISSING/,
    );
    expect(texts(applicant.id).at(-1)).toBe('Welcome! You have been admitted to Tea lovers.');
    // The bot is still alive and answering.
    await bot.deliver(fake.build.message(group.id, ctx.owner, '/ping'));
    expect(texts(group.id).at(-1)).toMatch(/^pong/);
  });

  it('follows the timeout policy when the applicant blocked the bot', async () => {
    const ctx = await setUp();
    const { fake, bot, group } = ctx;
    await ownerConfiguresGate(ctx, 'Which city? | Beijing | *Hangzhou');
    const applicant = fake.world.addUser({ username: 'ivy', blockedBot: true });
    await bot.deliver(fake.build.chatJoinRequest(group.id, applicant));
    expect(fake.calls('sendMessage').find((c) => Number(c.params.chat_id) === applicant.id)?.status).toBe(
      403,
    );
    expect(fake.calls('declineChatJoinRequest')).toHaveLength(1);
    const member = await bot.app.store.members.find({ platform: 'telegram', id: String(applicant.id) });
    const circle = await bot.app.store.circles.find({ platform: 'telegram', id: String(group.id) });
    const application = await bot.app.store.gate.lastClosedApplication(circle!.id, member!.id);
    expect(application?.reason?.key).toBe('gate.reason.unreachable');
  });

  it('moves the circle when the group becomes a supergroup', async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
    const group = fake.world.addChat({ type: 'group', title: 'Tea lovers', owner });
    const bot = await startTelegramBot({ fake });
    bots.push(bot);
    await bot.deliver(fake.build.message(group.id, owner, '/gate minscore 640'));
    const newId = -1009999000001;
    await bot.deliver(fake.build.migrateToChat(group.id, newId, owner));
    const moved = await bot.app.store.circles.find({ platform: 'telegram', id: String(newId) });
    expect(moved?.settings.gate.minScore).toBe(640);
    expect(await bot.app.store.circles.find({ platform: 'telegram', id: String(group.id) })).toBeNull();
  });

  it('fires the answer deadline exactly once across a restart', async () => {
    const ctx = await setUp();
    const { fake, bot, group } = ctx;
    await ownerConfiguresGate(ctx, 'Which city? | Beijing | *Hangzhou');
    const applicant = fake.world.addUser({ username: 'gina' });
    await bot.deliver(fake.build.chatJoinRequest(group.id, applicant));
    await bot.stop();
    bots.splice(bots.indexOf(bot), 1);

    const again = await startTelegramBot({ fake, dbFile: bot.dbFile, clock: bot.clock });
    bots.push(again);
    await again.advance(11 * 60_000);
    await again.advance(60 * 60_000);
    expect(fake.calls('declineChatJoinRequest')).toHaveLength(1);
  });

  it('delivers a message once after a 429, waiting retry_after', async () => {
    const { fake, bot, group, owner, texts } = await setUp();
    fake.failNext('sendMessage', { error_code: 429, retry_after: 1 });
    await bot.deliver(fake.build.message(group.id, owner, '/ping'));
    const attempts = fake.calls('sendMessage').filter((c) => Number(c.params.chat_id) === group.id);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.status).toBe(429);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(texts(group.id).filter((t) => t.startsWith('pong'))).toHaveLength(2); // recorded twice, delivered once
    expect(attempts.filter((c) => c.status === 200)).toHaveLength(1);
  });

  it('handles the same update_id once', async () => {
    const { fake, bot, group, owner } = await setUp();
    const update = fake.build.message(group.id, owner, '/ping');
    const first = fake.injectUpdate(update);
    await fake.waitForPoll(10_000);
    await bot.deliver({ ...first });
    expect(fake.calls('sendMessage').filter((c) => c.status === 200)).toHaveLength(1);
  });

  it('takes commands addressed with @botname and ignores those for other bots', async () => {
    const { fake, bot, group, owner } = await setUp();
    await bot.deliver(fake.build.message(group.id, owner, `/ping@${fake.bot.username}`));
    await bot.deliver(fake.build.message(group.id, owner, '/ping@some_other_bot'));
    expect(fake.calls('sendMessage').filter((c) => String(c.params.text).startsWith('pong'))).toHaveLength(1);
  });
});

describe('circlebot behind a Telegram webhook', () => {
  it('answers 401 to a wrong secret and handles a signed update', async () => {
    const fake = await startFakeTelegram();
    const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
    const group = fake.world.addChat({ title: 'Tea lovers', owner });
    const bot = await startTelegramBot({
      fake,
      config: {
        http: { enabled: true, port: 0 },
        telegram: {
          token: fake.token,
          apiRoot: fake.apiRoot,
          webhookUrl: 'https://bot.example/telegram/webhook',
          webhookSecret: 'right-secret',
        },
      },
    });
    try {
      expect(fake.webhook()).toMatchObject({
        url: 'https://bot.example/telegram/webhook',
        secret_token: 'right-secret',
      });
      const address = bot.app.http!.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const url = `http://127.0.0.1:${port}/telegram/webhook`;
      const update = fake.build.message(group.id, owner, '/ping');
      expect(await fake.deliverWebhook(update, { url, secretToken: 'wrong' })).toBe(401);
      expect(await fake.deliverWebhook(update, { url, secretToken: null })).toBe(401);
      expect(fake.calls('sendMessage')).toHaveLength(0);
      expect(await fake.deliverWebhook(update, { url, secretToken: 'right-secret' })).toBe(200);
      expect(fake.calls('sendMessage').map((c) => String(c.params.text))[0]).toMatch(/^pong/);
    } finally {
      await bot.stop();
      await fake.close();
    }
  });
});
