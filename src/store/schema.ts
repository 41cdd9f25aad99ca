/**
 * The SQLite schema, one file per capability under `schema/`; this index re-exports every table, and is what
 * drizzle-kit reads (`config/drizzle.config.ts`): a file left out here is a table the next migration drops.
 * Times are integer milliseconds; platform ids (chats, users, messages, updates) are TEXT because Discord
 * snowflakes exceed 2^53. JSON columns hold plain JSON: Dates inside them are ISO strings, turned back into
 * Dates by the repositories (`sqlite/codec.ts`).
 */

export * from './schema/automation.js';
export * from './schema/core.js';
export * from './schema/credit.js';
export * from './schema/dashboard.js';
export * from './schema/gate.js';
export * from './schema/market.js';
export * from './schema/points.js';
