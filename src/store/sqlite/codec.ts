import type { RunResult } from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { CreditReport } from '../../core/credit/report.js';
import type { StoredCreditReport } from '../schema.js';

/** The drizzle handle every SQLite repository factory takes. */
export type Db = BetterSQLite3Database;

/** A credit report as JSON: Dates become ISO strings. */
export function encodeCredit(report: CreditReport): StoredCreditReport {
  const { fetchedAt, expiresAt, ...rest } = report;
  return {
    ...rest,
    fetchedAt: fetchedAt.toISOString(),
    ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
  };
}

/** The inverse of `encodeCredit`: the ISO strings become Dates again. */
export function decodeCredit(stored: StoredCreditReport): CreditReport {
  const { fetchedAt, expiresAt, ...rest } = stored;
  return {
    ...rest,
    fetchedAt: new Date(fetchedAt),
    ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}),
  };
}

/** What both the db and a transaction inside it can run (helpers shared by both take this). */
export type Conn = BaseSQLiteDatabase<'sync', RunResult>;
