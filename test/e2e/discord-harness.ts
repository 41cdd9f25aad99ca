import pino, { type Logger as PinoLogger } from 'pino';
import { type App, startApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { tempDbFile } from './console-harness.js';

/** circlebot with the real Discord adapter (discord.js) against the fake REST + gateway. */
export interface DiscordBot {
  readonly app: App;
  readonly fake: FakeDiscord;
  readonly clock: ManualClock;
  readonly dbFile: string;
  /** Dispatches a gateway event and resolves once the core has handled it (the event queue is idle). */
  dispatch(event: Parameters<FakeDiscord['dispatch']>[0]): Promise<void>;
  stop(): Promise<void>;
}

/** Waits until `check` holds, polling; tests never sleep for a fixed time. */
export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function startDiscordBot(
  opts: {
    fake?: FakeDiscord;
    dbFile?: string;
    clock?: ManualClock;
    config?: Record<string, unknown>;
    /** Where the bot logs (default: nowhere). */
    log?: PinoLogger;
  } = {},
): Promise<DiscordBot> {
  const fake = opts.fake ?? (await startFakeDiscord());
  const clock = opts.clock ?? new ManualClock();
  const dbFile = opts.dbFile ?? tempDbFile();
  const config = configSchema.parse({
    db: { file: dbFile },
    http: { enabled: false },
    discord: { token: fake.token, apiRoot: fake.apiRoot },
    ...opts.config,
  });
  const app = await startApp({ config, log: opts.log ?? pino({ level: 'silent' }), clock, random: () => 0 });
  let handled = 0;
  const original = app.core.handle;
  // Count events the core finished, so a test knows when a dispatched event is done.
  (app.core as { handle: typeof original }).handle = async (event) => {
    try {
      await original(event);
    } finally {
      handled++;
    }
  };
  return {
    app,
    fake,
    clock,
    dbFile,
    async dispatch(event) {
      const before = handled;
      fake.dispatch(event);
      await until(() => handled > before, `the core to handle ${event.t}`);
      await app.core.drain();
    },
    stop: () => app.stop(),
  };
}
