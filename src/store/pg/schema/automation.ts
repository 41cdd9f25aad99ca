import { boolean, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { ms, ref } from './columns.js';
import { circles, members } from './core.js';

/** Automation: welcomes, `/quiet` opt-outs, nudges, and the weekly digest's subscribers and sends. */

/** Members welcomed during their current stay in a circle (the row goes when they leave): welcomed once. */
export const automationWelcomes = pgTable(
  'automation_welcomes',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** People who sent `/quiet`: no nudges in any circle. */
export const automationQuiet = pgTable('automation_quiet', {
  memberId: ref('member_id')
    .primaryKey()
    .references(() => members.id),
  at: ms('at').notNull(),
});

/** The last nudge of a member in a circle; `reached` is false when their private chat was closed. */
export const automationNudges = pgTable(
  'automation_nudges',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
    reached: boolean('reached').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** Admins who asked for a circle's weekly digest. */
export const automationDigestSubscribers = pgTable(
  'automation_digest_subscribers',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId] })],
);

/** One row per digest sent (claimed before sending): an admin gets each week's digest at most once. */
export const automationDigestSends = pgTable(
  'automation_digest_sends',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    periodEnd: ms('period_end').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.circleId, t.memberId, t.periodEnd] })],
);
