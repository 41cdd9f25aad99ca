import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/cli/migrate/report.js';
import { type TablePair, tablePairs } from '../../src/cli/migrate/tables.js';
import { compareTotals, type TableTotals } from '../../src/cli/migrate/verify.js';
import { DEFAULT_MIGRATIONS_FOLDER, openSqliteStore } from '../../src/store/open.js';
import * as pgSchema from '../../src/store/pg/schema.js';
import * as sqliteSchema from '../../src/store/schema.js';
import { startConsoleBot } from '../e2e/console-harness.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';
import { emptyTables, fillBusyCircle } from './busy-circle.js';
import { cli, cliProcess, seedCircle, startBotProcess, tempDir } from './harness.js';

/** Reads PostgreSQL directly, the way an operator would with psql. */
async function psql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** A value with object keys sorted (jsonb keeps its own key order), for comparing rows as sets. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * Every row of every table as the store reads it (drizzle's own decoding on each side: Dates, booleans,
 * JSON values, numbers), sorted, keyed by table: equal maps mean the copy is exact, value for value.
 */
async function contents(sqliteFile: string, url: string) {
  const lite = new Database(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const fromSqlite: Record<string, string[]> = {};
    const fromPg: Record<string, string[]> = {};
    const ldb = sqliteDrizzle({ client: lite });
    const pdb = pgDrizzle({ client });
    for (const table of Object.values(sqliteSchema)) {
      if (!is(table, SQLiteTable)) continue;
      fromSqlite[sqliteConfig(table).name] = ldb.select().from(table).all().map(canonical).sort();
    }
    for (const table of Object.values(pgSchema)) {
      if (!is(table, PgTable)) continue;
      fromPg[pgConfig(table).name] = (await pdb.select().from(table)).map(canonical).sort();
    }
    return { fromSqlite, fromPg };
  } finally {
    lite.close();
    await client.end();
  }
}

/** The tables a freshly migrated SQLite file has (drizzle's own left out). */
function sqliteTablesOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name",
      )
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

/** Totals of a table where every column aggregates to 0 except those given. */
function sqliteTotalsLike(table: TablePair, rows: number, columns: Record<string, string>): TableTotals {
  return { rows, columns: { ...Object.fromEntries(table.columns.map((c) => [c.name, '0'])), ...columns } };
}

/** What the bot answers to a few commands: the circle's members, points and settings as people see them. */
const LOOK = ['owner: /top all', 'bob: /rank', 'kim: /rank', 'carol: /rules', 'owner: /offer list'];

