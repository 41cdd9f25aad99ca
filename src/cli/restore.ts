import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { acquireDbLock, describeHolder, lockHolder } from '../store/lock.js';
import { readArgs } from './args.js';
import { CliError } from './errors.js';
import type { CliContext } from './io.js';
import { startProgress } from './progress.js';
import {
  describeSummary,
  fsyncPath,
  integrityProblems,
  migrationState,
  openSqliteFile,
  reason,
  sqliteDbFile,
  summarize,
} from './sqlite-file.js';

const USAGE = 'circlebot restore <file>';

/**
 * `circlebot restore <file>`: replaces the database with a backup. Refuses while a bot runs on the database
 * (its lock file is held) and holds that lock itself meanwhile, so no bot starts half-way. The backup must
 * be a sound circlebot database no newer than this circlebot. The database is replaced atomically: the
 * backup is copied beside it, flushed, and renamed over it, with the old file's `-wal`/`-shm` removed.
 */
export async function restoreCommand(args: readonly string[], ctx: CliContext): Promise<number> {
  const { positionals } = readArgs(args, {}, { min: 1, max: 1, usage: USAGE });
  const source = resolve(positionals[0]!);
  const target = sqliteDbFile(ctx.config(), 'restore');
  if (source === target) throw new CliError(`${source} is the database itself: name a backup file`);

  const running = lockHolder(target);
  if (running) {
    throw new CliError(
      `refusing to restore: circlebot (${describeHolder(running)}) is running on ${target}; stop it first`,
    );
  }
  checkBackup(source);

  mkdirSync(dirname(target), { recursive: true });
  const lock = acquireDbLock(target);
  const partial = `${target}.restore-${process.pid}`;
  const progress = startProgress({
    label: 'restore',
    unit: 'pages',
    total: null,
    out: ctx.stderr,
    now: ctx.now,
  });
  try {
    const backup = openSqliteFile(source, 'the backup');
    try {
      // The backup API (not a file copy): a backup that still has a `-wal` beside it is copied whole.
      await backup.backup(partial, {
        progress({ totalPages, remainingPages }) {
          progress.update(totalPages - remainingPages, totalPages);
          return Math.max(100, Math.ceil(totalPages / 100));
        },
      });
    } finally {
      backup.close();
    }
    fsyncPath(partial);
    // The old file's journals belong to it: left beside the new one, SQLite would replay them into it.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(partial, target);
    fsyncPath(target, true);
  } catch (err) {
    progress.stop();
    rmSync(partial, { force: true });
    throw err instanceof CliError
      ? err
      : new CliError(`restore of ${target} from ${source} failed: ${reason(err)}`, 1, { cause: err });
  } finally {
    lock.release();
  }

  const restored = openSqliteFile(target, 'the restored database');
  try {
    const pending = migrationState(restored).pending;
    const later = pending > 0 ? `; ${pending} migration(s) will be applied when circlebot starts` : '';
    progress.done(
      `restored ${target} from ${source} (${describeSummary(summarize(restored, target))})${later}`,
    );
  } finally {
    restored.close();
  }
  return 0;
}

/** Throws `CliError` naming the file and the reason unless it is a sound circlebot database we can run. */
function checkBackup(file: string): void {
  const db = openSqliteFile(file, 'the backup');
  try {
    const problems = integrityProblems(db);
    if (problems.length > 0) {
      throw new CliError(
        `the backup ${file} failed SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`,
      );
    }
    const state = migrationState(db);
    if (!state.circlebot) {
      throw new CliError(
        `the backup ${file} is not a circlebot database (it has no __drizzle_migrations table)`,
      );
    }
    if (state.newer > 0) {
      throw new CliError(
        `the backup ${file} comes from a newer circlebot (${state.newer} migration(s) this version does not know): upgrade circlebot first`,
      );
    }
  } finally {
    db.close();
  }
}
