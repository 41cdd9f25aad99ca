import { drizzle } from 'drizzle-orm/node-postgres';
import type { Circle } from '../../core/circle.js';
import { pgCircles } from '../../store/pg/circles.js';
import type { Pg } from '../../store/pg/db.js';
import { connectPostgres, hidePassword, pgMigrationState } from '../pg-db.js';
import { reason } from '../sqlite-file.js';
import { type CheckResult, fail, migrationsCheck, note, ok } from './check.js';

/**
 * Checks the PostgreSQL database (`DATABASE_URL`) without changing it: the server answers, every
 * migration of this circlebot is applied, and how many circlebot processes are connected. Returns the
 * circles in it for the platform checks (none when it cannot be read).
 */
export async function checkPostgres(url: string): Promise<{ results: CheckResult[]; circles: Circle[] }> {
  const where = hidePassword(url);
  let client: Awaited<ReturnType<typeof connectPostgres>>;
  try {
    client = await connectPostgres(url);
  } catch (err) {
    return {
      results: [
        fail(
          'database',
          reason(err),
          'check DATABASE_URL (db.url): host, port, database name, user and password; and that PostgreSQL runs',
        ),
      ],
      circles: [],
    };
  }
  const results: CheckResult[] = [];
  try {
    const { rows } = await client.query<{ version: string }>(
      `select current_setting('server_version') as version`,
    );
    results.push(ok('database', `PostgreSQL ${rows[0]?.version ?? ''} at ${where}`));
    const state = await pgMigrationState(client);
    if (!state.circlebot) {
      results.push(
        fail(
          'migrations',
          'none applied: no circlebot has started on this database yet',
          'start circlebot with DATABASE_URL set (it applies them), or copy a SQLite circle: circlebot migrate-to-postgres',
        ),
      );
      return { results, circles: [] };
    }
    results.push(
      migrationsCheck(state, {
        newer: 'run the circlebot version that wrote this database',
        pending: 'back up (pg_dump), then start circlebot: it applies them at start',
      }),
    );
    const { rows: sessions } = await client.query<{ n: string }>(
      `select count(*)::text as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    );
    const others = Number(sessions[0]?.n ?? 0);
    results.push(
      note(
        'connections',
        others === 0
          ? 'no other connection to this database: no bot process is running on it'
          : `${others} other connection(s) to this database (bot processes keep a pool each)`,
      ),
    );
    const db = drizzle({ client });
    const reader: Pg = { run: (q) => q(db), write: (q) => q(db), atomic: (work) => work(db) };
    let circles: Circle[] = [];
    try {
      circles = await pgCircles(reader).list();
    } catch (err) {
      results.push(
        fail('circles', `cannot be read: ${reason(err)}`, 'start circlebot once to apply its migrations'),
      );
    }
    return { results, circles };
  } finally {
    await client.end();
  }
}
