import { existsSync, statSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Circle } from '../../core/circle.js';
import { describeHolder, lockHolder } from '../../store/lock.js';
import { sqliteCircles } from '../../store/sqlite/circles.js';
import { formatBytes, integrityProblems, migrationState, openSqliteFile, reason } from '../sqlite-file.js';
import { type CheckResult, fail, migrationsCheck, note, ok } from './check.js';

/**
 * Checks the database file without changing it (read-only): it opens, passes SQLite's quick check, and has
 * every migration of this circlebot applied; says whether a bot is running on it. Returns the circles in it
 * for the platform checks (none when it cannot be read).
 */
export async function checkDatabase(file: string): Promise<{ results: CheckResult[]; circles: Circle[] }> {
  if (!existsSync(file)) {
    return {
      results: [note('database', `${file} does not exist yet: circlebot creates it at its first start`)],
      circles: [],
    };
  }
  let db: ReturnType<typeof openSqliteFile>;
  try {
    db = openSqliteFile(file, 'the database');
  } catch (err) {
    return {
      results: [fail('database', reason(err), 'restore a backup: circlebot restore <file>')],
      circles: [],
    };
  }
  const results: CheckResult[] = [];
  try {
    const problems = integrityProblems(db, true);
    results.push(
      problems.length === 0
        ? ok('database', `${file} (${formatBytes(statSync(file).size)}; SQLite's quick check passed)`)
        : fail(
            'database',
            `${file} fails SQLite's quick check: ${problems.slice(0, 3).join('; ')}`,
            'stop circlebot and restore the latest backup: circlebot restore <file>',
          ),
    );
    const state = migrationState(db);
    if (!state.circlebot) {
      results.push(
        fail(
          'migrations',
          `${file} is not a circlebot database (no migrations table)`,
          'check db.file / CIRCLEBOT_DB',
        ),
      );
      return { results, circles: [] };
    }
    results.push(
      migrationsCheck(state, {
        newer: 'run the circlebot version that wrote this database, or restore a backup made with this one',
        pending: 'back up (circlebot backup <file>), then start circlebot: it applies them at start',
      }),
    );
    const holder = lockHolder(file);
    results.push(
      holder
        ? ok(
            'bot process',
            `running (${describeHolder(holder)}${holder.since ? `, since ${holder.since}` : ''})`,
          )
        : note('bot process', 'not running on this database'),
    );
    let circles: Circle[] = [];
    try {
      circles = await sqliteCircles(drizzle({ client: db })).list();
    } catch (err) {
      results.push(
        fail('circles', `cannot be read: ${reason(err)}`, 'start circlebot once to apply its migrations'),
      );
    }
    return { results, circles };
  } finally {
    db.close();
  }
}
