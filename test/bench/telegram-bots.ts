import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { type App, startApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { TELEGRAM_WEBHOOK_PATH } from '../../src/http/telegram-webhook.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram/index.js';
import type { Target } from './load.js';

const SECRET = 'bench-webhook-secret';
/** Every target gets the same headers, circlebot's secret included (the others ignore it). */
const HEADERS = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };

/**
 * The three webhook receivers of the Telegram section, in this process, all on 127.0.0.1 and all pointed
 * at one fake Bot API:
 * - `circlebot`: `startApp` in webhook mode (temp SQLite file, silent logs, flood limits relaxed like the
 *   e2e harness), so a POST goes secret check → zod → telegraf → map → core → store before its 200;
 * - `telegraf`: a bare telegraf bot (the same package) whose one middleware only acknowledges, behind a
 *   minimal fastify route that awaits `bot.handleUpdate(update)` and answers 200;
 * - `floor`: a route on that same minimal server that parses the body and answers 200, no telegraf: what
 *   the client and fastify cost by themselves.
 */
export interface TelegramBench {
  readonly fake: FakeTelegram;
  readonly app: App;
  readonly dbFile: string;
  readonly circlebot: Target;
  readonly telegraf: Target;
  readonly floor: Target;
  /** Updates the bare telegraf bot's middleware has acknowledged. */
  acknowledged(): number;
  /** Stops everything and removes the temp dir. Safe to call after a failed start. */
  stop(): Promise<void>;
}

const portOf = (server: FastifyInstance) => (server.server.address() as AddressInfo).port;

/** A bare telegraf bot behind a minimal fastify server; resolves once it listens. */
async function startBareTelegraf(fake: FakeTelegram) {
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot, webhookReply: false } });
  let acknowledged = 0;
  bot.use(async () => {
    acknowledged += 1;
  });
  bot.botInfo = await bot.telegram.getMe();
  const server = Fastify({ logger: false });
  server.post('/telegraf', async (request, reply) => {
    await bot.handleUpdate(request.body as Update);
    return reply.code(200).send({ ok: true });
  });
  server.post('/floor', async (_request, reply) => reply.code(200).send({ ok: true }));
  await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, acknowledged: () => acknowledged };
}

export async function startTelegramBench(): Promise<TelegramBench> {
  const dir = mkdtempSync(join(tmpdir(), 'circlebot-bench-tg-'));
  const dbFile = join(dir, 'circlebot.db');
  let fake: FakeTelegram | undefined;
  let app: App | undefined;
  let bare: Awaited<ReturnType<typeof startBareTelegraf>> | undefined;
  const stop = async () => {
    await app?.stop();
    await bare?.server.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    fake = await startFakeTelegram();
    const config = configSchema.parse({
      db: { file: dbFile },
      http: { enabled: true, host: '127.0.0.1', port: 0 },
      log: { level: 'silent' },
      telegram: {
        token: fake.token,
        apiRoot: fake.apiRoot,
        webhookUrl: `https://bench.example${TELEGRAM_WEBHOOK_PATH}`,
        webhookSecret: SECRET,
      },
    });
    app = await startApp({
      config,
      log: pino({ level: 'silent' }),
      // As in test/e2e/telegram-harness.ts; nothing here is sent, but pacing must not be what is measured.
      telegramLimits: { perChatGapMs: 0, groupPerMinute: 10_000, globalPerSecond: 1e6 },
    });
    if (!app.http) throw new Error('circlebot started without its HTTP server');
    if (fake.webhook().secret_token !== SECRET) throw new Error('circlebot did not set its webhook');
    bare = await startBareTelegraf(fake);
    const target = (name: string, port: number, path: string): Target => ({
      name,
      port,
      path,
      headers: HEADERS,
    });
    return {
      fake,
      app,
      dbFile,
      circlebot: target('circlebot', portOf(app.http), TELEGRAM_WEBHOOK_PATH),
      telegraf: target('bare telegraf', portOf(bare.server), '/telegraf'),
      floor: target('http floor', portOf(bare.server), '/floor'),
      acknowledged: bare.acknowledged,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
