import { bigint, timestamp } from 'drizzle-orm/pg-core';

/**
 * Column helpers the PostgreSQL schema files share (not re-exported by `../schema.ts`: they are no tables).
 * Types where PostgreSQL has better ones than SQLite:
 * - times are `timestamptz(3)`: millisecond precision like a JS Date and SQLite's integer ms, but readable and
 *   comparable in SQL by an operator (`now() - at`), and `date_trunc`/`extract` work on them directly;
 * - platform ids (chats, users, messages, updates) stay TEXT: Discord snowflakes exceed 2^53;
 * - JSON columns are `jsonb`; Dates inside them are ISO strings, as in SQLite;
 * - ids (identity columns), the columns referring to them, points and money amounts are `bigint` read as JS
 *   numbers: SQLite's INTEGER is 64-bit, so any safe integer a caller passes is a valid value there too (an
 *   id from a payment reference finds nothing rather than failing as out of range for `integer`).
 */

/** A time as `timestamptz(3)`, read as a Date. */
export const ms = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });
/** Ids and the columns referring to them (see above). */
export const bigId = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();
export const ref = (name: string) => bigint(name, { mode: 'number' });
export const big = (name: string) => bigint(name, { mode: 'number' });
