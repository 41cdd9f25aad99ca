import type Database from 'better-sqlite3';
import type pg from 'pg';
import { type ColumnPair, quote, type TablePair } from './tables.js';

/** Sums are taken modulo this prime, so a column of millisecond times never overflows SQLite's 64 bits. */
const MODULUS = 1_000_000_007;

/** What one side holds of a table: its row count and one aggregate per column (see `Check`), as text. */
export interface TableTotals {
  readonly rows: number;
  readonly columns: Readonly<Record<string, string>>;
}

/** A table whose copy differs from its source, with what differs. */
export interface Mismatch {
  readonly table: string;
  readonly problems: readonly string[];
}

function sqliteAggregate(column: ColumnPair): string {
  const c = quote(column.name);
  if (column.check === 'sum') return `coalesce(sum(${c} % ${MODULUS}), 0)`;
  if (column.check === 'length') return `coalesce(sum(length(${c})), 0)`;
  return `count(${c})`;
}

function pgAggregate(column: ColumnPair): string {
  const c = quote(column.name);
  if (column.check === 'length') return `coalesce(sum(length(${c})), 0)::text`;
  if (column.check === 'present') return `count(${c})::text`;
  switch (column.pg.columnType) {
    case 'PgTimestamp':
      return `coalesce(sum(round(extract(epoch from ${c}) * 1000)::int8 % ${MODULUS}), 0)::text`;
    case 'PgBoolean':
      return `coalesce(sum(${c}::int), 0)::text`;
    default:
      return `coalesce(sum(${c} % ${MODULUS}), 0)::text`;
  }
}

/** The label of a column's aggregate, as shown in a mismatch. */
const DESCRIBE = { sum: 'sum', length: 'total text length', present: 'values present' } as const;

/** Row count and per-column aggregates of `table` in the SQLite file. */
export function sqliteTotals(sqlite: Database.Database, table: TablePair): TableTotals {
  const row = sqlite
    .prepare(
      `select count(*) as "rows", ${table.columns.map((c) => `${sqliteAggregate(c)} as ${quote(c.name)}`).join(', ')} from ${quote(table.name)}`,
    )
    .get() as Record<string, number | bigint>;
  return {
    rows: Number(row.rows),
    columns: Object.fromEntries(table.columns.map((c) => [c.name, String(row[c.name])])),
  };
}

/** The same for `table` in PostgreSQL, computed by the server (nothing is read back row by row). */
export async function pgTotals(client: pg.Client, table: TablePair): Promise<TableTotals> {
  const { rows } = await client.query<Record<string, string>>(
    `select count(*)::text as "rows", ${table.columns.map((c) => `${pgAggregate(c)} as ${quote(c.name)}`).join(', ')} from ${quote(table.name)}`,
  );
  const row = rows[0]!;
  return {
    rows: Number(row.rows),
    columns: Object.fromEntries(table.columns.map((c) => [c.name, String(row[c.name])])),
  };
}

/** What differs between the source's and the copy's totals of one table (nothing: `null`). */
export function compareTotals(table: TablePair, source: TableTotals, copy: TableTotals): Mismatch | null {
  const problems: string[] = [];
  if (source.rows !== copy.rows) {
    problems.push(`${source.rows} rows in SQLite, ${copy.rows} in PostgreSQL`);
  }
  for (const column of table.columns) {
    const a = source.columns[column.name];
    const b = copy.columns[column.name];
    if (a !== b)
      problems.push(`${column.name}: ${DESCRIBE[column.check]} ${a} in SQLite, ${b} in PostgreSQL`);
  }
  return problems.length === 0 ? null : { table: table.name, problems };
}
