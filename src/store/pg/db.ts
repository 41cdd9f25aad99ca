import { sql } from 'drizzle-orm';
import type { NodePgDatabase, NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';

/** The drizzle handle over the pool. */
export type PoolDb = NodePgDatabase;

/** What the pool and a transaction inside it can both run: every repository query takes this. */
export type Conn = PgDatabase<NodePgQueryResultHKT>;

/**
 * How a repository reaches the database. Inside `Store.durably` both run in that call's transaction (so its
 * writes commit together and before it resolves); outside it, `run` uses the pool and `atomic` opens a
 * transaction of its own.
 */
export interface Pg {
  /** Runs one query (or several that need not be atomic) on the current connection. */
  run<T>(query: (db: Conn) => Promise<T>): Promise<T>;
  /**
   * Runs one write that may fail (a constraint): inside a `durably` transaction its failure leaves the
   * transaction usable for the writes around it, as in SQLite (see `Durable`).
   */
  write<T>(query: (db: Conn) => Promise<T>): Promise<T>;
  /**
   * Runs `work` atomically: all of it or none (inside a `durably` transaction: in a savepoint, or alone in
   * it). A failed statement inside rolls back only `work`, never the writes around it.
   */
  atomic<T>(work: (tx: Conn) => Promise<T>): Promise<T>;
  /**
   * Inside a `durably` call, a map that lives as long as its current transaction (emptied when that is rolled
   * back and begun again), for what stays true while the transaction holds a lock (a row read under it);
   * `null` outside one (and absent where nothing is held across queries).
   */
  memo?(): Map<string, unknown> | null;
}

/**
 * Takes a transaction-scoped advisory lock on `key`: writers of the same key wait for each other until
 * their transactions end, which makes a read-then-write as safe as SQLite's IMMEDIATE transactions, even
 * across processes. Only inside `Pg.atomic`.
 */
export async function lock(tx: Conn, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** Prepared queries by drizzle handle (the pool's, or one pooled connection's) and name. */
const preparedOn = new WeakMap<Conn, Map<string, unknown>>();

/**
 * The query `name` on `db`, built by `build` the first time (its values as `sql.placeholder`s, its
 * `.prepare(name)` naming the statement) and reused after: drizzle does not build its SQL again, and
 * PostgreSQL keeps it parsed per connection. For the queries every event runs.
 */
export function prepared<Q>(db: Conn, name: string, build: (db: Conn) => Q): Q {
  let queries = preparedOn.get(db);
  if (!queries) {
    queries = new Map();
    preparedOn.set(db, queries);
  }
  let query = queries.get(name) as Q | undefined;
  if (query === undefined) {
    query = build(db);
    queries.set(name, query);
  }
  return query;
}

/** The number of rows an UPDATE or DELETE without RETURNING touched. */
export function changed(result: { rowCount: number | null }): number {
  return result.rowCount ?? 0;
}

/** Whether `err` (or what it wraps: drizzle wraps the driver's error) is a unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
