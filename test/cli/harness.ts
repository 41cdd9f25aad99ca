import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { runCli } from '../../src/cli/index.js';
import { loadConfig } from '../../src/config.js';
import type { Circle } from '../../src/core/circle.js';
import type { MemberRecord } from '../../src/core/repos.js';
import type { Store } from '../../src/core/store.js';
import { lockHolder } from '../../src/store/lock.js';
import { openSqliteStore } from '../../src/store/open.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** A fresh temp folder for one test's files. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'circlebot-cli-'));

/** What one run of `circlebot …` printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stream that keeps what was written; `isTTY` decides how progress shows. */
export function captureStream(isTTY = false): Writable & { text(): string; isTTY: boolean } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return Object.assign(stream, { isTTY, columns: 100, text: () => text });
}

/**
 * Runs an operator command in this process, as `main.ts` would, with only the given environment (so a
 * token in the developer's shell never leaks in). The clock is pinned; `terminal` makes stdout and stderr
 * look like a terminal.
 */
export async function cli(
  args: readonly string[],
  env: Record<string, string>,
  opts: { readonly terminal?: boolean } = {},
): Promise<CliRun> {
  const stdout = captureStream(opts.terminal);
  const stderr = captureStream(opts.terminal);
  const [command, ...rest] = args;
  const code = await runCli(command!, rest, {
    stdout,
    stderr,
    env,
    config: () => loadConfig(env),
    now: () => Date.UTC(2026, 0, 2, 12),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * Runs the real entry point as a child process: `node --import tsx src/main.ts …` as `npm start` does, or
 * with `via: 'bin'` the installed command, `src/bin.js`.
 */
export function cliProcess(
  args: readonly string[],
  env: Record<string, string>,
  via: 'main' | 'bin' = 'main',
): Promise<CliRun> {
  const entry = via === 'bin' ? ['src/bin.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

/** Starts circlebot itself (console mode, stdin kept open) on `dbFile`; resolves once it holds the database's lock. */
export async function startBotProcess(
  dbFile: string,
): Promise<{ child: ChildProcess; say(line: string): void; stop(): Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      CIRCLEBOT_DB: dbFile,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.on('data', (d) => process.stderr.write(`[bot] ${d}`));
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  // Started means holding the database's lock.
  const end = Date.now() + 20_000;
  while (lockHolder(dbFile)?.pid !== child.pid) {
    if (Date.now() > end || child.exitCode !== null) throw new Error('the bot did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    say: (line) => child.stdin?.write(`${line}\n`),
    async stop() {
      child.stdin?.end();
      return exit;
    },
  };
}

/** Every row of every table, for comparing two database files. */
export function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((t) => [t, db.prepare(`select * from "${t}" order by rowid`).all()]),
    );
  } finally {
    db.close();
  }
}

/** Reads a database file directly, the way an operator would with the sqlite3 shell. */
export function query<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A Telegram circle "Tea lovers" with members who have points. */
export interface Seeded {
  readonly circle: Circle;
  readonly members: MemberRecord[];
}

export const T = new Date(Date.UTC(2026, 0, 1, 12));

/**
 * Creates `dbFile` with a Telegram circle (`telegram:-1001234`, "Tea lovers") where `points[i]` is the
 * total of a member with user id `100 + i` (usernames `member<i>`); every member is a member of the circle.
 */
export async function seedCircle(
  dbFile: string,
  points: readonly number[],
  chatId = '-1001234',
): Promise<Seeded> {
  const store = openSqliteStore(dbFile);
  try {
    const circle = await store.circles.ensure({ platform: 'telegram', id: chatId }, 'Tea lovers', T);
    const members: MemberRecord[] = [];
    for (const [i, total] of points.entries()) {
      const member = await store.members.upsert(
        { platform: 'telegram', id: String(100 + i) },
        { username: `member${i}`, displayName: `Member ${i}` },
        T,
      );
      members.push(member);
      await store.memberships.set(circle.id, member.id, 'member', T);
      if (total > 0) await give(store, circle.id, member.id, total, `seed:${chatId}:${i}`);
    }
    return { circle, members };
  } finally {
    await store.close();
  }
}

/** Gives points as an admin would (one ledger row), with the real level curve. */
export async function give(store: Store, circleId: number, memberId: number, points: number, key: string) {
  const { levelOf } = await import('../../src/core/points/flow.js');
  await store.points.record(
    circleId,
    memberId,
    [{ circleId, memberId, kind: 'admin', points, sourceKey: key, actorId: null, at: T }],
    {},
    levelOf,
  );
}

/** Points per platform user id in a circle, read straight from the file. */
export function pointsByUser(dbFile: string, chatId = '-1001234'): Record<string, number> {
  const rows = query<{ user_id: string; points: number }>(
    dbFile,
    `select m.user_id, s.points from point_standings s
       join members m on m.id = s.member_id join circles c on c.id = s.circle_id
      where c.chat_id = ? order by m.user_id`,
    chatId,
  );
  return Object.fromEntries(rows.map((r) => [r.user_id, r.points]));
}
