import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Store } from '../../core/store.js';
import { pgAudit } from './audit.js';
import { pgAutomation } from './automation.js';
import { pgCircles } from './circles.js';
import { pgCredit } from './credit.js';
import { pgDashboard } from './dashboard.js';
import { Durable } from './durable.js';
import { pgGate } from './gate.js';
import { pgJobs } from './jobs.js';
import { pgMarket } from './market.js';
import { pgMembers } from './members.js';
import { pgMemberships } from './memberships.js';
import { pgPayments } from './payments.js';
import { pgPoints } from './points.js';
import { pgPrivacy } from './privacy.js';
import { prepareStatements } from './statements.js';
import { ChatTurns } from './turns.js';
import { pgUpdates } from './updates.js';

/** `drizzle/pg/` at the repo root, found from this file rather than the working directory. */
export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle/pg', import.meta.url));

/** Any fixed number: the session-level advisory lock processes starting at once migrate under, in turn. */
const MIGRATION_LOCK = 0x6369_7263;

export interface PostgresStoreOptions {
  /** Where the generated SQL migrations live; defaults to the repo's `drizzle/pg/`. */
  readonly migrationsFolder?: string;
  /**
   * Most connections this process opens for queries (default 10); each `durably` call under way holds one.
   * As many again may hold chat turns (one per chat whose update is being handled).
   */
  readonly maxConnections?: number;
  /** Told about an error on an idle connection (the server restarted); the pool replaces it. */
  readonly onIdleError?: (err: Error) => void;
}

/**
 * Connects to PostgreSQL at `url` (`postgres://user:password@host:port/database`), applies every pending
 * migration — one process at a time when several start together — and returns the store. Rejects when the
 * server cannot be reached or a migration fails (a migration runs in a transaction: nothing half-applied).
 * Several processes may share the database: nothing is cached, and jobs, payments, answers and points
 * lock what they read.
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10 });
  // Without a listener, an idle connection dropped by the server would be an uncaught exception.
  pool.on('error', (err) => opts.onIdleError?.(err));
  pool.on('connect', prepareStatements);
  try {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle({ client }), {
          migrationsFolder: opts.migrationsFolder ?? PG_MIGRATIONS_FOLDER,
        });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = drizzle({ client: pool });
  const durable = new Durable(db, pool);
  const turns = new ChatTurns(url, opts.maxConnections ?? 10, opts.onIdleError);
  return {
    durably: (work) => durable.durably(work),
    flush: () => durable.flush(),
    circles: pgCircles(durable),
    members: pgMembers(durable),
    memberships: pgMemberships(durable),
    audit: pgAudit(durable),
    updates: pgUpdates(durable, turns),
    jobs: pgJobs(durable),
    gate: pgGate(durable),
    credit: pgCredit(durable),
    points: pgPoints(durable),
    market: pgMarket(durable),
    payments: pgPayments(durable),
    privacy: pgPrivacy(durable),
    dashboard: pgDashboard(durable),
    automation: pgAutomation(durable),
    async ping() {
      const start = performance.now();
      await db.execute(sql`select 1`);
      return performance.now() - start;
    },
    async close() {
      await turns.close();
      if (!pool.ended) await pool.end();
    },
  };
}
