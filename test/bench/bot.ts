import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import type { ConsoleAdapter } from '../../adapters/console/adapter.js';
import { type App, startApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { type FakeCreditProvider, startFakeCreditProvider } from '../fakes/credit-provider.js';

/** The console's output: dropped, unless a caller asks to see what one step printed. */
export class Sink extends Writable {
  #capturing = false;
  #text = '';

  override _write(chunk: unknown, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.#capturing) this.#text += String(chunk);
    done();
  }

  /** Runs `step` while keeping what is printed; resolves with that text. */
  async capture(step: () => Promise<unknown>): Promise<string> {
    this.#capturing = true;
    this.#text = '';
    try {
      await step();
      return this.#text;
    } finally {
      this.#capturing = false;
      this.#text = '';
    }
  }
}

export const PROVIDER = 'sesame';
const SECRET = 'bench-secret';

/** circlebot in this process, wired like the console e2e harness, plus one outside credit provider. */
export interface BenchBot {
  readonly dir: string;
  readonly dbFile: string;
  readonly app: App;
  readonly console: ConsoleAdapter;
  readonly sink: Sink;
  readonly fake: FakeCreditProvider;
  /** Stops the app, closes the fake, removes the temp dir. Safe to call after a failed start. */
  stop(): Promise<void>;
}

export async function startBenchBot(): Promise<BenchBot> {
  const dir = mkdtempSync(join(tmpdir(), 'circlebot-bench-'));
  const dbFile = join(dir, 'circlebot.db');
  let fake: FakeCreditProvider | undefined;
  let app: App | undefined;
  const stop = async () => {
    await app?.stop();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    fake = await startFakeCreditProvider({ secret: SECRET });
    const config = configSchema.parse({
      db: { file: dbFile },
      http: { enabled: false },
      log: { level: 'silent' },
      credit: { providers: [{ name: PROVIDER, url: fake.url, secret: SECRET }] },
    });
    const sink = new Sink();
    app = await startApp({
      config,
      log: pino({ level: 'silent' }),
      clock: new ManualClock(),
      terminal: { input: new PassThrough(), output: sink, interactive: false },
    });
    if (!app.console) throw new Error('the console adapter did not start');
    return { dir, dbFile, app, console: app.console, sink, fake, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
