import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { ConsoleAdapter } from '../adapters/console/adapter.js';
import { DiscordAdapter } from '../adapters/discord/adapter.js';
import { TelegramAdapter } from '../adapters/telegram/adapter.js';
import type { FloodLimits } from '../adapters/telegram/queue.js';
import type { Config } from './config.js';
import { automationFeature } from './core/automation/feature.js';
import { type Clock, systemClock } from './core/clock.js';
import { builtinFeature } from './core/commands/builtin.js';
import { type Core, createCore } from './core/core.js';
import { createCommunityCredit } from './core/credit/community.js';
import { createHttpCreditProvider } from './core/credit/http-provider.js';
import { CreditService } from './core/credit/service.js';
import { ConfigError } from './core/errors.js';
import type { Feature } from './core/feature.js';
import { gateFeature } from './core/gate/feature.js';
import { t } from './core/i18n/index.js';
import { paidEntry } from './core/market/entry.js';
import { marketFeature } from './core/market/feature.js';
import type { PaymentSink } from './core/market/payment.js';
import { PaymentService } from './core/market/payments.js';
import { membershipFeature } from './core/members.js';
import { DECAY_JOB, pointsFeature } from './core/points/feature.js';
import { Ports } from './core/ports.js';
import { privacyFeature, RETENTION_JOB } from './core/privacy/feature.js';
import type { Store } from './core/store.js';
import { buildHttp, type RoutePlugin } from './http/app.js';
import { dashboardParts } from './http/dashboard/index.js';
import { TELEGRAM_WEBHOOK_PATH, telegramWebhookRoute } from './http/telegram-webhook.js';
import { trackedLinksRoute } from './http/tracked-links.js';
import { standardWebhookRoute } from './http/webhooks/standard.js';
import { stripeWebhookRoute } from './http/webhooks/stripe.js';
import { createMetrics, type Metrics } from './metrics.js';
import { acquireDbLock } from './store/lock.js';
import { openSqliteStore } from './store/open.js';
import { takeIdentifySlot } from './store/pg/identify-slots.js';
import { openPostgresStore } from './store/pg/open.js';
import { takeShardLease } from './store/pg/shard-leases.js';

export interface AppOptions {
  readonly config: Config;
  readonly log: PinoLogger;
  readonly clock?: Clock;
  /** Terminal for the console adapter (used when no platform token is set). */
  readonly terminal?: { readonly input: Readable; readonly output: Writable; readonly interactive: boolean };
  /** Uniform draw in [0, 1) for message points (tests pin it; production uses Math.random). */
  readonly random?: () => number;
  /** Telegram flood limits (tests shrink them; production keeps Telegram's). */
  readonly telegramLimits?: Partial<FloodLimits>;
}

