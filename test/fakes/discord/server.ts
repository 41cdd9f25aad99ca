import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { parseMultipart } from '../telegram/multipart.js';
import { applyEvent } from './apply.js';
import { API_VERSION } from './constants.js';
import { DiscordHttpError, routeNotFound, unauthorized } from './errors.js';
import { createEventBuilders, type EventBuilders } from './events.js';
import { Gateway, type SessionInfo } from './gateway.js';
import type { ConnectionInfo, DroppedEvent, GatewayFrame, IdentifyRecord } from './gateway-log.js';
import {
  type FailureSpec,
  type FakeCall,
  type FakeFile,
  pathMatches,
  Recorder,
  type RouteFilter,
} from './recorder.js';
import { appRoutes, type GatewayBot } from './rest/app.js';
import { guildRoutes } from './rest/guilds.js';
import { interactionRoutes } from './rest/interactions.js';
import { channelRoutes } from './rest/messages.js';
import { findRoute, NO_CONTENT, type RestContext, type RouteDef } from './rest/router.js';
import { randomToken } from './snowflake.js';
import type { DcCommand, DispatchEvent, Snowflake } from './types.js';
import { type PrivilegedIntents, World } from './world.js';

export interface FakeDiscordOptions {
  /** The bot token (default a realistic-looking one built from the application id). */
  token?: string;
  /** The clock, in ms, behind ids, timestamps and the 3-second interaction window (default `Date.now`). */
  now?: () => number;
  application?: { id?: Snowflake; name?: string };
  /** Privileged intents switched on in the portal (default all); one asked for but off closes with 4014. */
  privilegedIntents?: Partial<PrivilegedIntents>;
  /** Hello's `heartbeat_interval` (default 41250 ms, Discord's usual). */
  heartbeatIntervalMs?: number;
  /** Send the gateway events the bot's own REST calls cause (MESSAGE_CREATE, GUILD_MEMBER_UPDATE…); default true. */
  emitGatewayEvents?: boolean;
  /** `shards` in `GET /gateway/bot` (default one per 1000 guilds the bot is in, at least 1, as Discord). */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency`: shards that may identify at once (default 1). */
  maxConcurrency?: number;
  /** More guilds than this on one shard closes Identify with 4011 Sharding Required (default 2500). */
  maxGuildsPerShard?: number;
  /**
   * Identifies of one rate-limit bucket closer together than this get Invalid Session (op 9), as on Discord
   * with 5000; default 0, not checked (tests that reconnect need not wait).
   */
  identifyIntervalMs?: number;
}

export interface DispatchOptions {
  /** Let the event change the world (membership, stored message, open interaction…); default true. */
  apply?: boolean;
}

/** The gateway, as tests drive and inspect it. */
export interface FakeGateway {
  url: string;
  sessions(): SessionInfo[];
  /** Every Identify received, with its intents and outcome. */
  identifies(): IdentifyRecord[];
  /** Every WebSocket connection: the path (`/`, or `/resume` for a resume) and the close code once closed. */
  connections(): ConnectionInfo[];
  frames(): GatewayFrame[];
  waitForFrame(predicate: (f: GatewayFrame) => boolean, timeoutMs?: number): Promise<GatewayFrame>;
  /** Dispatches a session did not get because its intents leave them out. */
  dropped(): DroppedEvent[];
  /** Op 7: discord.js closes, reconnects to `resume_gateway_url` and resumes, replaying what it missed. */
  requestReconnect(): void;
  /** Op 9 with `d: resumable`; not resumable forgets the sessions, so the client identifies again. */
  invalidateSession(resumable: boolean): void;
  /** Closes the connections with `code` (default 4000: discord.js resumes). */
  disconnect(code?: number, reason?: string): void;
}

/** A running fake Discord. Point discord.js at it with `new Client({ intents, rest: { api: apiRoot } })`. */
export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api` — discord.js adds `/v10`. */
  apiRoot: string;
  token: string;
  world: World;
  build: EventBuilders;
  gateway: FakeGateway;
  /**
   * Applies the event to the world (unless `apply: false`) and sends it to the ready sessions of the shard
   * that owns its guild (shard 0 for DMs); returns it.
   */
  dispatch<E extends DispatchEvent<unknown>>(event: E, opts?: DispatchOptions): E;
  /** Resolves once a client has identified (on `shard`, if given) and been sent READY and its GUILD_CREATEs. */
  waitForReady(timeoutMs?: number, shard?: number): Promise<SessionInfo>;
  /** Recorded REST calls, all or those matching (`'POST /channels/:id/messages'`, a path pattern, a RegExp…). */
  calls(filter?: RouteFilter): FakeCall[];
  /** The next matching call not handed out before (`path` is a pattern with `:x` wildcards, or a RegExp). */
  waitForCall(
    method: string,
    path: string | RegExp,
    predicate?: (call: FakeCall) => boolean,
    timeoutMs?: number,
  ): Promise<FakeCall>;
  clearCalls(): void;
  /** The next matching call(s) (`'PUT /guilds/:g/members/:u/roles/:r'` or a path pattern) fail as `failure` says. */
  failNext(route: string, failure: FailureSpec): void;
  /** Registered application commands: a guild's, or the global ones. */
  commands(guildId?: Snowflake): DcCommand[];
  /** Drops every socket at once and stops the server. */
  close(): Promise<void>;
}

