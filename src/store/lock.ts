import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { CircleError } from '../core/errors.js';

/** What a lock file says about the process holding it. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** The process's start time in clock ticks since boot (Linux `/proc/<pid>/stat`), when known. */
  readonly started: number | null;
  readonly since: string;
}

/** A held lock; `release` removes the file (only if it is still ours). Idempotent. */
export interface DbLock {
  readonly file: string;
  release(): void;
}

/** Thrown when another live process holds the lock; names the file and the holder's pid. */
export class DbLockedError extends CircleError {
  override name = 'DbLockedError';
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    super(
      'CB_ERR_DB_LOCKED',
      `the database is in use by process ${holder.pid} on ${holder.host} (lock file ${lockFile}); stop it first`,
    );
  }
}

/** `<db>.lock`, next to the database file. */
export const lockFileOf = (dbFile: string): string => `${dbFile}.lock`;

/** Lock files this process holds: one process never takes its own lock twice, and never mistakes it as stale. */
const heldHere = new Set<string>();

/** The process's start time from `/proc/<pid>/stat` (field 22), or `null` off Linux or when it is gone. */
function startTimeOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const value = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isSafeInteger(value) ? value : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it just belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const data = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isSafeInteger(data.pid) || (data.pid as number) <= 0) return null;
    return {
      pid: data.pid as number,
      host: typeof data.host === 'string' ? data.host : '?',
      started: Number.isSafeInteger(data.started) ? (data.started as number) : null,
      since: typeof data.since === 'string' ? data.since : '?',
    };
  } catch {
    return null;
  }
}

/**
 * Whether the holder written in a lock file is still running. A lock from another host cannot be checked
 * and counts as held. Ours (same pid) is live only while this process really holds it: in a container the
 * bot is pid 1 at every start, so an old lock with our own pid is stale. A pid that now belongs to a
 * process started at another time (reuse after a reboot) is stale too.
 */
function isLive(file: string, holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return heldHere.has(file);
  if (!isAlive(holder.pid)) return false;
  const started = startTimeOf(holder.pid);
  return holder.started === null || started === null || started === holder.started;
}

/**
 * The live process holding the database's lock, or `null` when none does (no lock file, or a stale one).
 * Never changes anything.
 */
export function lockHolder(dbFile: string): LockHolder | null {
  const file = lockFileOf(dbFile);
  const holder = readHolder(file);
  return holder && isLive(file, holder) ? holder : null;
}

/**
 * Takes the database's lock for this process: creates `<db>.lock` with our pid, atomically (written aside,
 * then hard-linked into place, so it is never seen empty). A stale lock (its process is gone) is taken
 * over. Throws `DbLockedError` when a live process holds it.
 */
export function acquireDbLock(dbFile: string): DbLock {
  const file = lockFileOf(dbFile);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started: startTimeOf(process.pid),
    since: new Date().toISOString(),
  };
  const aside = `${file}.${process.pid}.tmp`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(aside, `${JSON.stringify(me)}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(aside, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readHolder(file);
      if (holder && isLive(file, holder)) throw new DbLockedError(file, holder);
      // Stale (or unreadable): remove it and try once more; a second loss means someone else just took it.
      if (attempt > 0) {
        throw new CircleError(
          'CB_ERR_DB_LOCKED',
          `could not take the lock file ${file}: another process keeps replacing it`,
        );
      }
      try {
        unlinkSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  } finally {
    unlinkSync(aside);
  }
  heldHere.add(file);
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      const holder = readHolder(file);
      if (holder?.pid !== process.pid) return;
      try {
        unlinkSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    },
  };
}
