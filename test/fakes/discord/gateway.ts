import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { API_VERSION, CloseCode, Intent, Op } from './constants.js';
import { guildCreateEvent } from './events.js';
import { type ConnectionInfo, type GatewayFrame, GatewayLog } from './gateway-log.js';
import { applicationSummary, memberPayload, readyUser } from './payloads.js';
import { shardOf } from './snowflake.js';
import type { DispatchEvent, GatewayPayload } from './types.js';
import type { World } from './world.js';

/** A gateway session as tests see it. */
export interface SessionInfo {
  id: string;
  intents: number;
  /** The last sequence number sent. */
  seq: number;
  connected: boolean;
  /** `[shard_id, num_shards]` from Identify (`[0, 1]` when the client sent none). */
  shard: [number, number];
}

interface Session {
  id: string;
  intents: number;
  largeThreshold: number;
  seq: number;
  /** Everything dispatched, for replay on Resume. */
  sent: { s: number; t: string; d: unknown }[];
  conn?: Connection;
  ready: boolean;
  shard: [number, number];
}

interface Connection {
  id: number;
  socket: WebSocket;
  path: string;
  session?: Session;
}

export interface GatewayOptions {
  world: World;
  token: string;
  heartbeatIntervalMs: number;
  /** `resume_gateway_url` sent in READY. */
  resumeUrl: () => string;
  /** More guilds than this on one shard closes Identify with 4011 Sharding Required (Discord: 2500). */
  maxGuildsPerShard: number;
  /** `session_start_limit.max_concurrency`: the rate-limit buckets are `shard_id % maxConcurrency`. */
  maxConcurrency: number;
  /**
   * A bucket's Identifies must be this far apart (Discord: 5000 ms), or the later one gets Invalid Session
   * (op 9); 0 checks nothing.
   */
  identifyIntervalMs: number;
}

const FATAL_CLOSE_CODES = new Set<number>([
  CloseCode.AuthenticationFailed,
  CloseCode.InvalidSeq,
  CloseCode.SessionTimedOut,
  CloseCode.InvalidShard,
  CloseCode.ShardingRequired,
  CloseCode.InvalidApiVersion,
  CloseCode.InvalidIntents,
  CloseCode.DisallowedIntents,
]);

const PRIVILEGED = [
  { bit: Intent.GuildMembers, key: 'guildMembers' },
  { bit: Intent.GuildPresences, key: 'presences' },
  { bit: Intent.MessageContent, key: 'messageContent' },
] as const;

/** The intent a dispatch needs, if any (https://discord.com/developers/docs/events/gateway#list-of-intents). */
function intentFor(t: string, d: { guild_id?: unknown }): number | undefined {
  const inGuild = d.guild_id !== undefined;
  if (t.startsWith('MESSAGE_REACTION_'))
    return inGuild ? Intent.GuildMessageReactions : Intent.DirectMessageReactions;
  if (t.startsWith('MESSAGE_')) return inGuild ? Intent.GuildMessages : Intent.DirectMessages;
  if (t.startsWith('GUILD_MEMBER_')) return Intent.GuildMembers;
  if (t.startsWith('GUILD_BAN_')) return Intent.GuildModeration;
  if (/^(GUILD_(CREATE|UPDATE|DELETE|ROLE_)|CHANNEL_)/.test(t)) return Intent.Guilds;
  return undefined;
}

/** `[shard_id, num_shards]` from Identify's `shard` (absent: `[0, 1]`); undefined when Discord would refuse it (4010). */
function readShard(value: unknown): [number, number] | undefined {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  const [shardId, shardCount] = [id as number, count as number];
  return shardCount >= 1 && shardId >= 0 && shardId < shardCount ? [shardId, shardCount] : undefined;
}

/** The guild a dispatch belongs to: `guild_id`, or the guild itself for GUILD_CREATE/UPDATE/DELETE. */
function guildOfEvent(event: DispatchEvent<unknown>): string | undefined {
  const d = (event.d ?? {}) as { guild_id?: unknown; id?: unknown };
  if (/^GUILD_(CREATE|UPDATE|DELETE)$/.test(event.t)) return typeof d.id === 'string' ? d.id : undefined;
  return typeof d.guild_id === 'string' ? d.guild_id : undefined;
}

/**
 * The fake gateway: `ws` on the REST server's port. Speaks JSON without compression, keeps sessions (with
 * every dispatch, for Resume) until the client closes with 1000/1001 or the fake closes. Sharded like Discord:
 * a session identified as `shard: [id, count]` gets READY and GUILD_CREATE for the guilds with
 * `(guild_id >> 22) % count === id` and only their events; DMs go to shard 0.
 */
