import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { hidePassword } from '../config/secrets.js';
import { PG_MIGRATIONS_FOLDER } from '../store/pg/open.js';
import { CliError, usageError } from './errors.js';
import { compareMigrations, type MigrationState, reason } from './sqlite-file.js';

/** `postgres://bot:***@db:5432/circlebot`: a connection string fit to print. */
export { hidePassword } from '../config/secrets.js';

/** Checks an operator-given connection string; throws a usage error (password hidden) for another scheme. */
export function postgresUrl(url: string, option: string, usage: string): string {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw usageError(`${option} ${hidePassword(url)}: not a URL\nusage: ${usage}`);
  }
  if (scheme !== 'postgres:' && scheme !== 'postgresql:') {
    throw usageError(
      `${option} ${hidePassword(url)}: expected a postgres:// or postgresql:// URL\nusage: ${usage}`,
    );
  }
  return url;
}

/**
 * Connects one client to `url`. Throws `CliError` naming the server (never the password) when it cannot be
 * reached or refuses the login.
 */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // An idle client dropped by the server must not be an uncaught exception; the next query fails instead.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw new CliError(`cannot connect to PostgreSQL at ${hidePassword(url)}: ${reason(err)}`, 1, {
      cause: err,
    });
  }
}

/** Where a PostgreSQL database stands against the migrations in `drizzle/pg` (drizzle keys them by time). */
export async function pgMigrationState(client: pg.Client): Promise<MigrationState> {
  const known = readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER }).map((m) => m.folderMillis);
  const { rows: exists } = await client.query<{ found: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as found`,
  );
  if (!exists[0]?.found) {
    return { circlebot: false, applied: 0, known: known.length, pending: known.length, newer: 0 };
  }
  const { rows } = await client.query<{ at: string }>(
    'select created_at::text as at from drizzle.__drizzle_migrations',
  );
  const applied = rows.map((r) => Number(r.at));
  return compareMigrations(applied, known);
}

/**
 * Refuses a database this circlebot cannot read or write as it is: not a circlebot database, migrations
 * not applied yet (a bot applies them at its start), or written by a newer circlebot.
 */
export function requireCurrentSchema(state: MigrationState, where: string): void {
  if (!state.circlebot) {
    throw new CliError(`${where} is not a circlebot database yet: start circlebot on it once (DATABASE_URL)`);
  }
  if (state.newer > 0) throw new CliError(`${where} comes from a newer circlebot: upgrade circlebot first`);
  if (state.pending > 0) {
    throw new CliError(
      `${where} needs ${state.pending} migration(s) this circlebot has: start circlebot once to apply them`,
    );
  }
}
