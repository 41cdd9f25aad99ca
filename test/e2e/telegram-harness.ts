import pino from 'pino';
import { type App, startApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
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
