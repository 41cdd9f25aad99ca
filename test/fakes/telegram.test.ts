import Fastify, { type FastifyInstance } from 'fastify';
import { Telegraf, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeFile,
  type FakeTelegram,
  startFakeTelegram,
  type TgUpdate,
  updateType,
} from './telegram/index.js';

let fake: FakeTelegram;
let bot: Telegraf;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2025, 0, 1, 12);
  fake = await startFakeTelegram({ now: () => clock });
  bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
});
afterEach(async () => {
  await fake.close();
});

/** The TelegramError a promise rejects with. */
async function telegramError(promise: Promise<unknown>): Promise<TelegramError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TelegramError);
  return err as TelegramError;
}

/** Calls a method the way any Bot API client does, without telegraf. */
async function call(method: string, body: unknown = {}, token = fake.token) {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; result?: unknown; description?: string },
  };
}

function circle(opts: { join_by_request?: boolean } = {}) {
  const owner = fake.world.addUser({ first_name: 'Olga', startedBot: true });
  return { owner, chat: fake.world.addChat({ title: 'Readers', owner, ...opts }) };
}

describe('fake Telegram with real telegraf, long polling', () => {
  it('a launched bot receives an injected /start and its reply is recorded', async () => {
    bot.start((ctx) => ctx.reply(`Welcome, ${ctx.from.first_name}`));
    const stopped = bot.launch({ allowedUpdates: ['message', 'chat_join_request', 'chat_member'] });
    await fake.waitForPoll();
    const alice = fake.world.addUser({ first_name: 'Alice' });

    fake.injectUpdate(fake.build.message(alice, alice, '/start'));

    const reply = await fake.waitForCall('sendMessage');
    expect(reply.params).toMatchObject({ chat_id: alice.id, text: 'Welcome, Alice' });
    expect(reply.response).toMatchObject({ ok: true, result: { message_id: 2, from: { id: fake.bot.id } } });
    expect(fake.allowedUpdates()).toEqual(['message', 'chat_join_request', 'chat_member']);
    expect(fake.calls().map((c) => c.method)).toEqual(
      expect.arrayContaining(['getMe', 'deleteWebhook', 'getUpdates', 'sendMessage']),
    );
    bot.stop('test over');
    await stopped;
  });

  it('the next poll confirms delivered updates by offset, so nothing is delivered twice', async () => {
    const alice = fake.world.addUser();
    const first = fake.injectUpdate(fake.build.message(alice, alice, 'one'));
    fake.injectUpdate(fake.build.message(alice, alice, 'two'));

    const all = await call('getUpdates', { timeout: 0 });
    expect((all.body.result as TgUpdate[]).map((u) => u.message?.text)).toEqual(['one', 'two']);
    const rest = await call('getUpdates', { offset: first.update_id + 1, timeout: 0 });
    expect((rest.body.result as TgUpdate[]).map((u) => u.message?.text)).toEqual(['two']);
    expect(fake.pendingUpdates()).toHaveLength(1);
  });

  it('a held long poll answers as soon as an update is injected', async () => {
    const alice = fake.world.addUser();
    const poll = call('getUpdates', { timeout: 50 });
    await fake.waitForPoll();
    fake.injectUpdate(fake.build.message(alice, alice, 'hello'));
    expect(((await poll).body.result as TgUpdate[])[0]?.message?.text).toBe('hello');
  });

  it('kinds left out of allowed_updates are never delivered; chat_member needs asking for', async () => {
    const { owner, chat } = circle();
    const bob = fake.world.addUser();
    fake.injectUpdate(fake.build.chatMember(chat, bob, bob, 'left', 'member'));
    fake.injectUpdate(fake.build.message(chat, owner, 'hi'));

    const got = await call('getUpdates', { timeout: 0, allowed_updates: [] });
    expect((got.body.result as TgUpdate[]).map((u) => updateType(u))).toEqual(['message']);
    expect(fake.droppedUpdates().map((u) => u.chat_member?.new_chat_member.status)).toEqual(['member']);
  });

  it('close() ends a waiting long poll at once', async () => {
    const poll = call('getUpdates', { timeout: 50 });
    await fake.waitForPoll();
    await fake.close();
    expect((await poll).body).toEqual({ ok: true, result: [] });
  });

  it('a second poller ends the first with 409, as when two bot instances run', async () => {
    const first = call('getUpdates', { timeout: 50 });
    await fake.waitForPoll();
    void call('getUpdates', { timeout: 50 });
    expect((await first).status).toBe(409);
  });
});

