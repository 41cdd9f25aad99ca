import { is } from 'drizzle-orm';
import { type PgColumn, PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { type SQLiteColumn, SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import * as pgSchema from '../../store/pg/schema.js';
import * as sqliteSchema from '../../store/schema.js';

/** How a column's values are compared after the copy (the same aggregate on both sides). */
export type Check = 'sum' | 'length' | 'present';

/** One column of a table on both sides, paired by its SQL name. */
export interface ColumnPair {
  readonly name: string;
  readonly sqlite: SQLiteColumn;
  readonly pg: PgColumn;
  readonly check: Check;
}

/** One table on both sides, paired by its SQL name. */
export interface TablePair {
  readonly name: string;
  readonly columns: readonly ColumnPair[];
  /** The identity column, whose sequence is moved past the largest id copied. */
  readonly identity: string | null;
  /** Tables this one's foreign keys point at (copied before it). */
  readonly dependsOn: readonly string[];
}

/**
 * How each SQLite column kind is compared, and the PostgreSQL kinds that may stand for it
 * (`test/store/schema-drift.test.ts` keeps the two schemas to these pairs).
 */
const KINDS: Record<string, { readonly check: Check; readonly pg: readonly string[] }> = {
  SQLiteInteger: { check: 'sum', pg: ['PgInteger', 'PgBigInt53'] },
  SQLiteTimestamp: { check: 'sum', pg: ['PgTimestamp'] },
  SQLiteBoolean: { check: 'sum', pg: ['PgBoolean'] },
  SQLiteText: { check: 'length', pg: ['PgText'] },
  // jsonb rewrites the text (key order, spaces): only whether a value is there compares.
  SQLiteTextJson: { check: 'present', pg: ['PgJsonb'] },
};

function tablesOf<T>(schema: Record<string, unknown>, isTable: (v: unknown) => v is T): T[] {
  return Object.values(schema).filter(isTable);
}

/**
 * Every table of the SQLite schema with its PostgreSQL twin, in an order where each table comes after the
 * tables it refers to. Derived from the drizzle schema objects, so a table or column added to the schemas
 * is copied without a change here. Throws when the two schemas do not pair up (a table or column on one
 * side only, or a column kind this copy does not know): the migration must not drop data silently.
 */
export function tablePairs(): TablePair[] {
  const sqliteTables = tablesOf(sqliteSchema, (v): v is SQLiteTable => is(v, SQLiteTable));
  const pgTables = new Map(
    tablesOf(pgSchema, (v): v is PgTable => is(v, PgTable)).map((t) => [pgConfig(t).name, pgConfig(t)]),
  );
  const pairs = sqliteTables.map((table): TablePair => {
    const lite = sqliteConfig(table);
    const pgTable = pgTables.get(lite.name);
    if (!pgTable) throw new Error(`table ${lite.name} has no PostgreSQL twin in src/store/pg/schema.ts`);
    pgTables.delete(lite.name);
    const pgColumns = new Map(pgTable.columns.map((c) => [c.name, c]));
    const columns = lite.columns.map((column): ColumnPair => {
      const twin = pgColumns.get(column.name);
      const kind = KINDS[column.columnType];
      if (!twin) throw new Error(`column ${lite.name}.${column.name} has no PostgreSQL twin`);
      if (!kind?.pg.includes(twin.columnType)) {
        throw new Error(
          `column ${lite.name}.${column.name}: cannot copy ${column.columnType} to ${twin.columnType}`,
        );
      }
      pgColumns.delete(column.name);
      return { name: column.name, sqlite: column, pg: twin, check: kind.check };
    });
    if (pgColumns.size > 0) {
      throw new Error(
        `PostgreSQL ${lite.name} has columns SQLite lacks: ${[...pgColumns.keys()].join(', ')}`,
      );
    }
    const identity = pgTable.columns.find((c) => c.generatedIdentity !== undefined)?.name ?? null;
    const dependsOn = [
      ...new Set(
        pgTable.foreignKeys
          .map((fk) => pgConfig(fk.reference().foreignTable).name)
          .filter((name) => name !== lite.name),
      ),
    ];
    return { name: lite.name, columns, identity, dependsOn };
  });
  if (pgTables.size > 0) {
    throw new Error(`PostgreSQL tables SQLite lacks: ${[...pgTables.keys()].join(', ')}`);
  }
  return dependencyOrder(pairs);
}

/** Kahn's algorithm, keeping the schema's own order among tables that are free to go. */
function dependencyOrder(pairs: readonly TablePair[]): TablePair[] {
  const done = new Set<string>();
  const ordered: TablePair[] = [];
  let left = [...pairs];
  while (left.length > 0) {
    const ready = left.filter((t) => t.dependsOn.every((d) => done.has(d)));
    if (ready.length === 0) {
      throw new Error(`foreign keys form a cycle among: ${left.map((t) => t.name).join(', ')}`);
    }
    for (const t of ready) {
      ordered.push(t);
      done.add(t.name);
    }
    left = left.filter((t) => !done.has(t.name));
  }
  return ordered;
}

/** `"name"`, quoted for SQL in both dialects. */
export const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
