import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Progress } from '../progress.js';
import { quote, type TablePair } from './tables.js';

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;
/** Rows per INSERT at most (fewer for wide tables). */
const MAX_ROWS = 1_000;

/** Rows per INSERT for a table of `columns` columns. */
export const batchSize = (columns: number): number =>
  Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns)));

/**
 * Copies every row of one table from SQLite to PostgreSQL, ids included, in batches of multi-row INSERTs
 * on `client` (inside the caller's transaction). Each value goes through drizzle's own column mappings —
 * SQLite's to read (integer milliseconds → Date, 0/1 → boolean, JSON text → value) and PostgreSQL's to
 * write (Date → timestamptz, value → jsonb) — so it lands exactly as the PostgreSQL store would write it.
 * Rows are read one at a time (`iterate`) in rowid order; resolves with how many were copied.
 */
export async function copyTable(
  sqlite: Database.Database,
  client: pg.Client,
  table: TablePair,
  progress: Progress,
): Promise<number> {
  const names = table.columns.map((c) => c.name);
  const perBatch = batchSize(names.length);
  const head = `insert into ${quote(table.name)} (${names.map(quote).join(', ')}) values `;
  const rows = sqlite
    .prepare(`select ${names.map(quote).join(', ')} from ${quote(table.name)} order by rowid`)
    .raw()
    .iterate() as IterableIterator<unknown[]>;

  let values: unknown[] = [];
  let tuples: string[] = [];
  let copied = 0;
  const flush = async () => {
    if (tuples.length === 0) return;
    await client.query(head + tuples.join(', '), values);
    copied += tuples.length;
    progress.increment(tuples.length);
    values = [];
    tuples = [];
  };
  for (const raw of rows) {
    const placeholders: string[] = [];
    for (const [i, column] of table.columns.entries()) {
      const stored = raw[i];
      const value =
        stored === null || stored === undefined
          ? null
          : column.pg.mapToDriverValue(column.sqlite.mapFromDriverValue(stored));
      values.push(value);
      placeholders.push(`$${values.length}`);
    }
    tuples.push(`(${placeholders.join(', ')})`);
    if (tuples.length >= perBatch) await flush();
  }
  await flush();
  return copied;
}

/** Moves the table's identity sequence past the largest id copied, so the next row the bot adds gets a new id. */
export async function resetIdentity(client: pg.Client, table: TablePair): Promise<void> {
  if (table.identity === null) return;
  const t = quote(table.name);
  const id = quote(table.identity);
  await client.query(
    `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${id}) from ${t}), 0) + 1, false)`,
    [t, table.identity],
  );
}