describe('commands, as telegraf matches them', () => {
  it('/cmd@thisbot reaches the handler, /cmd@otherbot does not', async () => {
    const { owner, chat } = circle();
    bot.command('rules', (ctx) => ctx.reply(`rules for ${ctx.payload}`));

    await bot.handleUpdate(
      fake.injectUpdate(fake.build.message(chat, owner, '/rules@other_bot now')) as Update,
    );
    await bot.handleUpdate(
      fake.injectUpdate(fake.build.message(chat, owner, '/rules@circle_test_bot now')) as Update,
    );

    expect(fake.calls('sendMessage').map((c) => c.params.text)).toEqual(['rules for now']);
  });
});

describe('join requests', () => {
  it('approving a pending request makes the applicant a member and reports the change', async () => {
    const { chat } = circle({ join_by_request: true });
    const applicant = fake.world.addUser({ first_name: 'Ana' });
    fake.injectUpdate(fake.build.chatJoinRequest(chat, applicant));

    // The applicant never started the bot, yet the join request opens their DMs for five minutes.
    await bot.telegram.sendMessage(applicant.id, 'Why do you want to join?');
    expect(await bot.telegram.approveChatJoinRequest(chat.id, applicant.id)).toBe(true);

    expect(fake.world.member(chat.id, applicant.id)?.status).toBe('member');
    expect(fake.world.joinRequests(chat.id)).toEqual([]);
    const update = fake.pendingUpdates().find((u) => u.chat_member);
    expect(update?.chat_member).toMatchObject({
      via_join_request: true,
      new_chat_member: { status: 'member' },
    });
  });

  it('a request a human admin already declined rejects with HIDE_REQUESTER_MISSING', async () => {
    const { chat } = circle({ join_by_request: true });
    const applicant = fake.world.addUser();
    fake.injectUpdate(fake.build.chatJoinRequest(chat, applicant));
    fake.world.settleJoinRequest(chat.id, applicant.id, 'decline');

    const err = await telegramError(bot.telegram.approveChatJoinRequest(chat.id, applicant.id));
    expect(err.code).toBe(400);
    expect(err.description).toBe('Bad Request: HIDE_REQUESTER_MISSING');
  });

  it('a request a human admin already approved rejects with USER_ALREADY_PARTICIPANT', async () => {
    const { chat } = circle({ join_by_request: true });
    const applicant = fake.world.addUser();
    fake.injectUpdate(fake.build.chatJoinRequest(chat, applicant));
    fake.world.settleJoinRequest(chat.id, applicant.id, 'approve');

    const err = await telegramError(bot.telegram.declineChatJoinRequest(chat.id, applicant.id));
    expect(err.description).toBe('Bad Request: USER_ALREADY_PARTICIPANT');
  });

  it('after five minutes the applicant can no longer be messaged', async () => {
    const { chat } = circle({ join_by_request: true });
    const applicant = fake.world.addUser();
    fake.injectUpdate(fake.build.chatJoinRequest(chat, applicant));
    clock += 5 * 60_000;

    const err = await telegramError(bot.telegram.sendMessage(applicant.id, 'still there?'));
    expect(err.response).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
  });
});