describe.skipIf(!TEST_DATABASE_URL)(postgresTitle('circlebot migrate-to-postgres'), () => {
  let target: TestDatabase;
  let source: string;
  let before: string;

  beforeAll(async () => {
    target = await createTestDatabase('migrate_to_pg');
    source = join(tempDir(), 'circlebot.db');
    await fillBusyCircle(source);
    // What people see on SQLite, asked before the move.
    const bot = await startConsoleBot({ dbFile: source });
    try {
      before = await bot.run(...LOOK);
      expect(before).toContain('Top members of all time:');
      expect(before).toMatch(/bob — level \d+, \d+ points, rank \d+ of \d+/);
    } finally {
      await bot.stop();
    }
  }, 60_000);

  afterAll(async () => {
    await target?.drop();
  });

  it('the circle used for the move has rows in every table, so every table’s copy is exercised', () => {
    expect(emptyTables(source)).toEqual([]);
  });

  it('every table the migrations create is copied: the list comes from the drizzle schemas', () => {
    expect(
      tablePairs()
        .map((t) => t.name)
        .sort(),
    ).toEqual(sqliteTablesOf(source));
  });

  it('an operator moves a busy circle to PostgreSQL through the real entry point: every row copied as it was, counts and checksums checked, and a bot started on PostgreSQL sees the same circle', async () => {
    const run = await cliProcess(['migrate-to-postgres'], { CIRCLEBOT_DB: source, DATABASE_URL: target.url });
    expect(run.stderr).toMatch(
      /migrate: 28 tables, [\d,]+ rows copied from .*circlebot\.db to postgres:\/\/.* in [\d.]+ s; every row count and checksum matches/,
    );
    expect(run.code).toBe(0);
    // A per-table report: every table, its rows on both sides, and ok.
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^table\s+SQLite\s+PostgreSQL\s+check$/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual(sqliteTablesOf(source));
    for (const line of lines.slice(1)) expect(line).toMatch(/^\w+\s+([\d,]+)\s+\1\s+ok$/);
    // Progress per table (lines: stderr is no terminal here).
    expect(run.stderr).toMatch(/^point_ledger: \d+ rows copied$/m);

    // Value for value: times, booleans, JSON and ids read back as the store reads them.
    const { fromSqlite, fromPg } = await contents(source, target.url);
    expect(fromSqlite.applications).toHaveLength(2);
    expect(fromPg).toEqual(fromSqlite);

    // A bot on PostgreSQL answers as the bot on SQLite did, and numbers new rows after the copied ones.
    const bot = await startConsoleBot({
      config: { db: { file: join(tempDir(), 'unused.db'), url: target.url } },
    });
    try {
      expect(await bot.run(...LOOK)).toBe(before);
      const [{ max }] = (await psql<{ max: string }>(
        target.url,
        'select max(id)::text as max from members',
      )) as [{ max: string }];
      await bot.run('zoe: hello, I am new here');
      const zoe = await bot.app.store.members.find({ platform: 'console', id: 'zoe' });
      expect(zoe?.id).toBe(Number(max) + 1);
    } finally {
      await bot.stop();
    }
  }, 60_000);

  it('a second run is refused without --replace and changes nothing; with --replace the target holds the SQLite rows again', async () => {
    const members = () => psql<{ user_id: string }>(target.url, 'select user_id from members order by id');
    const held = await members();
    expect(held.map((m) => m.user_id)).toContain('zoe');

    const refused = await cli(['migrate-to-postgres', '--from', source, '--to', target.url], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds circlebot rows \(circles: 1, .*members: 6/);
    expect(refused.stderr).toContain('nothing was changed. To delete them and copy again, add --replace');
    expect(await members()).toEqual(held);

    // In a terminal: a bar per table, each ending in its summary line.
    const replaced = await cli(
      ['migrate-to-postgres', '--from', source, '--to', target.url, '--replace'],
      {},
      { terminal: true },
    );
    expect(replaced.code).toBe(0);
    expect(replaced.stderr).toMatch(/point_ledger \[░+\] 0% \| 0\/\d+ rows/);
    expect(replaced.stderr).toMatch(/point_ledger: \d+ rows copied\n/);
    expect((await members()).map((m) => m.user_id)).not.toContain('zoe');
    const { fromSqlite, fromPg } = await contents(source, target.url);
    expect(fromPg).toEqual(fromSqlite);
  }, 60_000);

  it('refused while a bot runs on the SQLite file, and PostgreSQL is left untouched', async () => {
    const fresh = await createTestDatabase('migrate_refused');
    const file = join(tempDir(), 'circlebot.db');
    await seedCircle(file, [40, 10]);
    const bot = await startBotProcess(file);
    try {
      const run = await cli(['migrate-to-postgres', '--to', fresh.url], { CIRCLEBOT_DB: file });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`refusing to migrate: circlebot (process ${bot.child.pid} on `);
      expect(run.stderr).toContain(`is running on ${file} and would keep writing to it; stop it first`);
      expect(await psql(fresh.url, "select to_regclass('circles') as t")).toEqual([{ t: null }]);
    } finally {
      await bot.stop();
      await fresh.drop();
    }
  }, 60_000);

  it('with DATABASE_URL, export gives the same files as on SQLite, and import points adds to PostgreSQL once', async () => {
    const dir = tempDir();
    // The target holds exactly the SQLite circle again (previous test).
    const onPg = { DATABASE_URL: target.url };
    const onSqlite = { CIRCLEBOT_DB: source };
    const csv = await cli(['export', 'console:lobby', '--format', 'csv'], onPg);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe((await cli(['export', 'console:lobby', '--format', 'csv'], onSqlite)).stdout);
    const json = await cli(['export', '1', '--format', 'json', '--out', join(dir, 'pg.json')], onPg);
    expect(json.stderr).toMatch(/export: \d+ members, \d+ ledger rows, 2 applications, 1 offers, 2 clicks/);
    await cli(['export', '1', '--format', 'json', '--out', join(dir, 'sqlite.json')], onSqlite);
    expect(JSON.parse(readFileSync(join(dir, 'pg.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(dir, 'sqlite.json'), 'utf8')),
    );

    // The exported CSV, with bob's points doubled in a spreadsheet, imported back as extra points.
    const file = join(dir, 'points.csv');
    writeFileSync(file, csv.stdout);
    const points = async () =>
      Object.fromEntries(
        (
          await psql<{ user_id: string; points: string }>(
            target.url,
            'select m.user_id, s.points::text from point_standings s join members m on m.id = s.member_id order by m.user_id',
          )
        ).map((r) => [r.user_id, Number(r.points)]),
      );
    const was = await points();
    const imported = await cli(['import', 'points', file, '--circle', 'console:lobby'], onPg);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('import into circle 1 (console:lobby): 5 rows imported');
    const now = await points();
    for (const [user, total] of Object.entries(was)) expect(now[user]).toBe(total * 2);
    const again = await cli(['import', 'points', file, '--circle', 'console:lobby'], onPg);
    expect(again.stderr).toContain('5 rows already imported before');
    expect(await points()).toEqual(now);
  }, 60_000);

  it('a row PostgreSQL refuses stops the copy: nothing is written, and with --replace the old rows stay', async () => {
    const file = join(tempDir(), 'nul.db');
    copyFileSync(source, file);
    const db = new Database(file);
    // SQLite keeps a NUL inside text; PostgreSQL's text cannot hold one.
    db.prepare("update members set display_name = 'bo' || char(0) || 'b' where user_id = 'bob'").run();
    db.close();
    const held = await psql(target.url, 'select count(*)::int as n from point_ledger');
    const run = await cli(['migrate-to-postgres', '--from', file, '--to', target.url, '--replace'], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/circlebot migrate-to-postgres: copying members failed: .*0x00/);
    expect(await psql(target.url, 'select count(*)::int as n from point_ledger')).toEqual(held);
    expect(await psql(target.url, "select display_name from members where user_id = 'bob'")).toEqual([
      { display_name: 'bob' },
    ]);
  }, 60_000);

  it('doctor with DATABASE_URL checks the server, its migrations, and the circles in it', async () => {
    const run = await cli(['doctor'], { DATABASE_URL: target.url });
    expect(run.stdout).toMatch(/✓ database: PostgreSQL [\d.]+.* at postgres:\/\//);
    expect(run.stdout).toMatch(/✓ migrations: all \d+ applied/);
    expect(run.stdout).toContain('– connections: no other connection to this database');
    expect(run.code).toBe(0);
  });

  it('a source file from before the latest migration is brought up to date first, as a start would', async () => {
    const fresh = await createTestDatabase('migrate_old');
    // drizzle/ as an older circlebot shipped it: without the last migration.
    const folder = join(tempDir(), 'drizzle');
    cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
    const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    journal.entries.pop();
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
    const file = join(tempDir(), 'old.db');
    await openSqliteStore(file, { migrationsFolder: folder }).close();
    try {
      const run = await cli(['migrate-to-postgres', '--from', file, '--to', fresh.url], {});
      expect(run.stderr).toContain(`migrate: applied 1 pending SQLite migration(s) to ${file} first`);
      expect(run.code).toBe(0);
      expect(sqliteTablesOf(file)).toEqual(sqliteTablesOf(source));
    } finally {
      await fresh.drop();
    }
  }, 60_000);
});

describe('circlebot migrate-to-postgres without a PostgreSQL to reach', () => {
  it('a copy that differs from its source is reported table by table, naming each column that differs', () => {
    const ledger = tablePairs().find((t) => t.name === 'point_ledger')!;
    const source = sqliteTotalsLike(ledger, 10, { points: '500' });
    const copy = sqliteTotalsLike(ledger, 9, { points: '450' });
    const mismatch = compareTotals(ledger, source, copy);
    expect(mismatch?.problems).toEqual([
      '10 rows in SQLite, 9 in PostgreSQL',
      'points: sum 500 in SQLite, 450 in PostgreSQL',
    ]);
    expect(compareTotals(ledger, source, source)).toBeNull();
    const report = formatReport([
      { table: ledger, source, copy, mismatch },
      {
        table: { name: 'circles' },
        source: { rows: 1, columns: {} },
        copy: { rows: 1, columns: {} },
        mismatch: null,
      },
    ]);
    expect(report.split('\n')).toEqual([
      'table             SQLite  PostgreSQL  check',
      'point_ledger          10           9  MISMATCH',
      '              10 rows in SQLite, 9 in PostgreSQL',
      '              points: sum 500 in SQLite, 450 in PostgreSQL',
      'circles                1           1  ok',
      '',
    ]);
  });

  it('asks for a target when neither --to nor DATABASE_URL is given (exit code 2)', async () => {
    const run = await cli(['migrate-to-postgres'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no PostgreSQL to migrate to: add --to <postgres url>, or set DATABASE_URL');
    expect(run.stderr).toContain(
      'usage: circlebot migrate-to-postgres [--from <sqlite file>] [--to <postgres url>] [--replace]',
    );
  });

  it('refuses another scheme without showing its password (exit code 2)', async () => {
    const run = await cli(['migrate-to-postgres', '--to', 'mysql://bot:hunter2secret@db/circlebot'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--to mysql://bot:***@db/circlebot: expected a postgres:// or postgresql:// URL',
    );
    expect(run.stderr).not.toContain('hunter2secret');
  });

  it('names an unreachable server without its password, after checking the SQLite file (exit code 1)', async () => {
    const file = join(tempDir(), 'circlebot.db');
    const missing = await cli(
      ['migrate-to-postgres', '--from', file, '--to', 'postgres://bot:pw@127.0.0.1:1/x'],
      {},
    );
    expect(missing.stderr).toContain(`the SQLite database ${file} does not exist`);
    await seedCircle(file, [5]);
    const run = await cli(
      ['migrate-to-postgres', '--from', file, '--to', 'postgres://bot:hunter2secret@127.0.0.1:1/x'],
      {},
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot prepare PostgreSQL at postgres://bot:***@127.0.0.1:1/x');
    expect(run.stderr).not.toContain('hunter2secret');
  });
});