const INVALID_JSON = Symbol('invalid JSON');
const PREFIX = `/api/v${API_VERSION}`;

/** A token shaped like Discord's: base64 of the bot id, a timestamp part and an HMAC part. */
function makeToken(botId: Snowflake): string {
  return `${Buffer.from(botId).toString('base64url')}.G${randomToken(5)}.${randomToken(38)}`;
}

interface ParsedBody {
  json: unknown;
  files: FakeFile[];
}

/** Starts a fake Discord (REST under `/api/v10` and the gateway) on 127.0.0.1 with a free port. */
export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const now = opts.now ?? Date.now;
  const world = new World(now, { ...opts.application, privilegedIntents: opts.privilegedIntents });
  const token = opts.token ?? makeToken(world.application.id);
  const recorder = new Recorder();
  let origin = '';
  const gatewayUrl = () => `ws://${origin}`;
  const SESSION_STARTS = 1000;
  const gatewayBot = (): GatewayBot => {
    const botGuilds = [...world.guilds.values()].filter((g) => g.members.has(world.botUser.id)).length;
    return {
      url: gatewayUrl(),
      shards: opts.recommendedShards ?? Math.max(1, Math.ceil(botGuilds / 1000)),
      session_start_limit: {
        total: SESSION_STARTS,
        // Every Identify uses one start, successful or not, as on Discord.
        remaining: Math.max(0, SESSION_STARTS - (gateway?.log.identifies.length ?? 0)),
        reset_after: 14_400_000,
        max_concurrency: opts.maxConcurrency ?? 1,
      },
    };
  };
  const routes: RouteDef[] = [
    ...appRoutes(gatewayUrl, gatewayBot),
    ...interactionRoutes,
    ...channelRoutes,
    ...guildRoutes,
  ];

  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024, forceCloseConnections: true });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, {
        json: body === '' ? undefined : JSON.parse(body as string),
        files: [],
      } satisfies ParsedBody);
    } catch {
      done(null, INVALID_JSON);
    }
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      const parts = parseMultipart(body as Buffer, req.headers['content-type'] ?? '');
      const files = Object.values(parts).filter((v): v is FakeFile => typeof v === 'object' && v !== null);
      const payload = typeof parts.payload_json === 'string' ? JSON.parse(parts.payload_json) : {};
      done(null, { json: payload, files } satisfies ParsedBody);
    } catch (err) {
      done(err as Error);
    }
  });

  let gateway: Gateway | undefined;
  const ctx: RestContext = {
    world,
    emit: (event) => {
      if (opts.emitGatewayEvents ?? true) gateway?.dispatch(event, false);
    },
  };

  async function handle(req: FastifyRequest, reply: FastifyReply) {
    const [rawPath = '', rawQuery = ''] = req.url.split('?');
    if (!rawPath.startsWith(`${PREFIX}/`))
      return reply.code(404).send({ message: '404: Not Found', code: 0 });
    const parsed = req.body as ParsedBody | typeof INVALID_JSON | undefined;
    const reasonHeader = req.headers['x-audit-log-reason'];
    const call: FakeCall = {
      method: req.method,
      // Decoded segment by segment, so `%40original` reads `@original` and emoji read as emoji.
      path: rawPath
        .slice(PREFIX.length)
        .split('/')
        .map((seg) => {
          try {
            return decodeURIComponent(seg);
          } catch {
            return seg;
          }
        })
        .join('/'),
      query: Object.fromEntries(new URLSearchParams(rawQuery)),
      body: parsed === INVALID_JSON ? undefined : parsed?.json,
      files: parsed === INVALID_JSON ? [] : (parsed?.files ?? []),
      ...(typeof reasonHeader === 'string' ? { reason: decodeURIComponent(reasonHeader) } : {}),
      at: now(),
      status: 200,
      response: undefined,
    };
    let headers: Record<string, string> = {};
    try {
      const found = findRoute(routes, call.method, call.path);
      if (found === 'methodNotAllowed')
        throw new DiscordHttpError(405, { message: '405: Method Not Allowed', code: 0 });
      if (!found) throw routeNotFound();
      call.route = found.def.route;
      const failure = recorder.takeFailure(call);
      if (failure) throw failure;
      if (found.def.auth && req.headers.authorization !== `Bot ${token}`) throw unauthorized();
      if (parsed === INVALID_JSON)
        throw new DiscordHttpError(400, { message: '400: Bad Request', code: 50109 });
      const json = call.body;
      const body =
        json !== null && typeof json === 'object' && !Array.isArray(json)
          ? (json as Record<string, unknown>)
          : {};
      const result = found.def.handler(
        {
          method: call.method,
          path: call.path,
          params: found.params,
          query: call.query,
          body,
          raw: json,
          files: call.files,
          ...(call.reason !== undefined ? { reason: call.reason } : {}),
        },
        ctx,
      );
      if (result === NO_CONTENT) call.status = 204;
      // A copy, so later changes to the world do not rewrite what this call answered.
      else call.response = structuredClone(result);
    } catch (err) {
      if (!(err instanceof DiscordHttpError))
        console.error('fake Discord: route failed', call.method, call.path, err);
      const apiErr =
        err instanceof DiscordHttpError
          ? err
          : new DiscordHttpError(500, { message: '500: Internal Server Error', code: 0 });
      call.status = apiErr.status;
      call.response = apiErr.body;
      headers = apiErr.headers;
    }
    recorder.record(call);
    reply.headers(headers);
    if (call.status === 204) return reply.code(204).send();
    return reply
      .code(call.status)
      .header('content-type', 'application/json')
      .send(JSON.stringify(call.response));
  }

  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', handler: handle });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake Discord has no port');
  origin = `127.0.0.1:${address.port}`;
  const gw = new Gateway(app.server, {
    world,
    token,
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
    resumeUrl: () => `ws://${origin}/resume`,
    maxGuildsPerShard: opts.maxGuildsPerShard ?? 2500,
    maxConcurrency: opts.maxConcurrency ?? 1,
    identifyIntervalMs: opts.identifyIntervalMs ?? 0,
  });
  gateway = gw;

  return {
    apiRoot: `http://${origin}/api`,
    token,
    world,
    build: createEventBuilders(world),
    gateway: {
      url: gatewayUrl(),
      sessions: () => gw.sessionsInfo(),
      identifies: () => [...gw.log.identifies],
      connections: () => gw.log.connections.map((c) => ({ ...c })),
      frames: () => [...gw.log.frames],
      waitForFrame: (predicate, timeoutMs) => gw.log.waitForFrame(predicate, timeoutMs),
      dropped: () => [...gw.log.dropped],
      requestReconnect: () => gw.requestReconnect(),
      invalidateSession: (resumable) => gw.invalidateSessions(resumable),
      disconnect: (code, reason) => gw.disconnect(code, reason),
    },
    dispatch(event, dispatchOpts) {
      if (dispatchOpts?.apply ?? true) applyEvent(world, event);
      gw.dispatch(event, true);
      return event;
    },
    waitForReady: (timeoutMs, shard) => gw.waitForReady(timeoutMs, shard),
    calls: (filter) => recorder.calls(filter),
    waitForCall: (method, path, predicate, timeoutMs) =>
      recorder.waitForCall(
        (c) =>
          c.method === method.toUpperCase() &&
          (typeof path === 'string' ? pathMatches(path, c.path) : path.test(c.path)),
        predicate,
        timeoutMs,
        `${method.toUpperCase()} ${String(path)}`,
      ),
    clearCalls: () => recorder.clear(),
    failNext: (routeFilter, failure) => recorder.failNext(routeFilter, failure),
    commands: (guildId) => world.commandsFor(guildId ?? 'global'),
    async close() {
      await gw.shutdown();
      await app.close();
    },
  };
}
