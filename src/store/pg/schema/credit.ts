import { jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { StoredCreditReport } from '../../schema/credit.js';
import { ms, ref } from './columns.js';
import { members } from './core.js';

/** Credit: reports from credit providers, cached per provider and member. */

export const creditCache = pgTable(
  'credit_cache',
  {
    provider: text('provider').notNull(),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    report: jsonb('report').$type<StoredCreditReport>().notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.memberId] })],
);
