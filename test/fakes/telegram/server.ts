import Fastify from 'fastify';
import { applyUpdate } from './apply.js';
import { BotApiError, TG } from './errors.js';
import { commandScopeKey } from './methods/chats.js';
import { findMethod, type MethodContext, type WebhookState } from './methods/index.js';
import { parseMultipart } from './multipart.js';
import { normaliseParams, type Params } from './params.js';
import { type FailureSpec, type FakeCall, Recorder } from './recorder.js';
import type { TgApiResponse, TgBotCommand, TgUpdate, TgUpdateInput, TgUser } from './types.js';
import { UpdateQueue } from './update-queue.js';
import { createUpdateBuilders, type UpdateBuilders } from './updates.js';
import { type DeliverOptions, postUpdate } from './webhook.js';
import { World } from './world.js';

export interface FakeTelegramOptions {
  /** Default `7000000001:AAF-fake-token-for-tests`; the bot id is taken from a `<digits>:` prefix. */
  token?: string;
  /** What `getMe` says: id, names, `can_join_groups` (true), `can_read_all_group_messages` (false). */
  bot?: Partial<TgUser>;
  /** The clock, in ms, behind every `date`, the DM window and the pre-checkout deadline. */
  now?: () => number;
  /** Queue `chat_member`/`my_chat_member` updates when the bot's own calls change a membership (default true). */
  emitMemberUpdates?: boolean;
  firstUpdateId?: number;
}

export interface InjectOptions {
  /** Let the update change the world (pending join request, membership, stored message…); default true. */
  apply?: boolean;
}

/** A running fake Bot API. Point telegraf at it with `{ telegram: { apiRoot } }`. */
export interface FakeTelegram {
  apiRoot: string;
  token: string;
  /** The bot as `getMe` returns it. */
  bot: TgUser;
  world: World;
  build: UpdateBuilders;
  /** Queues an update for `getUpdates` (numbering it if needed) and wakes a waiting long poll. */
  injectUpdate(update: TgUpdateInput, opts?: InjectOptions): TgUpdate;
  /** POSTs an update to the webhook (see `DeliverOptions`) and returns the HTTP status. */
  deliverWebhook(update: TgUpdateInput, opts?: DeliverOptions & InjectOptions): Promise<number>;
  calls(method?: string): FakeCall[];
  waitForCall(method: string, predicate?: (call: FakeCall) => boolean, timeoutMs?: number): Promise<FakeCall>;
  clearCalls(): void;
  /** Resolves once a `getUpdates` long poll is held waiting: the polling bot is idle and listening. */
  waitForPoll(timeoutMs?: number): Promise<void>;
  /** The next call(s) of `method` fail with this error before touching the world. */
  failNext(method: string, failure: FailureSpec): void;
  webhook(): Readonly<WebhookState>;
  allowedUpdates(): string[] | undefined;
  /** Queued updates not yet confirmed by an `offset`. */
  pendingUpdates(): TgUpdate[];
  /** Updates never delivered because `allowed_updates` left their kind out. */
  droppedUpdates(): TgUpdate[];
  /** The commands set for a scope (`{ type: 'chat_administrators', chat_id }`…) and language. */
  commands(scope?: unknown, languageCode?: string): TgBotCommand[];
  /** Ends waiting long polls at once, then stops the server. */
  close(): Promise<void>;
}

const INVALID_JSON = Symbol('invalid JSON');
/**
 * `/bot<token>/<method>`, optionally behind `/via/<tag>`: a test running several bot processes gives each an
 * API root of its own (`${apiRoot}/via/<tag>/`), and every call is recorded with the tag of its caller.
 */
const PATH = /^(?:\/via\/([^/]+))?\/bot([^/]+)\/([^/?]+)/;

function send(
  reply: { code(n: number): { send(b: unknown): unknown } },
  status: number,
  body: TgApiResponse,
) {
  return reply.code(status).send(body);
}

