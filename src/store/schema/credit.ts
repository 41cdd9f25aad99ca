import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './columns.js';
import { members } from './core.js';

/** Credit: reports from credit providers, cached per provider and member. */

/** A credit report as stored in JSON: the Dates are ISO strings. */
export interface StoredCreditReport {
  readonly score: number;
  readonly verified: boolean | null;
  readonly factors: ReadonlyArray<{ readonly key: string; readonly points: number; readonly value: number }>;
  readonly source: string;
  readonly fetchedAt: string;
  readonly expiresAt?: string;
}

export const creditCache = sqliteTable(
  'credit_cache',
  {
    provider: text('provider').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    report: text('report', { mode: 'json' }).$type<StoredCreditReport>().notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.memberId] })],
);
