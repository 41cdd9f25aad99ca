import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { ms } from './columns.js';
import { circles, members } from './core.js';

/** Automation: welcomes, `/quiet` opt-outs, nudges, and the weekly digest's subscribers and sends. */

/** Members welcomed during their current stay in a circle (the row goes when they leave): welcomed once. */
export const automationWelcomes = sqliteTable(
  'automation_welcomes',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** People who sent `/quiet`: no nudges in any circle. */
export const automationQuiet = sqliteTable('automation_quiet', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  at: ms('at').notNull(),
});

/** The last nudge of a member in a circle; `reached` is false when their private chat was closed. */
export const automationNudges = sqliteTable(
  'automation_nudges',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
    reached: integer('reached', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** Admins who asked for a circle's weekly digest. */
export const automationDigestSubscribers = sqliteTable(
  'automation_digest_subscribers',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** One row per digest sent (claimed before sending): an admin gets each week's digest at most once. */
export const automationDigestSends = sqliteTable(
  'automation_digest_sends',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    periodEnd: ms('period_end').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId, t.periodEnd] })],
);