/** Starts a fake Bot API on 127.0.0.1 with a free port. */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = opts.token ?? '7000000001:AAF-fake-token-for-tests';
  const tokenId = /^(\d+):/.exec(token)?.[1];
  const bot: TgUser = {
    id: Number(tokenId ?? 7_000_000_001),
    is_bot: true,
    first_name: 'Circle Bot',
    username: 'circle_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    ...opts.bot,
  };
  const now = opts.now ?? Date.now;
  const world = new World(bot, now);
  const updates = new UpdateQueue(opts.firstUpdateId);
  const recorder = new Recorder();
  const webhook: WebhookState = { url: '' };
  const commands = new Map<string, TgBotCommand[]>();
  const inFlight = new Set<AbortController>();
  let lastId = 0;

  async function execute(
    name: string,
    params: Params,
    via: FakeCall['via'],
    signal: AbortSignal,
    caller?: string,
  ) {
    const entry = findMethod(name);
    const at = now();
    let status = 200;
    let response: TgApiResponse;
    const failure = recorder.takeFailure(entry?.name ?? name);
    try {
      if (failure) throw failure;
      if (!entry) throw new BotApiError(404, TG.methodNotFound);
      const ctx: MethodContext = {
        world,
        updates,
        webhook,
        commands,
        emitMemberUpdates: opts.emitMemberUpdates ?? true,
        signal,
        nextId: (prefix) => `${prefix}${++lastId}`,
      };
      // A copy, so later edits to the world do not rewrite what this call answered.
      response = { ok: true, result: structuredClone(await entry.handler(params, ctx)) };
    } catch (err) {
      if (!(err instanceof BotApiError)) console.error('fake Telegram: method failed', name, err);
      const apiError = err instanceof BotApiError ? err : new BotApiError(500, 'Internal Server Error');
      status = apiError.error_code;
      response = apiError.toResponse();
    }
    recorder.record({ method: entry?.name ?? name, params, at, status, response, via, caller });
    return { status, response };
  }

  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch {
      done(null, INVALID_JSON);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, req.headers['content-type'] ?? ''));
    } catch (err) {
      done(err as Error);
    }
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/*',
    handler: async (req, reply) => {
      const match = PATH.exec(req.url);
      if (!match) return send(reply, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, caller, urlToken, method = ''] = match;
      if (decodeURIComponent(urlToken ?? '') !== token) {
        return send(reply, 401, { ok: false, error_code: 401, description: TG.unauthorized });
      }
      if (req.body === INVALID_JSON) {
        return send(reply, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON" });
      }
      const raw = { ...(req.query as Params), ...((req.body as Params | undefined) ?? {}) };
      const controller = new AbortController();
      inFlight.add(controller);
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      try {
        const { status, response } = await execute(
          method,
          normaliseParams(raw),
          'http',
          controller.signal,
          caller === undefined ? undefined : decodeURIComponent(caller),
        );
        return send(reply, status, response);
      } finally {
        inFlight.delete(controller);
      }
    },
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake Telegram has no port');

  function numberAndApply(update: TgUpdateInput, apply: boolean | undefined, queue: boolean): TgUpdate {
    const numbered = queue ? updates.push(update) : updates.number(update);
    if (apply ?? true) applyUpdate(world, numbered);
    return numbered;
  }

  return {
    apiRoot: `http://127.0.0.1:${address.port}`,
    token,
    bot,
    world,
    build: createUpdateBuilders(world),
    injectUpdate: (update, injectOpts) => numberAndApply(update, injectOpts?.apply, true),
    async deliverWebhook(update, deliverOpts = {}) {
      const url = deliverOpts.url ?? webhook.url;
      if (!url) throw new Error('fake Telegram: no webhook set and no url given');
      const secret =
        deliverOpts.secretToken === null ? undefined : (deliverOpts.secretToken ?? webhook.secret_token);
      const numbered = numberAndApply(update, deliverOpts.apply, false);
      return postUpdate(url, secret, numbered, async (method, params) => {
        await execute(method, normaliseParams(params), 'webhook-reply', new AbortController().signal);
      });
    },
    calls: (method) => recorder.calls(method),
    waitForCall: (method, predicate, timeoutMs) => recorder.waitForCall(method, predicate, timeoutMs),
    clearCalls: () => recorder.clear(),
    waitForPoll: (timeoutMs = 5000) => updates.waitForPoll(timeoutMs),
    failNext: (method, failure) => recorder.failNext(method, failure),
    webhook: () => ({ ...webhook }),
    allowedUpdates: () => updates.allowedUpdates(),
    pendingUpdates: () => updates.pending(),
    droppedUpdates: () => updates.dropped(),
    commands: (scope, languageCode) => commands.get(commandScopeKey(scope, languageCode)) ?? [],
    async close() {
      updates.close();
      for (const controller of inFlight) controller.abort();
      await app.close();
    },
  };
}
