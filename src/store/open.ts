import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Store } from '../core/store.js';
import { GroupCommit } from './group-commit.js';
import { sqliteAudit } from './sqlite/audit.js';
import { sqliteAutomation } from './sqlite/automation.js';
import { sqliteCircles } from './sqlite/circles.js';
import { sqliteCredit } from './sqlite/credit.js';
import { sqliteDashboard } from './sqlite/dashboard.js';
import { sqliteGate } from './sqlite/gate.js';
import { sqliteJobs } from './sqlite/jobs.js';
import { sqliteMarket } from './sqlite/market.js';
import { sqliteMembers } from './sqlite/members.js';
import { sqliteMemberships } from './sqlite/memberships.js';
import { sqlitePayments } from './sqlite/payments.js';
import { sqlitePoints } from './sqlite/points.js';
import { sqlitePrivacy } from './sqlite/privacy.js';
import { sqliteUpdates } from './sqlite/updates.js';

/** `drizzle/` at the repo root, found from this file rather than the working directory. */
export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * WAL frames (4 KiB pages) between checkpoints: 10 000, a WAL of up to ~40 MiB. Points write a few pages
 * spread over the standings and ledger indexes per message, and a checkpoint copies each changed page back
 * to the database once however often it changed since the last one: SQLite's default of 1 000 copied the same
 * hot pages over and over (about half of the write time in `npm run bench`'s points section).
 */
export const WAL_CHECKPOINT_PAGES = 10_000;

export interface SqliteStoreOptions {
  /** Where the generated SQL migrations live; defaults to the repo's `drizzle/`. */
  readonly migrationsFolder?: string;
  /** How long a writer waits for another connection's lock before failing with SQLITE_BUSY. */
  readonly busyTimeoutMs?: number;
  /** Longest a group commit stays open while events are still under way (default 100 ms). */
  readonly groupCommitMs?: number;
}

/**
 * Opens (creating it and its directory if needed) the SQLite file, applies every pending migration and
 * returns the store. Throws when the file cannot be opened or a migration fails; nothing is half-applied.
 */
export function openSqliteStore(file: string, opts: SqliteStoreOptions = {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5_000)}`);
    sqlite.pragma('synchronous = NORMAL');
    // Inside a group commit every repository transaction is a SAVEPOINT, whose statement journal would
    // otherwise go to a temp file: in memory, a points `record` takes about half the time.
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    const db = drizzle({ client: sqlite });
    migrate(db, { migrationsFolder: opts.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER });
    const group = new GroupCommit(sqlite, opts.groupCommitMs ?? 100);
    return {
      durably: (work) => group.durably(work),
      flush: () => group.flush(),
      circles: sqliteCircles(db),
      members: sqliteMembers(db),
      memberships: sqliteMemberships(db),
      audit: sqliteAudit(db),
      updates: sqliteUpdates(db),
      jobs: sqliteJobs(db),
      gate: sqliteGate(db),
      credit: sqliteCredit(db),
      points: sqlitePoints(db),
      market: sqliteMarket(db),
      payments: sqlitePayments(db),
      privacy: sqlitePrivacy(db),
      dashboard: sqliteDashboard(db),
      automation: sqliteAutomation(db),
      async ping() {
        const start = performance.now();
        db.get(sql`select 1`);
        return performance.now() - start;
      },
      async close() {
        group.close();
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
