import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { type ShardLease, takeShardLease } from '../../src/store/pg/shard-leases.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';

/** A logger keeping `level msg {shard}` lines, as an operator would read them. */
function recordingLog() {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      const { shard, shardCount, otherShardCounts } = obj as Record<string, unknown>;
      const about =
        shard === undefined ? `count ${shardCount} vs ${otherShardCounts}` : `${shard}/${shardCount}`;
      lines.push(`${level} ${about}: ${msg}`);
    };
  const log: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => log,
  };
  return { log, lines };
}

/** Resolves true when `promise` settles within `ms`, false otherwise (a waiting lease stays waiting). */
const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
  ]);

describe.skipIf(!TEST_DATABASE_URL)(postgresTitle('Discord shard leases held through PostgreSQL'), () => {
  let db: TestDatabase;
  const leases: ShardLease[] = [];
  const never = new AbortController().signal;
  beforeAll(async () => {
    db = await createTestDatabase('shard_leases');
  });
  afterEach(async () => {
    for (const lease of leases.splice(0)) await lease.release();
  });
  afterAll(async () => {
    await db?.drop();
  });
  /** Sessions of this database blocked waiting for an advisory lock. */
  const waitingSessions = async () => {
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event = 'advisory'`,
      );
      return rows[0]!.n;
    } finally {
      await admin.end();
    }
  };
  const until = async (check: () => Promise<boolean>) => {
    while (!(await check())) await new Promise((r) => setTimeout(r, 50));
  };
  const take = async (count: number, ids: number[], log: Logger, signal = never) => {
    const lease = await takeShardLease(db.url, { count, ids }, { signal, log });
    leases.push(lease);
    return lease;
  };

  it('a second process for the same shard waits, saying so once, and takes it the moment the first lets go', async () => {
    const a = recordingLog();
    const b = recordingLog();
    const first = await take(2, [0], a.log);
    expect(a.lines).toEqual(['info 0/2: took the Discord shard: no other process runs it']);

    // The other shard of the same count is free: a process running it starts at once.
    await take(2, [1], recordingLog().log);

    const second = take(2, [0], b.log);
    expect(await settlesWithin(second, 300)).toBe(false);
    expect(b.lines).toEqual(['warn 0/2: another process runs this Discord shard: waiting until it stops']);

    await first.release();
    await second;
    expect(b.lines).toEqual([
      'warn 0/2: another process runs this Discord shard: waiting until it stops',
      'info 0/2: took the Discord shard: no other process runs it',
    ]);
  });

  it('a holder whose connection dies (a killed process) hands the shard over, and its lease says it was lost', async () => {
    const first = await take(1, [0], recordingLog().log);
    const second = take(1, [0], recordingLog().log);
    expect(await settlesWithin(second, 300)).toBe(false);

    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      // Exactly what the server does to a crashed process's session: the connection, and its locks, go.
      const { rows } = await admin.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where application_name = 'circlebot discord shards' and datname = current_database()
            and state = 'idle'`,
      );
      expect(rows).toHaveLength(1);
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    } finally {
      await admin.end();
    }
    expect(await first.lost).toBeInstanceOf(Error);
    await second;
  });

  it('a process stopping while it waits gives up, and holds nothing afterwards', async () => {
    await take(3, [1], recordingLog().log);
    const stopping = new AbortController();
    // Shard 0 is free and taken first, then shard 1 is waited for.
    const waiting = takeShardLease(
      db.url,
      { count: 3, ids: [1, 0] },
      { signal: stopping.signal, log: recordingLog().log },
    );
    expect(await settlesWithin(waiting, 300)).toBe(false);
    stopping.abort(new Error('aborted: shutting down'));
    await expect(waiting).rejects.toThrow(/abort/i);
    // Shard 0 did not stay held by the process that gave up.
    expect(await settlesWithin(take(3, [0], recordingLog().log), 2_000)).toBe(true);
  });

  it('a process killed while it waits (SIGKILL) does not keep the shards it already took', async () => {
    await take(5, [1], recordingLog().log);
    const module = fileURLToPath(new URL('../../src/store/pg/shard-leases.ts', import.meta.url));
    const script = `
      const { takeShardLease } = await import(${JSON.stringify(module)});
      const log = { debug() {}, info() {}, warn() { console.log('waiting'); }, error() {}, child: () => log };
      await takeShardLease(${JSON.stringify(db.url)}, { count: 5, ids: [0, 1] }, { signal: new AbortController().signal, log });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // It took shard 0 and waits for shard 1.
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    // Until its session is blocked in the wait, not just about to be.
    await until(async () => (await waitingSessions()) === 1);
    child.kill('SIGKILL');
    expect(await settlesWithin(take(5, [0], recordingLog().log), 10_000)).toBe(true);
  }, 20_000);

  it('a process with another shard count waits until every process of the old count has stopped (a resharding)', async () => {
    const oldA = await take(2, [0], recordingLog().log);
    const oldB = await take(2, [1], recordingLog().log);
    const log = recordingLog();
    const resharded = take(4, [3], log.log);
    expect(await settlesWithin(resharded, 300)).toBe(false);
    expect(log.lines).toEqual([
      'warn count 4 vs 2: other processes run Discord with another shard count: waiting until they stop',
    ]);

    await oldA.release();
    expect(await settlesWithin(resharded, 300)).toBe(false);
    await oldB.release();
    await resharded;
    expect(log.lines.at(-1)).toBe('info 3/4: took the Discord shard: no other process runs it');
  });
});
