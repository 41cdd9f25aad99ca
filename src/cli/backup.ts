import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { readArgs } from './args.js';
import { CliError } from './errors.js';
import type { CliContext } from './io.js';
import { startProgress } from './progress.js';
import { describeSummary, fsyncPath, openSqliteFile, sqliteDbFile, summarize } from './sqlite-file.js';

const USAGE = 'circlebot backup <file> [--force]';

/**
 * `circlebot backup <file>`: an online copy of the database, safe while the bot runs and writes. The copy
 * is written beside the target and renamed into place once complete and flushed, so `<file>` is never a
 * half-written backup. Refuses to replace an existing file without `--force`.
 */
export async function backupCommand(args: readonly string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = readArgs(
    args,
    { force: { type: 'boolean' } },
    { min: 1, max: 1, usage: USAGE },
  );
  const target = resolve(positionals[0]!);
  const source = sqliteDbFile(ctx.config(), 'backup');
  if (target === source) throw new CliError(`${target} is the database itself: name another file`);
  if (existsSync(target) && !values.force) {
    throw new CliError(`${target} already exists: choose another name, or add --force to replace it`);
  }

  const db = openSqliteFile(source, 'the database');
  const partial = `${target}.partial-${process.pid}`;
  const progress = startProgress({
    label: 'backup',
    unit: 'pages',
    total: null,
    out: ctx.stderr,
    now: ctx.now,
  });
  try {
    // One read transaction for the whole copy: the backup then copies that snapshot step by step. Without
    // it SQLite restarts the copy whenever the running bot commits, which may be forever on a busy bot.
    db.exec('BEGIN');
    db.prepare('select count(*) from sqlite_master').get();
    await db.backup(partial, {
      progress({ totalPages, remainingPages }) {
        progress.update(totalPages - remainingPages, totalPages);
        return Math.max(100, Math.ceil(totalPages / 100));
      },
    });
    db.exec('COMMIT');
  } catch (err) {
    progress.stop();
    rmSync(partial, { force: true });
    throw new CliError(
      `backup of ${source} to ${target} failed: ${err instanceof Error ? err.message : err}`,
      1,
      {
        cause: err,
      },
    );
  } finally {
    db.close();
  }
  fsyncPath(partial);
  renameSync(partial, target);
  fsyncPath(target, true);

  const copy = openSqliteFile(target, 'the backup');
  try {
    progress.done(`backup written: ${target} (${describeSummary(summarize(copy, target))})`);
  } finally {
    copy.close();
  }
  return 0;
}