/** A running circlebot: stop it to shut down gracefully. */
export interface App {
  readonly core: Core;
  readonly store: Store;
  readonly metrics: Metrics;
  /** Where confirmed payments go: the webhooks use it, and so may tests and operator tools. */
  readonly payments: PaymentSink;
  readonly http: FastifyInstance | null;
  readonly console: ConsoleAdapter | null;
  readonly telegram: TelegramAdapter | null;
  readonly discord: DiscordAdapter | null;
  /** Resolves when the console's input ends (never, without a console). */
  readonly consoleDone: Promise<void>;
  /**
   * Resolves when circlebot can no longer run safely — its Discord shards' lease was lost with its database
   * connection, so another process may be running them — and never otherwise. The caller stops it.
   */
  readonly failed: Promise<Error>;
  /** Stops adapters, finishes events under way, stops jobs and HTTP, closes the database. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The composition root: store (migrated) → credit → core with its features → adapters and HTTP.
 * Nothing else wires dependencies; tests call this with their own config, clock and terminal.
 */
export async function startApp(opts: AppOptions): Promise<App> {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  // A running bot holds `<db>.lock`, so `circlebot restore` and `import` refuse to change its database.
  const { url } = config.db;
  const lock = url !== undefined || config.db.file === ':memory:' ? null : acquireDbLock(config.db.file);
  let store: Store;
  try {
    store =
      url === undefined
        ? openSqliteStore(config.db.file)
        : await openPostgresStore(url, {
            onIdleError: (err) => log.warn({ err }, 'an idle database connection failed; it is replaced'),
          });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const metrics = createMetrics();

  const credit = new CreditService({
    providers: [
      createCommunityCredit({ repo: store.credit, clock }),
      ...config.credit.providers.map((p) =>
        createHttpCreditProvider({
          name: p.name,
          url: p.url,
          secret: p.secret,
          timeoutMs: p.timeoutMs,
          ttlMs: p.ttlSeconds === undefined ? undefined : p.ttlSeconds * 1000,
          clock,
        }),
      ),
    ],
    repo: store.credit,
    clock,
    log: log.child({ part: 'credit' }),
    combine: config.credit.combine,
    cacheTtlMs: config.credit.cacheTtlSeconds * 1000,
  });

  const ports = new Ports(() => store.flush());
  // Like the webhook secret: generated when unset, so member tokens then last until the next restart.
  const linkSecret = config.market?.linkSecret ?? randomBytes(32).toString('base64url');
  const features: Feature[] = [];
  const automation = automationFeature({ store, ports, clock, log: log.child({ part: 'automation' }) });
  const gate = gateFeature({
    store,
    ports,
    clock,
    log: log.child({ part: 'gate' }),
    credit,
    payment: paidEntry({ store, ports, log: log.child({ part: 'market' }) }),
    onAdmitted: (circle, member) => automation.welcome(circle, member),
  });
  const points = pointsFeature({
    store,
    ports,
    clock,
    log: log.child({ part: 'points' }),
    random: opts.random,
  });
  const payments = new PaymentService({
    store,
    clock,
    log: log.child({ part: 'payments' }),
    onEntryPaid: (applicationId) => gate.flow.onPaid(applicationId),
    afterPoints: (circle, member, result) => points.flow.afterRecord(circle, member, result),
  });
  const dashboard = dashboardParts({
    store,
    ports,
    flow: gate.flow,
    clock,
    log: log.child({ part: 'dashboard' }),
    httpEnabled: config.http.enabled,
    publicUrl: config.publicUrl ?? null,
    secret: linkSecret,
  });
  features.push(
    builtinFeature({ store, ports, features: () => features }),
    membershipFeature({ store, clock }),
    gate,
    points,
    marketFeature({
      store,
      ports,
      clock,
      log: log.child({ part: 'market' }),
      payments,
      // A public URL with no HTTP server behind it would only make dead links.
      publicUrl: config.http.enabled ? (config.publicUrl ?? null) : null,
      linkSecret,
    }),
    dashboard.feature,
  );
  features.push(privacyFeature({ store, ports, clock, log: log.child({ part: 'privacy' }) }), automation);
  if ((await store.jobs.pending(RETENTION_JOB)).length === 0) {
    await store.jobs.schedule({
      kind: RETENTION_JOB,
      key: RETENTION_JOB,
      payload: {},
      runAt: new Date(clock.now().getTime() + 86_400_000),
    });
  }
  if ((await store.jobs.pending(DECAY_JOB)).length === 0) {
    await store.jobs.schedule({
      kind: DECAY_JOB,
      key: DECAY_JOB,
      payload: {},
      runAt: new Date(clock.now().getTime() + 7 * 86_400_000),
    });
  }
  const core = createCore({
    store,
    ports,
    clock,
    log,
    observer: metrics.observer,
    features,
    jobLeaseMs: config.jobs.leaseMs,
  });

  let consoleAdapter: ConsoleAdapter | null = null;
  let consoleDone: Promise<void> = new Promise(() => {});
  const handle = (event: Parameters<Core['handle']>[0]) => core.handle(event);
  const routes: RoutePlugin[] = [];

  let telegram: TelegramAdapter | null = null;
  if (config.telegram.token) {
    const webhookUrl = config.telegram.webhookUrl;
    const secret = config.telegram.webhookSecret ?? randomBytes(32).toString('base64url');
    telegram = new TelegramAdapter({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      ...(webhookUrl ? { webhook: { url: webhookUrl, secret } } : {}),
      handle,
      log: log.child({ part: 'telegram' }),
      limits: { globalPerSecond: config.telegram.callsPerSecond, ...opts.telegramLimits },
    });
    ports.add(telegram.port);
    if (webhookUrl) {
      const adapter = telegram;
      const path = new URL(webhookUrl).pathname;
      routes.push(
        telegramWebhookRoute({
          path: path === '/' ? TELEGRAM_WEBHOOK_PATH : path,
          secret,
          handleUpdate: (update) => adapter.handleWebhookUpdate(update as never),
        }),
      );
    }
  }
  let stopping: Promise<void> | undefined;
  let fail: (err: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => {
    fail = resolve;
  });
  let discord: DiscordAdapter | null = null;
  // Another process runs our Discord shards: the rest of this process starts meanwhile (see below).
  let standby: () => void = () => {};
  let discordState: 'started' | 'standby' | null = null;
  const standing = new Promise<'standby'>((resolve) => {
    standby = () => resolve('standby');
  });
  if (config.discord.token) {
    const discordLog = log.child({ part: 'discord' });
    discord = new DiscordAdapter({
      token: config.discord.token,
      apiRoot: config.discord.apiRoot,
      messageContent: config.discord.messageContent,
      ...(config.discord.shardCount === undefined && config.discord.shardIds === undefined
        ? {}
        : { shards: { count: config.discord.shardCount ?? 1, ids: config.discord.shardIds } }),
      // Several processes may identify shards at once: the database spaces them as Discord requires; and a
      // shard runs in one process at a time, the others waiting for it (on SQLite there is one process).
      ...(url === undefined
        ? {}
        : {
            identifySlot: (bucket: number, signal: AbortSignal) => takeIdentifySlot(url, bucket, signal),
            shardLease: (shards, signal) =>
              takeShardLease(url, shards, { signal, log: discordLog, onWait: standby }),
            onShardsLost: fail,
          }),
      handle,
      log: discordLog,
    });
    ports.add(discord.port);
  }

  if (!telegram && !discord && opts.terminal) {
    consoleAdapter = new ConsoleAdapter({
      ...opts.terminal,
      owner: config.console.owner,
      groupId: config.console.circle,
      welcome: t('en', 'console.welcome', { owner: config.console.owner }),
      handle,
    });
    ports.add(consoleAdapter.port);
  }

  // HTTP first: a webhook must be able to arrive as soon as Telegram is told where to post.
  let http: FastifyInstance | null = null;
  try {
    if (config.http.enabled) {
      const { stripeWebhookSecret, standardWebhookSecret } = config.market ?? {};
      if (stripeWebhookSecret) {
        routes.push(stripeWebhookRoute({ secret: stripeWebhookSecret, sink: payments }));
      }
      if (standardWebhookSecret) {
        routes.push(standardWebhookRoute({ secret: standardWebhookSecret, sink: payments }));
      }
      routes.push(
        trackedLinksRoute({
          market: store.market,
          durably: (work) => store.durably(work),
          secret: linkSecret,
          now: () => clock.now(),
        }),
        dashboard.route,
      );
      http = buildHttp({ store, metrics, log: log.child({ part: 'http' }), routes });
      await http.listen({ host: config.http.host, port: config.http.port });
    } else if (routes.length > 0) {
      throw new ConfigError(
        'http.enabled',
        'http.enabled = false: the Telegram webhook needs the HTTP server',
      );
    }
    await telegram?.start(core.commands);
    const discordStarted = discord?.start(core.commands);
    if (discordStarted)
      discordState = await Promise.race([discordStarted.then(() => 'started' as const), standing]);
    if (discordStarted && discordState === 'standby') {
      // A standby process (a rolling deploy's new one, a spare): HTTP, Telegram and jobs run now; Discord
      // connects when the process holding its shards stops. Failing then fails the process, as at start.
      discordStarted.catch((err: unknown) => {
        if (stopping === undefined) fail(err instanceof Error ? err : new Error(String(err)));
      });
    }
  } catch (err) {
    // A platform that refuses us at start must not leave the database or a port open.
    await telegram?.stop().catch(() => {});
    await discord?.stop().catch(() => {});
    await http?.close().catch(() => {});
    await store.close();
    lock?.release();
    throw err;
  }
  if (consoleAdapter) {
    await consoleAdapter.port.registerCommands(core.commands);
    consoleDone = consoleAdapter.run();
  }
  core.scheduler.start(config.jobs.pollMs);
  log.info(
    {
      http: http ? http.addresses() : null,
      telegram: telegram !== null,
      discord: discordState === 'standby' ? 'standby' : discord !== null,
      console: consoleAdapter !== null,
    },
    'circlebot started',
  );

  return {
    core,
    store,
    metrics,
    payments,
    http,
    console: consoleAdapter,
    telegram,
    discord,
    consoleDone,
    failed,
    stop() {
      stopping ??= (async () => {
        consoleAdapter?.stop();
        await telegram?.stop();
        await discord?.stop();
        await core.drain();
        await core.scheduler.stop();
        await http?.close();
        await store.close();
        lock?.release();
        log.info('circlebot stopped');
      })();
      return stopping;
    },
  };
}
