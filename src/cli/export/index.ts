import { resolve } from 'node:path';
import { refKey } from '../../core/refs.js';
import { readArgs } from '../args.js';
import { findCircle } from '../circle-arg.js';
import { CliError, usageError } from '../errors.js';
import type { CliContext } from '../io.js';
import { connectPostgres, hidePassword, pgMigrationState, requireCurrentSchema } from '../pg-db.js';
import { startProgress } from '../progress.js';
import { fileSink, type Sink, streamSink } from '../sink.js';
import { migrationState, openSqliteFile, sqliteDbFile } from '../sqlite-file.js';
import { writeCsvExport } from './csv.js';
import { writeJsonExport } from './json.js';
import { pgExportSource } from './pg-source.js';
import type { ExportSource } from './source.js';
import { sqliteExportSource } from './sqlite-source.js';

const USAGE = 'circlebot export <circle> --format csv|json [--out <file>] [--force]';

/**
 * `circlebot export <circle> --format csv|json [--out file]`: the circle's data, streamed to stdout or to
 * a file (written aside and renamed into place when complete). Reads its own snapshot of the database
 * (the SQLite file, or PostgreSQL with `DATABASE_URL`), so it runs while the bots do. CSV: one row per member; JSON: everything the circle holds.
 */
export async function exportCommand(args: readonly string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = readArgs(
    args,
    { format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
    { min: 1, max: 1, usage: USAGE },
  );
  const format = values.format;
  if (format !== 'csv' && format !== 'json') {
    throw usageError(
      `${format === undefined ? 'missing --format' : `unknown format ${JSON.stringify(format)}`}: expected --format csv or --format json\nusage: ${USAGE}`,
    );
  }
  const config = ctx.config();
  const source =
    config.db.url === undefined
      ? sqliteSource(sqliteDbFile(config, 'export'))
      : await postgresSource(config.db.url);
  let sink: Sink | undefined;
  try {
    const circle = await findCircle(source.circles, positionals[0]!);
    const counts = await source.counts(circle.id);
    const out = values.out === undefined ? null : resolve(values.out);
    sink = out === null ? streamSink(ctx.stdout) : fileSink(out, values.force === true);
    const total =
      format === 'csv'
        ? counts.members
        : counts.members + counts.ledger + counts.applications + counts.offers + counts.clicks;
    // Rows printed to a terminal would tear a bar redrawn on the same screen: progress lines then.
    const bar = ctx.stderr.isTTY === true && !(out === null && ctx.stdout.isTTY === true);
    const progress = startProgress({
      label: 'export',
      unit: 'rows',
      total,
      out: ctx.stderr,
      now: ctx.now,
      bar,
    });
    try {
      let what: string;
      if (format === 'csv') {
        what = `${(await writeCsvExport(circle, source, sink, progress)).toLocaleString('en-US')} members`;
      } else {
        const written = await writeJsonExport(circle, source, sink, progress, new Date(ctx.now()));
        what = Object.entries(written)
          .map(([name, n]) => `${n.toLocaleString('en-US')} ${name === 'ledger' ? 'ledger rows' : name}`)
          .join(', ');
      }
      await sink.finish();
      progress.done(
        `export: ${what} of circle ${circle.id} (${refKey(circle.chat)}) written to ${out ?? 'stdout'}`,
      );
    } catch (err) {
      progress.stop();
      throw err;
    }
    return 0;
  } catch (err) {
    sink?.abort();
    throw err;
  } finally {
    await source.close();
  }
}

/** The SQLite file's snapshot; refuses a file this circlebot cannot read as it is. */
function sqliteSource(dbFile: string): ExportSource {
  const db = openSqliteFile(dbFile, 'the database');
  const state = migrationState(db);
  if (!state.circlebot || state.pending > 0 || state.newer > 0) {
    db.close();
    throw new CliError(
      !state.circlebot
        ? `${dbFile} is not a circlebot database`
        : state.pending > 0
          ? `${dbFile} needs ${state.pending} migration(s) this circlebot has: start circlebot once to apply them`
          : `${dbFile} comes from a newer circlebot: upgrade circlebot first`,
    );
  }
  return sqliteExportSource(db);
}

/** A read-only snapshot of the PostgreSQL database (`DATABASE_URL`); refuses one at another schema version. */
async function postgresSource(url: string): Promise<ExportSource> {
  const client = await connectPostgres(url);
  try {
    requireCurrentSchema(await pgMigrationState(client), hidePassword(url));
    return await pgExportSource(client);
  } catch (err) {
    await client.end();
    throw err;
  }
}