export class Gateway {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  readonly log = new GatewayLog();
  private readyWaiters: { shard?: number; resolve: (s: SessionInfo) => void }[] = [];
  private lastConnection = 0;
  /** When each rate-limit bucket last identified. */
  private readonly identifiedAt = new Map<number, number>();

  constructor(
    server: Server,
    private readonly opts: GatewayOptions,
  ) {
    // With permessage-deflate the client inflates each frame in its own callback, so discord.js is done with
    // one payload (READY) before it starts the next (GUILD_CREATE), however many awaits its handlers take.
    this.wss = new WebSocketServer({ server, perMessageDeflate: { threshold: 0 } });
    this.wss.on('connection', (socket, req) => this.onConnection(socket, req.url ?? '/'));
  }

  private get world(): World {
    return this.opts.world;
  }

  private onConnection(socket: WebSocket, url: string) {
    const conn: Connection = { id: ++this.lastConnection, socket, path: url.split('?')[0] ?? '/' };
    this.connections.add(conn);
    const info: ConnectionInfo = { id: conn.id, path: conn.path };
    this.log.connections.push(info);
    socket.on('message', (data) => this.onMessage(conn, data));
    socket.on('close', (code) => {
      info.closeCode = code;
      this.onClose(conn, code);
    });
    socket.on('error', () => socket.terminate());
    const query = new URLSearchParams(url.split('?')[1] ?? '');
    if (query.get('v') !== String(API_VERSION))
      return this.close(conn, CloseCode.InvalidApiVersion, 'Invalid API version.');
    if ((query.get('encoding') ?? 'json') !== 'json' || query.has('compress')) {
      console.error(`fake Discord gateway: only encoding=json without compress is spoken (got ${url})`);
      return this.close(
        conn,
        CloseCode.DecodeError,
        'fake Discord speaks only encoding=json without compress',
      );
    }
    this.send(conn, { op: Op.Hello, d: { heartbeat_interval: this.opts.heartbeatIntervalMs } });
  }

