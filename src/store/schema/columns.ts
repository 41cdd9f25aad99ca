import { integer } from 'drizzle-orm/sqlite-core';

/** Column helpers the SQLite schema files share (not re-exported by `../schema.ts`: they are no tables). */

/** A time as integer milliseconds since the epoch, read as a Date. */
export const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });
