import { closeSync, existsSync, fsyncSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Config } from '../config.js';
import { DEFAULT_MIGRATIONS_FOLDER } from '../store/open.js';
import { CliError } from './errors.js';

/**
 * The SQLite database file the bot uses, as an absolute path. Throws a usage error (exit 2) when the bot's
 * store is PostgreSQL (`db.url`): `backup` and `restore` copy the SQLite file; PostgreSQL has its own tools,
 * named in the message.
 */
export function sqliteDbFile(config: Config, command: string): string {
  if (config.db.url !== undefined) {
    throw new CliError(
      `the bot's database is PostgreSQL (db.url / DATABASE_URL), and circlebot ${command} copies the SQLite file. ` +
        'Use PostgreSQL\'s own tools: pg_dump --format=custom --file=circlebot.dump "$DATABASE_URL" to back up, ' +
        'pg_restore --clean --if-exists --dbname="$DATABASE_URL" circlebot.dump to restore (stop the bots first)',
      2,
    );
  }
  return resolve(config.db.file);
}

/** drizzle's record of the migrations applied to a file. */
const MIGRATIONS_TABLE = '__drizzle_migrations';

/**
 * Opens an existing SQLite file (never creates one). Throws `CliError` naming the file when it is missing
 * or is not an SQLite database. `what` says whose file it is in the message ("the database", "the backup").
 */
export function openSqliteFile(
  file: string,
  what: string,
  opts: { readonly readonly?: boolean } = {},
): Database.Database {
  if (!existsSync(file)) throw new CliError(`${what} ${file} does not exist`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: opts.readonly ?? true, fileMustExist: true });
    // Reading the schema is what finds out a file is not a database at all.
    db.prepare('select count(*) from sqlite_master').get();
    return db;
  } catch (err) {
    db?.close();
    throw new CliError(`${what} ${file} cannot be read as an SQLite database: ${reason(err)}`, 1, {
      cause: err,
    });
  }
}

export const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** `integrity_check` (or the faster `quick_check`): `[]` when the file is sound, else SQLite's findings. */
export function integrityProblems(db: Database.Database, quick = false): string[] {
  const rows = db.pragma(quick ? 'quick_check' : 'integrity_check', { simple: false }) as Array<
    Record<string, string>
  >;
  const found = rows.map((row) => Object.values(row)[0] ?? '');
  return found.length === 1 && found[0] === 'ok' ? [] : found;
}

/** Where a database file stands against the migrations this circlebot ships. */
export interface MigrationState {
  /** False when the file has no migrations table: not a circlebot database. */
  readonly circlebot: boolean;
  readonly applied: number;
  /** Migrations this circlebot has. */
  readonly known: number;
  /** Ours not applied yet (they are applied at the next start). */
  readonly pending: number;
  /** Applied migrations this circlebot does not know: the file comes from a newer version. */
  readonly newer: number;
}

/**
 * Where applied migrations stand against the known ones, both as drizzle keys them (folder times): drizzle
 * applies every migration newer than the last one applied, so that is what is pending; an applied one newer
 * than every known one comes from a newer circlebot.
 */
export function compareMigrations(applied: readonly number[], known: readonly number[]): MigrationState {
  const last = Math.max(0, ...applied);
  const newest = Math.max(0, ...known);
  return {
    circlebot: true,
    applied: applied.length,
    known: known.length,
    pending: known.filter((at) => at > last).length,
    newer: applied.filter((at) => at > newest).length,
  };
}

/** Compares the file's applied migrations with `drizzle/` (by the time stamp drizzle keys them on). */
export function migrationState(
  db: Database.Database,
  migrationsFolder = DEFAULT_MIGRATIONS_FOLDER,
): MigrationState {
  const known = readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis);
  const table = db
    .prepare("select 1 from sqlite_master where type = 'table' and name = ?")
    .get(MIGRATIONS_TABLE);
  if (!table) return { circlebot: false, applied: 0, known: known.length, pending: known.length, newer: 0 };
  const applied = (
    db.prepare(`select created_at as at from ${MIGRATIONS_TABLE}`).all() as Array<{ at: number | string }>
  ).map((row) => Number(row.at));
  return compareMigrations(applied, known);
}

/** What a database file holds, for the summary lines. */
export interface FileSummary {
  readonly bytes: number;
  readonly tables: number;
  readonly rows: number;
}

/** Size of the file, its tables (SQLite's own and drizzle's left out) and their rows. */
export function summarize(db: Database.Database, file: string): FileSummary {
  const tables = db
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> ? order by name",
    )
    .pluck()
    .all(MIGRATIONS_TABLE) as string[];
  let rows = 0;
  for (const name of tables) {
    rows += db
      .prepare(`select count(*) from "${name.replaceAll('"', '""')}"`)
      .pluck()
      .get() as number;
  }
  return { bytes: statSync(file).size, tables: tables.length, rows };
}

/** `12.3 MB`, `840 kB`, `512 B`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function describeSummary(summary: FileSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${formatBytes(summary.bytes)}, ${n(summary.tables)} tables, ${n(summary.rows)} rows`;
}

/** Flushes a file (and, with `dir`, the directory entry a rename just changed) to the disk. */
export function fsyncPath(path: string, dir = false): void {
  const fd = openSync(dir ? dirname(path) : path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
