import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { acquireDbLock, describeHolder, lockHolder } from '../../store/lock.js';
import { openSqliteStore } from '../../store/open.js';
import { openPostgresStore } from '../../store/pg/open.js';
import { readArgs } from '../args.js';
import { CliError, usageError } from '../errors.js';
import type { CliContext } from '../io.js';
import { connectPostgres, hidePassword, pgMigrationState, postgresUrl } from '../pg-db.js';
import { startProgress } from '../progress.js';
import { migrationState, openSqliteFile, reason } from '../sqlite-file.js';
import { copyTable, resetIdentity } from './copy.js';
import { formatReport } from './report.js';
import { quote, type TablePair, tablePairs } from './tables.js';
import { compareTotals, type Mismatch, pgTotals, sqliteTotals, type TableTotals } from './verify.js';

const USAGE = 'circlebot migrate-to-postgres [--from <sqlite file>] [--to <postgres url>] [--replace]';

/** How long the copy waits for a bot on PostgreSQL to let go of a table before giving up. */
const LOCK_TIMEOUT = '10s';

/**
 * `circlebot migrate-to-postgres`: copies a SQLite circlebot database (default: `db.file`) into PostgreSQL
 * (default: `db.url` / `DATABASE_URL`), ids kept, then checks every table's row count and per-column sums
 * on both sides. Refuses while a bot runs on the SQLite file and holds its lock meanwhile; applies the
 * PostgreSQL migrations; refuses a target already holding circlebot rows unless `--replace`. The whole copy
 * (the emptying with `--replace` too) is one PostgreSQL transaction, committed only once the check passed:
 * a failure or a mismatch leaves the target as it was. Exit 0 copied and checked, 1 refused or failed.
 */
