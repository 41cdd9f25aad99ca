/**
 * The PostgreSQL schema: every table, column, index and unique constraint of the SQLite schema
 * (`../schema.ts`) under the same names, so one contract suite reads both (`test/store/schema-drift.test.ts`
 * fails when they drift apart), in the same files per capability under `schema/`, with the column types
 * PostgreSQL does better (`schema/columns.ts`). This index re-exports every table, and is what drizzle-kit
 * reads (`config/drizzle.pg.config.ts`): a file left out here is a table the next migration drops.
 */

export * from './schema/automation.js';
export * from './schema/core.js';
export * from './schema/credit.js';
export * from './schema/dashboard.js';
export * from './schema/gate.js';
export * from './schema/market.js';
export * from './schema/points.js';
