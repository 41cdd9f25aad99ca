import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Circle } from '../../core/circle.js';
import { levelOf } from '../../core/points/flow.js';
import { refKey } from '../../core/refs.js';
import type { Store } from '../../core/store.js';
import { acquireDbLock, describeHolder, lockHolder } from '../../store/lock.js';
import { openSqliteStore } from '../../store/open.js';
import { openPostgresStore } from '../../store/pg/open.js';
import { readArgs } from '../args.js';
import { findCircle } from '../circle-arg.js';
import { CliError, usageError } from '../errors.js';
import type { CliContext } from '../io.js';
import { connectPostgres, hidePassword, pgMigrationState, requireCurrentSchema } from '../pg-db.js';
import { startProgress } from '../progress.js';
import { sqliteDbFile } from '../sqlite-file.js';
import { type BadRow, type PointsRow, readPointsFile } from './rows.js';

const USAGE = 'circlebot import points <file.csv> --circle <circle> [--skip-bad]';

/** Bad rows listed one by one; past this many, only how many more. */
const LISTED = 50;
/** Rows written per group commit. */
const BATCH = 500;

/**
 * `circlebot import points <file.csv> --circle <circle> [--skip-bad]`: points from another bot, as ledger
 * entries of kind `import`. Every row is checked first; with any bad row nothing is written unless
 * `--skip-bad`. Each row's entry is keyed by (circle, file hash, line), so importing the same file again
 * changes nothing. Members not known yet are created from the circle's platform and the user id. On SQLite,
 * refuses while a bot runs on the file (it keeps points in memory) and holds the file's lock meanwhile; on
 * PostgreSQL (`DATABASE_URL`) it runs beside the bots.
 */
export async function importCommand(args: readonly string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = readArgs(
    args,
    { circle: { type: 'string' }, 'skip-bad': { type: 'boolean' } },
    { min: 2, max: 2, usage: USAGE },
  );
  if (positionals[0] !== 'points') {
    throw usageError(
      `cannot import ${JSON.stringify(positionals[0])}: only points can be imported\nusage: ${USAGE}`,
    );
  }
  if (values.circle === undefined) throw usageError(`missing --circle <circle>\nusage: ${USAGE}`);
  const circleName = values.circle;
  const file = resolve(positionals[1]!);
  if (!existsSync(file)) throw new CliError(`${file} does not exist`);
  const config = ctx.config();
  const skipBad = values['skip-bad'] === true;
  if (config.db.url !== undefined)
    return importIntoPostgres(config.db.url, values.circle, file, skipBad, ctx);
  const dbFile = sqliteDbFile(config, 'import');
  const running = lockHolder(dbFile);
  if (running) {
    throw new CliError(
      `refusing to import: circlebot (${describeHolder(running)}) is running on ${dbFile} and keeps points in memory; stop it first`,
    );
  }
  if (!existsSync(dbFile)) throw new CliError(`the database ${dbFile} does not exist`);
  const lock = acquireDbLock(dbFile);
  try {
    const store = openSqliteStore(dbFile);
    try {
      const circle = await findCircle(store.circles, circleName);
      return await importPoints(store, circle, file, skipBad, ctx);
    } finally {
      await store.close();
    }
  } finally {
    lock.release();
  }
}

/**
 * The same into PostgreSQL, while the bots run: its store keeps nothing in memory and locks each member's
 * standing while it adds to it. Refuses a database at another schema version (it does not migrate it).
 */
async function importIntoPostgres(
  url: string,
  circleName: string,
  file: string,
  skipBad: boolean,
  ctx: CliContext,
): Promise<number> {
  const client = await connectPostgres(url);
  try {
    requireCurrentSchema(await pgMigrationState(client), hidePassword(url));
  } finally {
    await client.end();
  }
  const store = await openPostgresStore(url, { maxConnections: 2 });
  try {
    const circle = await findCircle(store.circles, circleName);
    return await importPoints(store, circle, file, skipBad, ctx);
  } finally {
    await store.close();
  }
}

async function importPoints(
  store: Store,
  circle: Circle,
  file: string,
  skipBad: boolean,
  ctx: CliContext,
): Promise<number> {
  const platform = circle.chat.platform;
  // First pass: every row checked, nothing written.
  const bad: BadRow[] = [];
  let good = 0;
  for await (const row of readPointsFile(file, platform)) {
    if (row.ok) good++;
    else bad.push(row);
  }
  for (const row of bad.slice(0, LISTED)) ctx.stderr.write(`${file} line ${row.line}: ${row.reason}\n`);
  if (bad.length > LISTED) ctx.stderr.write(`… and ${bad.length - LISTED} more bad rows\n`);
  if (bad.length > 0 && !skipBad) {
    throw new CliError(
      `nothing imported: ${plural(bad.length, 'bad row')} in ${file}; fix ${bad.length === 1 ? 'it' : 'them'}, or add --skip-bad to import the ${plural(good, 'good row')}`,
    );
  }

  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  const fileHash = hash.digest('hex').slice(0, 16);
  const at = new Date(ctx.now());
  const note = `imported from ${basename(file)}`;
  const totals = { imported: 0, already: 0, points: 0, newMembers: 0 };

  const writeBatch = (rows: readonly PointsRow[]) =>
    store.durably(async () => {
      for (const row of rows) {
        const ref = { platform, id: row.userId };
        let member = await store.members.find(ref);
        if (!member) {
          member = await store.members.upsert(ref, undefined, at);
          totals.newMembers++;
        }
        const { duplicates } = await store.points.record(
          circle.id,
          member.id,
          [
            {
              circleId: circle.id,
              memberId: member.id,
              kind: 'import',
              points: row.points,
              sourceKey: `import:${circle.id}:${fileHash}:${row.line}`,
              actorId: null,
              note,
              at,
            },
          ],
          {},
          levelOf,
        );
        if (duplicates > 0) {
          totals.already++;
        } else {
          totals.imported++;
          totals.points += row.points;
        }
      }
    });

  // Second pass: the good rows, written in batches.
  const progress = startProgress({
    label: 'import',
    unit: 'rows',
    total: good,
    out: ctx.stderr,
    now: ctx.now,
  });
  try {
    let batch: PointsRow[] = [];
    const flush = async () => {
      await writeBatch(batch);
      progress.increment(batch.length);
      batch = [];
    };
    for await (const row of readPointsFile(file, platform)) {
      if (!row.ok) continue;
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    if (totals.imported > 0) {
      await store.durably(() =>
        store.audit.record({
          circleId: circle.id,
          actorId: null,
          action: 'points.import',
          detail: {
            file: basename(file),
            fileHash,
            rows: totals.imported,
            points: totals.points,
            skipped: bad.length,
          },
          at,
        }),
      );
    }
  } catch (err) {
    progress.stop();
    throw err;
  }
  const parts = [
    `${plural(totals.imported, 'row')} imported (${totals.points.toLocaleString('en-US')} points)`,
    `${plural(totals.newMembers, 'new member')}`,
    ...(totals.already > 0 ? [`${plural(totals.already, 'row')} already imported before`] : []),
    ...(bad.length > 0 ? [`${plural(bad.length, 'bad row')} skipped`] : []),
  ];
  progress.done(`import into circle ${circle.id} (${refKey(circle.chat)}): ${parts.join(', ')}`);
  return 0;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
