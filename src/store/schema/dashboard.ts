import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './columns.js';
import { circles, members } from './core.js';

/** The dashboard: login links used, sessions, and the daily activity counts its charts show. */

/** Dashboard login links already used: a link opens one session, once. Rows past `expires_at` may go. */
export const dashboardLoginTokens = sqliteTable('dashboard_login_tokens', {
  id: text('id').primaryKey(),
  memberId: integer('member_id')
    .notNull()
    .references(() => members.id),
  usedAt: ms('used_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

/** Dashboard sessions. `id` is the SHA-256 of the cookie's random token, so the table opens no session. */
export const dashboardSessions = sqliteTable(
  'dashboard_sessions',
  {
    id: text('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    csrf: text('csrf').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('dashboard_sessions_expires_idx').on(t.expiresAt)],
);

/** Group messages and joins per circle and UTC day (days since 1970), counted as they happen. */
export const activityDays = sqliteTable(
  'activity_days',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    day: integer('day').notNull(),
    messages: integer('messages').notNull().default(0),
    joins: integer('joins').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.day] })],
);