  private onMessage(conn: Connection, data: RawData) {
    let payload: GatewayPayload;
    try {
      payload = JSON.parse(data.toString()) as GatewayPayload;
    } catch {
      return this.close(conn, CloseCode.DecodeError, 'Error while decoding payload.');
    }
    this.log.frame({ dir: 'in', connection: conn.id, op: payload.op, d: payload.d, at: this.world.now() });
    switch (payload.op) {
      case Op.Heartbeat:
        return this.send(conn, { op: Op.HeartbeatAck, d: null });
      case Op.Identify:
        return this.identify(conn, (payload.d ?? {}) as Record<string, unknown>);
      case Op.Resume:
        return this.resume(conn, (payload.d ?? {}) as Record<string, unknown>);
      case Op.RequestGuildMembers:
        if (!conn.session) return this.close(conn, CloseCode.NotAuthenticated, 'Not authenticated.');
        return this.memberChunk(conn.session, (payload.d ?? {}) as Record<string, unknown>);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestSoundboardSounds:
        if (!conn.session) return this.close(conn, CloseCode.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        return this.close(conn, CloseCode.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private identify(conn: Connection, d: Record<string, unknown>) {
    const intents = typeof d.intents === 'number' ? d.intents : -1;
    const fail = (code: number, reason: string) => {
      this.log.identifies.push({ connection: conn.id, intents, d, outcome: code });
      this.close(conn, code, reason);
    };
    if (conn.session) return fail(CloseCode.AlreadyAuthenticated, 'Already authenticated.');
    if (d.token !== this.opts.token) return fail(CloseCode.AuthenticationFailed, 'Authentication failed.');
    if (intents < 0) return fail(CloseCode.InvalidIntents, 'Invalid intent(s).');
    const granted = this.world.application.privilegedIntents;
    if (PRIVILEGED.some(({ bit, key }) => intents & bit && !granted[key])) {
      return fail(CloseCode.DisallowedIntents, 'Disallowed intent(s).');
    }
    const shard = readShard(d.shard);
    if (!shard) return fail(CloseCode.InvalidShard, 'Invalid shard.');
    const [shardId, shardCount] = shard;
    // Discord's formula: a guild's events go to the shard `(guild_id >> 22) % num_shards` only.
    const guildIds = [...this.world.guilds.values()]
      .filter((g) => g.members.has(this.world.botUser.id) && shardOf(g.id, shardCount) === shardId)
      .map((g) => g.id);
    if (guildIds.length > this.opts.maxGuildsPerShard) {
      return fail(CloseCode.ShardingRequired, 'Sharding required.');
    }
    const bucket = shardId % this.opts.maxConcurrency;
    const last = this.identifiedAt.get(bucket);
    const now = this.world.now();
    this.identifiedAt.set(bucket, now);
    if (this.opts.identifyIntervalMs > 0 && last !== undefined && now - last < this.opts.identifyIntervalMs) {
      // Discord answers an Identify over the bucket's rate limit with a non-resumable Invalid Session.
      this.log.identifies.push({ connection: conn.id, intents, d, outcome: 'rate_limited' });
      return this.send(conn, { op: Op.InvalidSession, d: false });
    }
    this.log.identifies.push({ connection: conn.id, intents, d, outcome: 'ready' });

    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents,
      largeThreshold: typeof d.large_threshold === 'number' ? d.large_threshold : 50,
      seq: 0,
      sent: [],
      conn,
      ready: false,
      shard,
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    this.sendDispatch(session, 'READY', {
      v: API_VERSION,
      user_settings: {},
      user: readyUser(this.world),
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.opts.resumeUrl(),
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      application: applicationSummary(this.world),
      shard,
    });
    for (const id of guildIds) this.deliver(session, guildCreateEvent(this.world, id));
    session.ready = true;
    const info = this.info(session);
    const waiting = this.readyWaiters.filter((w) => w.shard === undefined || w.shard === shardId);
    this.readyWaiters = this.readyWaiters.filter((w) => !waiting.includes(w));
    for (const waiter of waiting) waiter.resolve(info);
  }

  private resume(conn: Connection, d: Record<string, unknown>) {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (!session || d.token !== this.opts.token || seq > session.seq) {
      return this.send(conn, { op: Op.InvalidSession, d: false });
    }
    if (session.conn && session.conn !== conn) session.conn.socket.terminate();
    session.conn = conn;
    conn.session = session;
    for (const event of session.sent) {
      if (event.s > seq) this.send(conn, { op: Op.Dispatch, t: event.t, s: event.s, d: event.d });
    }
    this.sendDispatch(session, 'RESUMED', {});
  }

  private memberChunk(session: Session, d: Record<string, unknown>): void {
    const guildId = String(d.guild_id);
    const guild = this.world.guilds.get(guildId);
    const wanted = d.user_ids === undefined ? undefined : [d.user_ids].flat().map(String);
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : Number.POSITIVE_INFINITY;
    const ids = guild ? [...guild.members.keys()] : [];
    const matched = wanted
      ? ids.filter((id) => wanted.includes(id))
      : ids
          .filter((id) => this.world.requireUser(id).user.username.toLowerCase().startsWith(query))
          .slice(0, limit);
    this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members: matched.map((id) => memberPayload(this.world, guildId, id)),
      chunk_index: 0,
      chunk_count: 1,
      ...(wanted ? { not_found: wanted.filter((id) => !ids.includes(id)) } : {}),
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }

  private onClose(conn: Connection, code: number): void {
    this.connections.delete(conn);
    const session = conn.session;
    if (!session || session.conn !== conn) return;
    session.conn = undefined;
    // A client closing with 1000/1001 ends its session; any other close leaves it resumable.
    if (code === 1000 || code === 1001) this.sessions.delete(session.id);
  }

  /**
   * Sends the event to every ready session of the shard it belongs to (a guild's shard, shard 0 for what
   * belongs to no guild, such as DMs) whose intents include it (MESSAGE_* without MESSAGE_CONTENT lose their
   * content, as on Discord). Returns how many sessions it went to; `required` throws when that shard has none.
   */
  dispatch(event: DispatchEvent<unknown>, required: boolean): number {
    const guildId = guildOfEvent(event);
    const ready = [...this.sessions.values()].filter(
      (s) => s.ready && s.shard[0] === (guildId === undefined ? 0 : shardOf(guildId, s.shard[1])),
    );
    if (required && ready.length === 0) {
      throw new Error(
        this.sessions.size === 0
          ? 'fake Discord: no gateway session to dispatch to; wait for the client to log in first'
          : `fake Discord: no ready session on the shard of ${guildId === undefined ? 'a DM (shard 0)' : `guild ${guildId}`} to dispatch ${event.t} to`,
      );
    }
    let delivered = 0;
    for (const session of ready) if (this.deliver(session, event)) delivered += 1;
    return delivered;
  }

  private deliver(session: Session, event: DispatchEvent<unknown>): boolean {
    const d = event.d as { guild_id?: unknown };
    const needs = intentFor(event.t, d);
    if (needs !== undefined && !(session.intents & needs)) {
      this.log.dropped.push({ session: session.id, t: event.t, d: event.d });
      return false;
    }
    this.sendDispatch(session, event.t, this.forSession(session, event));
    return true;
  }

  private forSession(session: Session, event: DispatchEvent<unknown>): unknown {
    const d = structuredClone(event.d) as Record<string, unknown>;
    if (event.t === 'GUILD_CREATE') {
      const full = guildCreateEvent(this.world, String(d.id), {
        allMembers: Boolean(session.intents & Intent.GuildPresences),
        largeThreshold: session.largeThreshold,
      });
      return full.d;
    }
    if ((event.t === 'MESSAGE_CREATE' || event.t === 'MESSAGE_UPDATE') && d.guild_id !== undefined) {
      const bot = this.world.botUser.id;
      const author = (d.author as { id?: string } | undefined)?.id;
      const mentioned = ((d.mentions as { id: string }[] | undefined) ?? []).some((u) => u.id === bot);
      if (!(session.intents & Intent.MessageContent) && author !== bot && !mentioned) {
        Object.assign(d, { content: '', embeds: [], attachments: [], components: [] });
        delete d.poll;
      }
    }
    return d;
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    session.sent.push({ s: session.seq, t, d });
    if (session.conn) this.send(session.conn, { op: Op.Dispatch, t, s: session.seq, d });
  }

  private send(conn: Connection, payload: GatewayPayload): void {
    const full = { op: payload.op, d: payload.d, s: payload.s ?? null, t: payload.t ?? null };
    this.log.frame({ dir: 'out', connection: conn.id, ...full, at: this.world.now() });
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(JSON.stringify(full));
  }

  private close(conn: Connection, code: number, reason: string): void {
    const frame: GatewayFrame = {
      dir: 'out',
      connection: conn.id,
      op: -1,
      d: { close: code, reason },
      at: this.world.now(),
    };
    this.log.frame(frame);
    // After these codes Discord forgets the session: the client must identify again, or gives up.
    if (FATAL_CLOSE_CODES.has(code) && conn.session) {
      this.sessions.delete(conn.session.id);
      conn.session = undefined;
    }
    conn.socket.close(code, reason);
  }

  private info(session: Session): SessionInfo {
    return {
      id: session.id,
      intents: session.intents,
      seq: session.seq,
      connected: session.conn !== undefined,
      shard: [...session.shard],
    };
  }

  sessionsInfo(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => this.info(s));
  }

  /**
   * Resolves once a session (of `shard`, when given) has had READY and its GUILD_CREATEs (at once if one is
   * connected and ready).
   */
  waitForReady(timeoutMs = 5000, shard?: number): Promise<SessionInfo> {
    const live = [...this.sessions.values()].find(
      (s) => s.ready && s.conn && (shard === undefined || s.shard[0] === shard),
    );
    if (live) return Promise.resolve(this.info(live));
    return new Promise((resolve, reject) => {
      const waiter = {
        shard,
        resolve: (info: SessionInfo) => {
          clearTimeout(timer);
          resolve(info);
        },
      };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        const seen =
          this.log.identifies.map((i) => `intents ${i.intents} → ${i.outcome}`).join('; ') || 'none';
        reject(
          new Error(`fake Discord gateway: no session ready within ${timeoutMs} ms; identifies: ${seen}`),
        );
      }, timeoutMs);
      this.readyWaiters.push(waiter);
    });
  }

  /** Op 7 Reconnect to every connected session: the client should reconnect and Resume. */
  requestReconnect(): void {
    for (const conn of this.connections) if (conn.session) this.send(conn, { op: Op.Reconnect, d: null });
  }

  /** Op 9 Invalid Session; when not resumable the sessions are forgotten, so only a new Identify works. */
  invalidateSessions(resumable: boolean): void {
    for (const conn of this.connections) {
      if (!conn.session) continue;
      this.send(conn, { op: Op.InvalidSession, d: resumable });
      if (!resumable) {
        this.sessions.delete(conn.session.id);
        conn.session = undefined;
      }
    }
  }

  /** Closes every connection with `code` (default 4000, after which discord.js resumes). */
  disconnect(code: number = CloseCode.UnknownError, reason = 'fake Discord closed the connection'): void {
    for (const conn of this.connections) this.close(conn, code, reason);
  }

  /** Drops every socket at once (no close handshake) and stops accepting connections. */
  async shutdown(): Promise<void> {
    for (const conn of this.connections) conn.socket.terminate();
    this.connections.clear();
    this.log.rejectWaiters('fake Discord closed');
    this.readyWaiters = [];
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
