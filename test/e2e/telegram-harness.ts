import pino from 'pino';
import { afterEach } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { type FakeTelegram, startFakeTelegram, type TgUser } from '../fakes/telegram/index.js';
import { tempDbFile } from './console-harness.js';

/** circlebot with the real Telegram adapter (telegraf) long-polling a fake Bot API. */
export interface TelegramBot {
  readonly app: App;
  readonly fake: FakeTelegram;
  readonly clock: ManualClock;
  readonly dbFile: string;
  /**
   * Injects an update and resolves once the bot has handled it: telegraf polls again (and so confirms the
   * offset) only after every update of a batch was handled.
   */
  deliver(update: Parameters<FakeTelegram['injectUpdate']>[0]): Promise<void>;
  /** Moves the clock and runs every durable job now due. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTelegramBot(
  opts: { fake?: FakeTelegram; dbFile?: string; clock?: ManualClock; config?: Record<string, unknown> } = {},
): Promise<TelegramBot> {
  const fake = opts.fake ?? (await startFakeTelegram());
  const clock = opts.clock ?? new ManualClock();
  const dbFile = opts.dbFile ?? tempDbFile();
  const config = configSchema.parse({
    db: { file: dbFile },
    http: { enabled: false },
    telegram: { token: fake.token, apiRoot: fake.apiRoot },
    ...opts.config,
  });
  const app = await startApp({
    config,
    log: pino({ level: 'silent' }),
    clock,
    random: () => 0,
    // Real pacing would make every story take seconds per message; the queue's own tests check pacing.
    telegramLimits: { perChatGapMs: 0, groupPerMinute: 10_000, globalPerSecond: 1e6 },
  });
  if (!config.telegram.webhookUrl) await fake.waitForPoll();
  return {
    app,
    fake,
    clock,
    dbFile,
    async deliver(update) {
      fake.injectUpdate(update);
      await fake.waitForPoll(10_000);
    },
    async advance(ms) {
      clock.advance(ms);
      await app.core.scheduler.runDue();
    },
    stop: () => app.stop(),
  };
}

/** A Telegram group “Tea lovers” owned by @olivia, with circlebot running against the fake Bot API. */
export interface TelegramGroup {
  readonly fake: FakeTelegram;
  readonly bot: TelegramBot;
  readonly owner: TgUser;
  readonly group: ReturnType<FakeTelegram['world']['addChat']>;
  /** The owner says something in the group; resolves once the bot handled it. */
  say(text: string): Promise<void>;
  /** Texts the bot sent to a chat, oldest first. */
  texts(chatId: number): string[];
}

/**
 * Stories set in one Telegram group: `start()` makes a fresh fake, group and bot; every bot and fake made
 * (and every bot passed to `track`, such as one restarted on the same database) is stopped after each test.
 */
export function telegramGroups() {
  const bots: TelegramBot[] = [];
  const fakes: FakeTelegram[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });
  return {
    track(bot: TelegramBot): TelegramBot {
      bots.push(bot);
      return bot;
    },
    async start(opts: { config?: Record<string, unknown> } = {}): Promise<TelegramGroup> {
      const fake = await startFakeTelegram();
      fakes.push(fake);
      const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
      const group = fake.world.addChat({ title: 'Tea lovers', owner, join_by_request: true });
      const bot = await startTelegramBot({ fake, ...(opts.config ? { config: opts.config } : {}) });
      bots.push(bot);
      return {
        fake,
        bot,
        owner,
        group,
        say: (text) => bot.deliver(fake.build.message(group.id, owner, text)),
        texts: (chatId) =>
          fake
            .calls('sendMessage')
            .filter((c) => Number(c.params.chat_id) === chatId)
            .map((c) => String(c.params.text)),
      };
    },
  };
}
