import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The raw storage floor: one IMMEDIATE write transaction (one small insert) on a file of its own in the
 * bench's temp dir, with the pragmas `openSqliteStore` sets. Returns the timed step and a closer.
 */
export function rawWriteTransaction(dir: string): { run(i: number): void; close(): void } {
  const db = new Database(join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table t (id integer primary key, v text not null)');
  const insert = db.prepare('insert into t (v) values (?)');
  const tx = db.transaction((i: number) => insert.run(`row ${i}`));
  return { run: (i) => tx.immediate(i), close: () => db.close() };
}

/** What the measured run left in circlebot's database, read on a second (read-only) connection. */
export interface StoredOutcome {
  readonly applications: Record<string, number>;
  readonly approvedAudits: number;
  readonly cachedReports: number;
  readonly creditSources: Record<string, number>;
  readonly pendingJobs: number;
}

export function readOutcome(dbFile: string, provider: string): StoredOutcome {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const tally = (sql: string, ...params: unknown[]) =>
      Object.fromEntries(
        (db.prepare(sql).all(...params) as Array<{ k: string | null; n: number }>).map((r) => [
          String(r.k),
          r.n,
        ]),
      );
    const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
    return {
      applications: tally('select state as k, count(*) as n from applications group by state'),
      approvedAudits: count(`select count(*) as n from audit_log where action = 'gate.approved'`),
      cachedReports: count('select count(*) as n from credit_cache where provider = ?', provider),
      creditSources: tally(
        `select json_extract(credit, '$.source') as k, count(*) as n from applications group by k`,
      ),
      pendingJobs: count(`select count(*) as n from jobs where status = 'pending'`),
    };
  } finally {
    db.close();
  }
}

/** What the Telegram section's chatter left in circlebot's database (read-only second connection). */
export interface IngestedChatter {
  readonly processedUpdates: number;
  readonly circles: number;
  readonly members: number;
  readonly memberships: number;
  readonly auditRows: number;
}

export function readIngested(dbFile: string): IngestedChatter {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      processedUpdates: count(`select count(*) as n from processed_updates where platform = 'telegram'`),
      circles: count(`select count(*) as n from circles where platform = 'telegram'`),
      members: count(`select count(*) as n from members where platform = 'telegram'`),
      memberships: count(`select count(*) as n from memberships where status = 'member'`),
      auditRows: count('select count(*) as n from audit_log'),
    };
  } finally {
    db.close();
  }
}

/** Running totals of the SQLite work done in this process since `countSqlWork` was called. */
export interface SqlWork {
  /** Statements compiled (drizzle's query builder compiles one for every query it runs). */
  prepared: number;
  /** `Database#transaction` wrappers built (drizzle builds one per `db.transaction` call). */
  transactions: number;
}

/**
 * Counts better-sqlite3 `prepare` and `transaction` calls from every connection in this process (the
 * store's included) by wrapping the two prototype methods once; the wrap costs a counter increment. Unlike
 * latency, these counts do not depend on the machine, so a change in them is a change in the code path.
 */
export function countSqlWork(): SqlWork {
  const work: SqlWork = { prepared: 0, transactions: 0 };
  const proto = Database.prototype;
  const { prepare, transaction } = proto;
  proto.prepare = function (this: Database.Database, source: string) {
    work.prepared++;
    return prepare.call(this, source);
  } as typeof prepare;
  proto.transaction = function (this: Database.Database, fn: (...args: never[]) => unknown) {
    work.transactions++;
    return transaction.call(this, fn);
  } as typeof transaction;
  return work;
}
