import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { type App, startApp } from '../../src/app.js';
import { type Config, configSchema } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/log.js';

/** A circlebot with the console adapter, driven line by line, on a real SQLite file and a clock tests move. */
export interface ConsoleBot {
  readonly app: App;
  readonly clock: ManualClock;
  readonly dbFile: string;
  /** Acts out console lines; resolves with what the bot and console printed meanwhile. */
  run(...lines: string[]): Promise<string>;
  /** Moves the clock and runs every durable job now due; resolves with what was printed. */
  advance(ms: number): Promise<string>;
  stop(): Promise<void>;
}

export function tempDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'circlebot-')), 'circlebot.db');
}

/** A place for a bot's log lines (pass `logTo` to `startConsoleBot`) and what has been written to it. */
export function captureLogs(): { readonly logTo: Writable; text(): string } {
  let written = '';
  const logTo = new Writable({
    write(chunk, _enc, done) {
      written += String(chunk);
      done();
    },
  });
  return { logTo, text: () => written };
}

export async function startConsoleBot(
  opts: {
    dbFile?: string;
    clock?: ManualClock;
    config?: Record<string, unknown>;
    /** Where the bot's JSON log lines go (at debug level); silent without. */
    logTo?: Writable;
  } = {},
): Promise<ConsoleBot> {
  const dbFile = opts.dbFile ?? tempDbFile();
  const clock = opts.clock ?? new ManualClock();
  const config: Config = configSchema.parse({
    db: { file: dbFile },
    http: { enabled: false },
    ...opts.config,
  });
  let printed = '';
  const output = new Writable({
    write(chunk, _enc, done) {
      printed += String(chunk);
      done();
    },
  });
  const app = await startApp({
    config,
    log: opts.logTo
      ? createLogger('debug', { pretty: false, destination: opts.logTo })
      : pino({ level: 'silent' }),
    clock,
    random: () => 0, // every counted message earns the minimum: 15 points by default
    terminal: { input: new PassThrough(), output, interactive: false },
  });
  const take = () => {
    const out = printed;
    printed = '';
    return out;
  };
  return {
    app,
    clock,
    dbFile,
    async run(...lines) {
      for (const line of lines) await app.console!.feed(line);
      return take();
    },
    async advance(ms) {
      clock.advance(ms);
      await app.core.scheduler.runDue();
      return take();
    },
    stop: () => app.stop(),
  };
}
