import pg from 'pg';
import type { Logger } from '../../core/logger.js';
import { unlessAborted } from './abortable.js';

/**
 * Advisory-lock space (the first key of PostgreSQL's two-integer form) in which each process holds a shared
 * lock on the shard count it runs with, the second key. Fixed, so every version of circlebot agrees on it.
 */
const COUNT_SPACE = 0x63620001;
/** Serialises "which other shard counts are running?" with taking our own, so two counts never both start. */
const COUNT_CHECK_KEY = 'circlebot:discord-shard-counts';
/** How often the server checks, while this session waits for a lock, that the process is still there. */
const CONNECTION_CHECK_MS = 2_000;
/** How often the held connection is asked whether it is still there (a dead network says nothing by itself). */
export const LEASE_HEARTBEAT_MS = 10_000;

/** The shards one process runs: ids of `count`. */
export interface LeasedShards {
  readonly count: number;
  readonly ids: readonly number[];
}

/** This process's hold on its Discord shards, kept until `release` or until its connection is lost. */
export interface ShardLease {
  /**
   * Resolves (never rejects) when the connection holding the locks ended without `release`: the locks are
   * gone, and another process may be taking the shards now.
   */
  readonly lost: Promise<Error>;
  /** Lets every shard go (ends the connection). Idempotent. */
  release(): Promise<void>;
}

/** The advisory-lock key of one shard: the count is part of it, as `[id, count]` is what Discord routes by. */
export const shardLockKey = (count: number, id: number): string => `circlebot:discord-shard:${count}:${id}`;

/**
 * Resolves once this process holds every shard of `shards` against every other process of the bot on this
 * database, and holds them while the process runs: a session-level advisory lock per shard id, on one
 * connection of its own. A shard another process holds is waited for (logged once at warn), so a rolling
 * deploy's new process takes over the moment the old one stops or dies (its connection, and lock, go with
 * it). Shards are taken in ascending order, so two processes wanting overlapping sets never deadlock.
 *
 * Different shard counts split the guilds differently, so any shard of one count shares guilds with shards
 * of another: a process first takes a shared lock on its count, and waits while any process holds another
 * count (a resharding starts once every process of the old count has stopped).
 *
 * Rejects when `signal` aborts while waiting (the connection ends, nothing stays held) or the database
 * cannot be reached.
 */
export async function takeShardLease(
  url: string,
  shards: LeasedShards,
  opts: {
    readonly signal: AbortSignal;
    readonly log: Logger;
    /** Called (once) when another process holds a shard or another count, so this process has to wait. */
    readonly onWait?: () => void;
  },
): Promise<ShardLease> {
  const { signal, log } = opts;
  let waiting = false;
  const wait = () => {
    if (!waiting) opts.onWait?.();
    waiting = true;
  };
  signal.throwIfAborted();
  const client = new pg.Client({
    connectionString: url,
    application_name: 'circlebot discord shards',
    keepAlive: true,
  });
  let released = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let onLost: (err: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => {
    onLost = resolve;
  });
  const end = () => void client.end().catch(() => {});
  const lose = (err: Error) => {
    clearInterval(heartbeat);
    if (!released) onLost(err);
    end();
  };
  // An error on the held connection (the server restarting, a dead network) is the lease lost, not a crash.
  client.on('error', lose);
  client.on('end', () => lose(new Error('the connection holding the Discord shard locks ended')));
  let pid: number | undefined;
  const taken = (async () => {
    await client.connect();
    pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    // A session waiting for a lock does not notice its client die, and would keep the shards it took so far
    // until the wait ends: from PostgreSQL 14 (on Linux) the server checks every few seconds.
    await client.query(`set client_connection_check_interval = ${CONNECTION_CHECK_MS}`).catch(() => {});
    await holdCount(client, shards.count, log, wait);
    for (const id of [...shards.ids].sort((a, b) => a - b)) {
      const key = shardLockKey(shards.count, id);
      const shard = { shard: id, shardCount: shards.count };
      const { rows } = await client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as ok',
        [key],
      );
      if (!rows[0]?.ok) {
        log.warn(shard, 'another process runs this Discord shard: waiting until it stops');
        wait();
        await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
      }
      log.info(shard, 'took the Discord shard: no other process runs it');
    }
  })();
  try {
    await unlessAborted(taken, signal);
  } catch (err) {
    released = true;
    // The server does not notice a client gone while its session waits for a lock, and would hold what it
    // took so far until the wait ended: end that session from another connection.
    if (pid !== undefined) await terminate(url, pid);
    // pg may leave a connect ended half-way pending: whenever it settles, the connection goes, locks and all.
    taken.then(end, end);
    end();
    throw err;
  }
  heartbeat = setInterval(() => {
    // A server that stopped answering is as good as gone: its locks may be freed any moment.
    client
      .query({ text: 'select 1', query_timeout: LEASE_HEARTBEAT_MS } as pg.QueryConfig)
      .catch((err: Error) => lose(err));
  }, LEASE_HEARTBEAT_MS);
  heartbeat.unref();
  return {
    lost,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      await client.end().catch(() => {});
    },
  };
}

/**
 * Takes a shared lock on `count` in the count space once no process holds another count there, waiting for
 * each such count's holders to stop (an exclusive lock on that count is granted only when they have).
 */
async function holdCount(client: pg.Client, count: number, log: Logger, wait: () => void): Promise<void> {
  let warned = false;
  for (;;) {
    await client.query('begin');
    let others: number[];
    try {
      await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [COUNT_CHECK_KEY]);
      const { rows } = await client.query<{ count: number }>(
        `select distinct objid::int8::int as count from pg_locks
          where locktype = 'advisory' and granted and objsubid = 2 and classid = $1::int8::oid
            and objid <> $2::int8::oid
            and database = (select oid from pg_database where datname = current_database())`,
        [COUNT_SPACE, count],
      );
      others = rows.map((r) => r.count);
      if (others.length === 0)
        await client.query('select pg_advisory_lock_shared($1, $2)', [COUNT_SPACE, count]);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    }
    if (others.length === 0) return;
    if (!warned) {
      log.warn(
        { shardCount: count, otherShardCounts: others },
        'other processes run Discord with another shard count: waiting until they stop',
      );
      warned = true;
      wait();
    }
    await client.query('select pg_advisory_lock($1, $2)', [COUNT_SPACE, others[0]]);
    await client.query('select pg_advisory_unlock($1, $2)', [COUNT_SPACE, others[0]]);
  }
}

/** Ends session `pid` (and frees its locks); a database out of reach has ended it anyway, soon enough. */
async function terminate(url: string, pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url, application_name: 'circlebot discord shards' });
  admin.on('error', () => {});
  try {
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } catch {
    // Nothing to undo: the waiting session ends with the server or when its wait does.
  } finally {
    await admin.end().catch(() => {});
  }
}
