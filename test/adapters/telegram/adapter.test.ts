import { afterEach, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../../adapters/telegram/adapter.js';
import type { ChatEvent } from '../../../src/core/events.js';
import type { Logger } from '../../../src/core/logger.js';
import { type FakeTelegram, startFakeTelegram } from '../../fakes/telegram/index.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };
const NO_PACING = { perChatGapMs: 0, groupPerMinute: 10_000, globalPerSecond: 1e6 };

describe('Telegram adapter: Stars updates from polling and the webhook', () => {
  const adapters: TelegramAdapter[] = [];
  const fakes: FakeTelegram[] = [];
  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  async function start(webhook?: { url: string; secret: string }) {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const events: ChatEvent[] = [];
    const adapter = new TelegramAdapter({
      token: fake.token,
      apiRoot: fake.apiRoot,
      ...(webhook ? { webhook } : {}),
      handle: async (event) => {
        events.push(event);
      },
      log: silentLog,
      limits: NO_PACING,
    });
    adapters.push(adapter);
    await adapter.start([]);
    const payer = fake.world.addUser({ username: 'paula', startedBot: true });
    return { fake, adapter, events, payer };
  }

  it('polling asks for pre_checkout_query, so a payer’s check and payment reach the core', async () => {
    const { fake, events, payer } = await start();
    await fake.waitForPoll();
    expect(fake.allowedUpdates()).toContain('pre_checkout_query');

    const check = fake.injectUpdate(
      fake.build.preCheckoutQuery(payer, { total_amount: 50, invoice_payload: 'entry:12' }),
    );
    await fake.waitForPoll();
    fake.injectUpdate(fake.build.successfulPayment(payer, { total_amount: 50, invoice_payload: 'entry:12' }));
    await fake.waitForPoll();

    expect(events.map((e) => e.kind)).toEqual(['payment_check', 'payment_completed']);
    expect(events[0]).toMatchObject({ checkId: check.pre_checkout_query?.id, payload: 'entry:12' });
    expect(events[1]).toMatchObject({ provider: 'telegram_stars', amountMinor: 50, currency: 'XTR' });
    expect(fake.droppedUpdates()).toEqual([]);
  });

  it('the webhook is set with pre_checkout_query too, and a delivered query is handled', async () => {
    const { fake, adapter, events, payer } = await start({
      url: 'https://bot.example/telegram/webhook',
      secret: 'hook-secret',
    });
    expect(fake.webhook().allowed_updates).toContain('pre_checkout_query');

    const update = fake.injectUpdate(
      fake.build.preCheckoutQuery(payer, { total_amount: 50, invoice_payload: 'entry:12' }),
    );
    await adapter.handleWebhookUpdate(update as never);
    expect(events).toMatchObject([{ kind: 'payment_check', amountMinor: 50 }]);
  });
});

describe('Telegram adapter: a webhook update before start', () => {
  it('is refused until the adapter knows who the bot is, so it comes again instead of being lost', async () => {
    const fake = await startFakeTelegram();
    const events: ChatEvent[] = [];
    const adapter = new TelegramAdapter({
      token: fake.token,
      apiRoot: fake.apiRoot,
      webhook: { url: 'https://bot.example/telegram/webhook', secret: 'hook-secret' },
      handle: async (event) => {
        events.push(event);
      },
      log: silentLog,
      limits: NO_PACING,
    });
    try {
      const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
      const group = fake.world.addChat({ title: 'Tea lovers', owner });
      const update = { update_id: 1, ...fake.build.message(group.id, owner, '/ping') };
      await expect(adapter.handleWebhookUpdate(update as never)).rejects.toThrow('not started yet');
      expect(events).toEqual([]);
      await adapter.start([]);
      await adapter.handleWebhookUpdate(update as never);
      expect(events.map((e) => e.kind)).toEqual(['command']);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });
});

describe('Telegram adapter: a Bot API server behind a path', () => {
  it('calls under the whole root, with or without a trailing slash (a proxy at https://host/telegram)', async () => {
    const fake = await startFakeTelegram();
    try {
      for (const root of [`${fake.apiRoot}/via/proxy`, `${fake.apiRoot}/via/proxy/`]) {
        const adapter = new TelegramAdapter({
          token: fake.token,
          apiRoot: root,
          webhook: { url: 'https://bot.example/telegram/webhook', secret: 'hook-secret' },
          handle: async () => {},
          log: silentLog,
          limits: NO_PACING,
        });
        await adapter.start([]);
        await adapter.stop();
      }
      const calls = fake.calls();
      expect(calls.map((call) => call.method)).toContain('getMe');
      expect(calls.filter((call) => call.caller !== 'proxy')).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
