import { is } from 'drizzle-orm';
import { integer, type PgColumn, PgTable, getTableConfig as pgConfig, pgTable } from 'drizzle-orm/pg-core';
import { type SQLiteColumn, SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../src/store/pg/schema.js';
import * as sqliteSchema from '../../src/store/schema.js';

/**
 * The two backends' schemas, reduced to what the contract suite relies on: a table added, a column renamed
 * or made nullable, an index or unique constraint forgotten on one side fails here, naming the table.
 */

/** Which PostgreSQL column kinds stand for each SQLite one (see `src/store/pg/schema/columns.ts`). */
const KINDS: Record<string, readonly string[]> = {
  SQLiteInteger: ['PgInteger', 'PgBigInt53'],
  SQLiteText: ['PgText'],
  SQLiteTextJson: ['PgJsonb'],
  SQLiteTimestamp: ['PgTimestamp'],
  SQLiteBoolean: ['PgBoolean'],
};

interface Shape {
  readonly columns: ReadonlyArray<{ name: string; notNull: boolean; kind: string }>;
  readonly primaryKey: string[];
  readonly unique: string[];
  readonly indexes: string[];
  readonly foreignKeys: string[];
}

type Config = ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>;
type Column = PgColumn | SQLiteColumn;

const sorted = (items: string[]) => [...items].sort();
const names = (columns: ReadonlyArray<{ name: string }>) => columns.map((c) => c.name).join(', ');

/** A table as the drift check sees it; `kind` maps a column's type to the other dialect's allowed set. */
function shape(config: Config, kind: (column: Column) => string): Shape {
  const columns = config.columns as Column[];
  const primaryColumns = columns.filter((c) => c.primary);
  const primaryKey =
    primaryColumns.length > 0
      ? primaryColumns.map((c) => c.name)
      : (config.primaryKeys[0]?.columns ?? []).map((c) => c.name);
  const indexes = config.indexes.map((index) => ({
    name: index.config.name ?? '',
    columns: (index.config.columns as Array<{ name: string }>).map((c) => c.name).join(', '),
    unique: index.config.unique,
  }));
  const unique = [
    ...indexes.filter((i) => i.unique).map((i) => `${i.name} (${i.columns})`),
    ...config.uniqueConstraints.map((u) => `${u.name ?? ''} (${names(u.columns)})`),
    ...columns.filter((c) => c.isUnique).map((c) => `${c.uniqueName ?? ''} (${c.name})`),
  ];
  const foreignKeys = config.foreignKeys.map((fk) => {
    const ref = fk.reference();
    const target = is(ref.foreignTable, PgTable)
      ? pgConfig(ref.foreignTable).name
      : sqliteConfig(ref.foreignTable as SQLiteTable).name;
    return `(${names(ref.columns)}) → ${target} (${names(ref.foreignColumns)})`;
  });
  return {
    columns: columns
      .map((c) => ({ name: c.name, notNull: c.notNull, kind: kind(c) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    primaryKey,
    unique: sorted(unique),
    indexes: sorted(indexes.filter((i) => !i.unique).map((i) => `${i.name} (${i.columns})`)),
    foreignKeys: sorted(foreignKeys),
  };
}

function sqliteShape(table: SQLiteTable): Shape {
  return shape(sqliteConfig(table), (c) => (KINDS[c.columnType] ?? [c.columnType]).join(' | '));
}

function pgShape(table: PgTable): Shape {
  return shape(pgConfig(table), (c) => {
    const allowed = Object.entries(KINDS).find(([, pg]) => pg.includes(c.columnType));
    return allowed ? allowed[1].join(' | ') : c.columnType;
  });
}

function tablesOf<T>(
  schema: Record<string, unknown>,
  isTable: (value: unknown) => value is T,
  name: (t: T) => string,
) {
  const tables = new Map<string, T>();
  for (const value of Object.values(schema)) if (isTable(value)) tables.set(name(value), value);
  return tables;
}

const sqliteTables = tablesOf(
  sqliteSchema,
  (v): v is SQLiteTable => is(v, SQLiteTable),
  (t) => sqliteConfig(t).name,
);
const pgTables = tablesOf(
  pgSchema,
  (v): v is PgTable => is(v, PgTable),
  (t) => pgConfig(t).name,
);

describe('PostgreSQL schema against the SQLite schema', () => {
  it('has exactly the same tables', () => {
    expect(sqliteTables.size).toBeGreaterThan(20);
    expect(sorted([...pgTables.keys()])).toEqual(sorted([...sqliteTables.keys()]));
  });

  it.each([...sqliteTables.keys()])(
    '%s: same columns (name, nullability, kind), primary key, unique constraints, indexes and foreign keys',
    (name) => {
      const pg = pgTables.get(name);
      expect(pg, `no PostgreSQL table ${name}`).toBeDefined();
      expect(pgShape(pg!)).toEqual(sqliteShape(sqliteTables.get(name)!));
    },
  );

  it('a column made nullable on one side only is caught', () => {
    const drifted = pgTable('activity_days', {
      circleId: integer('circle_id').notNull(),
      day: integer('day'),
      messages: integer('messages').notNull().default(0),
      joins: integer('joins').notNull().default(0),
    });
    expect(pgShape(drifted)).not.toEqual(sqliteShape(sqliteSchema.activityDays));
  });
});