describe('errors as Telegram words them', () => {
  it('an injected 429 surfaces as a TelegramError with retry_after, then the call goes through', async () => {
    const { chat } = circle();
    fake.failNext('sendMessage', { error_code: 429, retry_after: 7 });

    const err = await telegramError(bot.telegram.sendMessage(chat.id, 'hello'));
    expect(err.code).toBe(429);
    expect(err.parameters?.retry_after).toBe(7);
    expect(err.description).toBe('Too Many Requests: retry after 7');
    await bot.telegram.sendMessage(chat.id, 'hello');
    expect(fake.world.messages(chat.id).map((m) => m.text)).toEqual(['hello']);
  });

  it('checks parameters like the real API', async () => {
    const { chat } = circle();
    const blocker = fake.world.addUser({ startedBot: true, blockedBot: true });
    const desc = async (p: Promise<unknown>) => (await telegramError(p)).description;

    expect(await desc(bot.telegram.sendMessage(-100777, 'hi'))).toBe('Bad Request: chat not found');
    expect(await desc(bot.telegram.sendMessage(chat.id, ''))).toBe('Bad Request: message text is empty');
    expect(await desc(bot.telegram.sendMessage(chat.id, 'x'.repeat(4097)))).toBe(
      'Bad Request: message is too long',
    );
    expect(await desc(bot.telegram.sendMessage(blocker.id, 'hi'))).toBe(
      'Forbidden: bot was blocked by the user',
    );
    const tooLong = { inline_keyboard: [[{ text: 'Go', callback_data: 'x'.repeat(65) }]] };
    expect(await desc(bot.telegram.sendMessage(chat.id, 'hi', { reply_markup: tooLong }))).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    expect((await call('sendMessage', { text: 'hi' })).body.description).toBe(
      'Bad Request: chat_id is empty',
    );
  });

  it('answers unknown methods with 404 and a wrong token with 401', async () => {
    expect(await call('sendTelepathy')).toMatchObject({ status: 404, body: { ok: false, error_code: 404 } });
    expect(await call('getMe', {}, '1:wrong')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
  });

  it('a migrated group answers with its new id', async () => {
    const { owner, chat } = circle();
    fake.injectUpdate(fake.build.migrateToChat(chat, -1002471352452, owner));

    const err = await telegramError(bot.telegram.sendMessage(chat.id, 'hi'));
    expect(err.description).toBe('Bad Request: group chat was upgraded to a supergroup chat');
    expect(err.parameters?.migrate_to_chat_id).toBe(-1002471352452);
  });
});

describe('messages, buttons and uploads', () => {
  it('edits and deletes the bot’s stored messages', async () => {
    const { chat } = circle();
    const sent = await bot.telegram.sendMessage(chat.id, 'Question 1');
    const edited = await bot.telegram.editMessageText(
      chat.id,
      sent.message_id,
      undefined,
      'Question 1 (answered)',
    );

    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Question 1 (answered)' });
    const same = bot.telegram.editMessageText(chat.id, sent.message_id, undefined, 'Question 1 (answered)');
    expect((await telegramError(same)).description).toMatch(/^Bad Request: message is not modified/);
    const missing = bot.telegram.editMessageText(chat.id, 999, undefined, 'x');
    expect((await telegramError(missing)).description).toBe('Bad Request: message to edit not found');
    expect(await bot.telegram.deleteMessage(chat.id, sent.message_id)).toBe(true);
    expect(fake.world.messages(chat.id)).toEqual([]);
  });

  it('records a multipart photo upload with its caption and keyboard', async () => {
    const { chat } = circle();
    const keyboard = { inline_keyboard: [[{ text: 'Buy', callback_data: 'offer:1' }]] };
    await bot.telegram.sendPhoto(
      chat.id,
      { source: Buffer.from('not really a jpeg'), filename: 'offer.jpg' },
      { caption: 'Today only', reply_markup: keyboard },
    );

    const upload = await fake.waitForCall('sendPhoto');
    expect(upload.params).toMatchObject({
      chat_id: String(chat.id),
      caption: 'Today only',
      reply_markup: keyboard,
      photo: { filename: 'offer.jpg', size: 17 },
    });
    expect((upload.params.photo as FakeFile).bytes.toString()).toBe('not really a jpeg');
  });

  it('sets the bot’s one reaction on a message: an allowed emoji, on a message the chat holds', async () => {
    const { owner, chat } = circle();
    const said = fake.injectUpdate(fake.build.message(chat.id, owner, 'We meet on Friday')).message;
    const id = said?.message_id ?? 0;

    expect(await bot.telegram.setMessageReaction(chat.id, id, [{ type: 'emoji', emoji: '❤‍🔥' }])).toBe(true);
    expect(fake.world.botReactions(chat.id, id)).toEqual(['❤‍🔥']);
    const notAllowed = bot.telegram.setMessageReaction(chat.id, id, [{ type: 'emoji', emoji: '🍵' as '🎉' }]);
    expect((await telegramError(notAllowed)).description).toBe('Bad Request: REACTION_INVALID');
    const two = bot.telegram.setMessageReaction(chat.id, id, [
      { type: 'emoji', emoji: '🎉' },
      { type: 'emoji', emoji: '🔥' },
    ]);
    expect((await telegramError(two)).description).toBe('Bad Request: REACTIONS_TOO_MANY');
    const missing = bot.telegram.setMessageReaction(chat.id, 999, [{ type: 'emoji', emoji: '🎉' }]);
    expect((await telegramError(missing)).description).toBe('Bad Request: MESSAGE_ID_INVALID');
    // An empty list takes the reaction away.
    await bot.telegram.setMessageReaction(chat.id, id, []);
    expect(fake.world.botReactions(chat.id, id)).toEqual([]);
  });
});

describe('webhook mode', () => {
  let app: FastifyInstance;
  afterEach(async () => {
    await app.close();
  });

  it('delivers an update with the secret header; telegraf answers the button in its webhook reply', async () => {
    const { owner, chat } = circle();
    const hook = await bot.createWebhook({
      domain: 'bot.example.com',
      path: '/telegram/webhook',
      secret_token: 'hook-secret',
      allowed_updates: ['message', 'callback_query'],
    });
    const seen: string[] = [];
    bot.action('vote:yes', async (ctx) => {
      seen.push(ctx.callbackQuery.id);
      await ctx.answerCbQuery('Counted');
    });
    app = Fastify();
    app.post('/telegram/webhook', async (req, reply) => {
      reply.hijack();
      await hook(Object.assign(req.raw, { body: req.body as Update }), reply.raw);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/telegram/webhook`;
    expect(fake.webhook()).toMatchObject({
      url: 'https://bot.example.com/telegram/webhook',
      secret_token: 'hook-secret',
    });

    const poll = await bot.telegram.sendMessage(chat.id, 'Vote?');
    const press = fake.build.callbackQuery(owner, poll, 'vote:yes');
    expect(await fake.deliverWebhook(press, { url, secretToken: 'wrong' })).toBe(403);
    expect(await fake.deliverWebhook(press, { url })).toBe(200);

    const answer = await fake.waitForCall('answerCallbackQuery');
    expect(answer).toMatchObject({
      via: 'webhook-reply',
      params: { text: 'Counted' },
      response: { ok: true },
    });
    expect(seen).toEqual([answer.params.callback_query_id]);
  });
});

describe('Stars payments', () => {
  it('an invoice, a pre-checkout answered in time, and a late answer refused', async () => {
    const buyer = fake.world.addUser({ startedBot: true });
    const invoice = await bot.telegram.sendInvoice(buyer.id, {
      title: 'Entry',
      description: 'Paid entry to Readers',
      payload: 'entry:42',
      currency: 'XTR',
      provider_token: '',
      prices: [{ label: 'Entry', amount: 50 }],
    });
    expect(invoice).toMatchObject({ invoice: { currency: 'XTR', total_amount: 50 } });

    const onTime = fake.injectUpdate(
      fake.build.preCheckoutQuery(buyer, { total_amount: 50, invoice_payload: 'entry:42' }),
    );
    expect(await bot.telegram.answerPreCheckoutQuery(onTime.pre_checkout_query?.id ?? '', true)).toBe(true);

    const late = fake.injectUpdate(
      fake.build.preCheckoutQuery(buyer, { total_amount: 50, invoice_payload: 'entry:42' }),
    );
    clock += 11_000;
    const err = await telegramError(
      bot.telegram.answerPreCheckoutQuery(late.pre_checkout_query?.id ?? '', true),
    );
    expect(err.description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );

    const paid = fake.build.successfulPayment(buyer, { total_amount: 50, invoice_payload: 'entry:42' });
    expect(paid.message?.successful_payment).toMatchObject({
      currency: 'XTR',
      telegram_payment_charge_id: expect.any(String),
    });
  });
});

describe('admin rights and moderation', () => {
  it('the bot sees its own rights with getChatMember but not in getChatAdministrators', async () => {
    const { owner, chat } = circle();
    fake.world.setMember(chat.id, fake.bot.id, {
      status: 'administrator',
      rights: { can_restrict_members: false },
    });

    const me = await bot.telegram.getChatMember(chat.id, fake.bot.id);
    expect(me).toMatchObject({
      status: 'administrator',
      can_invite_users: true,
      can_restrict_members: false,
    });
    const admins = await bot.telegram.getChatAdministrators(chat.id);
    expect(admins.map((a) => a.user.id)).toEqual([owner.id]);
    const spammer = fake.world.addUser();
    fake.world.setMember(chat.id, spammer, 'member');
    const err = await telegramError(bot.telegram.banChatMember(chat.id, spammer.id));
    expect(err.description).toBe('Bad Request: not enough rights to restrict/unrestrict chat member');
  });

  it('restrict, ban and unban change the member’s status', async () => {
    const { chat } = circle();
    const spammer = fake.world.addUser();
    fake.world.setMember(chat.id, spammer, 'member');

    await bot.telegram.restrictChatMember(chat.id, spammer.id, { permissions: { can_send_messages: false } });
    expect(fake.world.member(chat.id, spammer.id)).toMatchObject({
      status: 'restricted',
      can_send_messages: false,
    });
    await bot.telegram.banChatMember(chat.id, spammer.id);
    expect(fake.world.member(chat.id, spammer.id)?.status).toBe('kicked');
    await bot.telegram.unbanChatMember(chat.id, spammer.id, { only_if_banned: true });
    expect(fake.world.member(chat.id, spammer.id)?.status).toBe('left');
  });

  it('stores command menus per scope', async () => {
    const { chat } = circle();
    const scope = { type: 'chat_administrators' as const, chat_id: chat.id };
    await bot.telegram.setMyCommands([{ command: 'setup', description: 'Configure the circle' }], { scope });

    expect(fake.commands(scope)).toEqual([{ command: 'setup', description: 'Configure the circle' }]);
    expect(fake.commands()).toEqual([]);
  });
});
