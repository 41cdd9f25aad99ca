import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CircleError } from '../core/errors.js';

/** Who holds a database's lock, as it wrote itself into the lock file (`null`s: it could not be read). */
export interface LockHolder {
  readonly pid: number | null;
  readonly host: string | null;
  /** When it took the lock (ISO 8601). */
  readonly since: string | null;
}

/** `process 123 on host-a`, or `another process` when the lock file does not say. */
export function describeHolder(holder: LockHolder | null): string {
  if (holder?.pid == null) return 'another process';
  return `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}`;
}

/** A held lock; `release` lets it go (closing the connection that holds it). Idempotent. */
export interface DbLock {
  readonly file: string;
  release(): void;
}

/** Thrown when another process holds the lock; names the lock file and, when known, the holder's pid. */
export class DbLockedError extends CircleError {
  override name = 'DbLockedError';
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      'CB_ERR_DB_LOCKED',
      `the database is in use by ${describeHolder(holder)} (lock file ${lockFile}); stop it first`,
    );
  }
}

/** `<db>.lock`, next to the database file. */
export const lockFileOf = (dbFile: string): string => `${dbFile}.lock`;

const isBusy = (err: unknown) => (err as { code?: string }).code?.startsWith('SQLITE_BUSY') === true;

function readHolder(db: Database.Database): LockHolder | null {
  try {
    const row = db.prepare('select pid, host, since from holder limit 1').get() as LockHolder | undefined;
    return row ?? null;
  } catch {
    return null;
  }
}

/**
 * Takes the database's lock for as long as this process keeps it. The lock file is a tiny SQLite database
 * holding who took it; holding the lock is holding its write lock (an open `BEGIN IMMEDIATE`), so the
 * operating system lets go of it when the process ends however it ends (SIGKILL, a crash, a power cut) —
 * no stale lock to guess about from pids, which containers reuse and hide from each other. Other processes
 * on the same machine see it, across containers sharing the volume too. Waits `waitMs` for a holder
 * that is only looking (`lockHolder`); throws `DbLockedError` when another holds it, and `CB_ERR_DB_LOCK`
 * when the lock file cannot be used (not writable, not a lock file).
 */
export function acquireDbLock(dbFile: string, waitMs = 2_000): DbLock {
  const file = lockFileOf(dbFile);
  mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: waitMs });
  } catch (err) {
    throw new CircleError('CB_ERR_DB_LOCK', `cannot use the lock file ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  try {
    const me = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    db.exec(
      'create table if not exists holder (pid integer not null, host text not null, since text not null)',
    );
    db.transaction(() => {
      db.prepare('delete from holder').run();
      db.prepare('insert into holder (pid, host, since) values (:pid, :host, :since)').run(me);
    }).immediate();
    // From here until release, no other connection can write: that is the lock. Readers still read who holds it.
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    const holder = isBusy(err) ? readHolder(db) : null;
    db.close();
    if (isBusy(err)) throw new DbLockedError(file, holder);
    throw new CircleError('CB_ERR_DB_LOCK', `cannot use the lock file ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return {
    file,
    release() {
      if (!db.open) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

/**
 * The process holding the database's lock (a running bot, a restore or import under way), or `null` when
 * none does. Only looks: never blocks a holder, never changes who holds it. Throws `CB_ERR_DB_LOCK` when the
 * lock file cannot be read as one.
 */
export function lockHolder(dbFile: string): LockHolder | null {
  const file = lockFileOf(dbFile);
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 0, fileMustExist: true });
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return null;
  } catch (err) {
    if (db && isBusy(err)) return readHolder(db) ?? { pid: null, host: null, since: null };
    throw new CircleError('CB_ERR_DB_LOCK', `cannot read the lock file ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    db?.close();
  }
}