export async function migrateCommand(args: readonly string[], ctx: CliContext): Promise<number> {
  const { values } = readArgs(
    args,
    { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean' } },
    { min: 0, max: 0, usage: USAGE },
  );
  const config = values.from === undefined || values.to === undefined ? ctx.config() : undefined;
  const from = resolve(values.from ?? config!.db.file);
  const given = values.to ?? config?.db.url;
  if (given === undefined) {
    throw usageError(
      `no PostgreSQL to migrate to: add --to <postgres url>, or set DATABASE_URL\nusage: ${USAGE}`,
    );
  }
  const to = postgresUrl(given, '--to', USAGE);
  const where = hidePassword(to);
  if (!existsSync(from)) throw new CliError(`the SQLite database ${from} does not exist`);

  const running = lockHolder(from);
  if (running) {
    throw new CliError(
      `refusing to migrate: circlebot (${describeHolder(running)}) is running on ${from} and would keep writing to it; stop it first`,
    );
  }
  const lock = acquireDbLock(from);
  try {
    await prepareSource(from, ctx);
    try {
      // The PostgreSQL store's own start-up: every migration, one process at a time.
      const store = await openPostgresStore(to, { maxConnections: 1 });
      await store.close();
    } catch (err) {
      throw new CliError(`cannot prepare PostgreSQL at ${where}: ${reason(err)}`, 1, { cause: err });
    }
    const sqlite = openSqliteFile(from, 'the SQLite database');
    try {
      const client = await connectPostgres(to);
      try {
        if ((await pgMigrationState(client)).newer > 0) {
          throw new CliError(`${where} comes from a newer circlebot: migrate with that version`);
        }
        return await copyAll(sqlite, client, { from, where, replace: values.replace === true }, ctx);
      } finally {
        await client.end();
      }
    } finally {
      sqlite.close();
    }
  } finally {
    lock.release();
  }
}

/** Refuses a file that is no circlebot database or comes from a newer one; applies pending migrations. */
async function prepareSource(file: string, ctx: CliContext): Promise<void> {
  const db = openSqliteFile(file, 'the SQLite database');
  let state: ReturnType<typeof migrationState>;
  try {
    state = migrationState(db);
  } finally {
    db.close();
  }
  if (!state.circlebot) throw new CliError(`${file} is not a circlebot database (no migrations table)`);
  if (state.newer > 0) {
    throw new CliError(`${file} comes from a newer circlebot: migrate with that version`);
  }
  if (state.pending > 0) {
    // What the bot would do at its next start; we hold the lock, so no bot is on it.
    await openSqliteStore(file).close();
    ctx.stderr.write(`migrate: applied ${state.pending} pending SQLite migration(s) to ${file} first\n`);
  }
}

async function copyAll(
  sqlite: Database.Database,
  client: pg.Client,
  opts: { readonly from: string; readonly where: string; readonly replace: boolean },
  ctx: CliContext,
): Promise<number> {
  const startedAt = ctx.now();
  const tables = tablePairs();
  const list = tables.map((t) => quote(t.name)).join(', ');
  await client.query('begin');
  let committed = false;
  try {
    await client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
    try {
      // No bot on PostgreSQL writes while the copy runs, nor sees it half-done.
      await client.query(`lock table ${list} in access exclusive mode`);
    } catch (err) {
      throw new CliError(
        `the tables at ${opts.where} are in use (${reason(err)}): stop every circlebot running on PostgreSQL, then run this again`,
        1,
        { cause: err },
      );
    }
    await emptyTarget(client, tables, list, opts);

    // One read transaction: counts, copy and check all see the same SQLite snapshot.
    sqlite.exec('begin');
    const source = new Map<string, TableTotals>();
    for (const table of tables) source.set(table.name, sqliteTotals(sqlite, table));
    for (const table of tables) {
      const total = source.get(table.name)!.rows;
      const progress = startProgress({
        label: table.name,
        unit: 'rows',
        total,
        out: ctx.stderr,
        now: ctx.now,
      });
      try {
        const n = await copyTable(sqlite, client, table, progress);
        progress.done(`${table.name}: ${rowsOf(n)} copied`);
      } catch (err) {
        progress.stop();
        throw new CliError(`copying ${table.name} failed: ${reason(err)}`, 1, { cause: err });
      }
      await resetIdentity(client, table);
    }

    const rows: Array<{
      table: TablePair;
      source: TableTotals;
      copy: TableTotals;
      mismatch: Mismatch | null;
    }> = [];
    for (const table of tables) {
      const copy = await pgTotals(client, table);
      const src = source.get(table.name)!;
      rows.push({ table, source: src, copy, mismatch: compareTotals(table, src, copy) });
    }
    ctx.stdout.write(formatReport(rows));
    const bad = rows.filter((r) => r.mismatch !== null);
    if (bad.length > 0) {
      throw new CliError(
        `${bad.length} table(s) differ after the copy (${bad.map((r) => r.table.name).join(', ')}): nothing was written to ${opts.where}`,
      );
    }
    await client.query('commit');
    committed = true;
    const total = rows.reduce((n, r) => n + r.copy.rows, 0);
    const seconds = ((ctx.now() - startedAt) / 1000).toFixed(1);
    ctx.stderr.write(
      `migrate: ${tables.length} tables, ${rowsOf(total)} copied from ${opts.from} to ${opts.where} in ${seconds} s; every row count and checksum matches\n`,
    );
    return 0;
  } finally {
    if (sqlite.inTransaction) sqlite.exec('commit');
    if (!committed) await client.query('rollback').catch(() => {});
  }
}

const rowsOf = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

/** Refuses a target holding circlebot rows, unless `replace`: then empties it (inside the copy's transaction). */
async function emptyTarget(
  client: pg.Client,
  tables: readonly TablePair[],
  list: string,
  opts: { readonly where: string; readonly replace: boolean },
): Promise<void> {
  const held: string[] = [];
  for (const table of tables) {
    const { rows } = await client.query<{ n: string }>(
      `select count(*)::text as n from ${quote(table.name)}`,
    );
    const n = Number(rows[0]!.n);
    if (n > 0) held.push(`${table.name}: ${n.toLocaleString('en-US')}`);
  }
  if (held.length === 0) return;
  if (!opts.replace) {
    throw new CliError(
      `${opts.where} already holds circlebot rows (${held.slice(0, 5).join(', ')}${held.length > 5 ? ', …' : ''}); nothing was changed. To delete them and copy again, add --replace`,
    );
  }
  await client.query(`truncate ${list} restart identity`);
}
