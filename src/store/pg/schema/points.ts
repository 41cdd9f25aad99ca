import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

// Only `import type` from the core here: drizzle-kit loads this file on its own, outside the app.
import type { LedgerKind } from '../../../core/points/repo.js';
import { big, bigId, ms, ref } from './columns.js';
import { circles, members } from './core.js';

/** Points: the ledger of every movement, each member's standing, and check-in codes with their redemptions. */

/** Every movement of points; for each member of a circle, the sum of `points` equals the standing's total. */
export const pointLedger = pgTable(
  'point_ledger',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').$type<LedgerKind>().notNull(),
    /** What really moved: a take larger than the total is stored capped. */
    points: big('points').notNull(),
    sourceKey: text('source_key').unique('point_ledger_source_key_uq'),
    actorId: ref('actor_id').references(() => members.id),
    note: text('note'),
    at: ms('at').notNull(),
  },
  (t) => [
    index('point_ledger_circle_at_idx').on(t.circleId, t.at),
    index('point_ledger_circle_member_idx').on(t.circleId, t.memberId),
  ],
);

/** One row per member who ever earned in a circle: the running total, its level and the rules' memory. */
export const pointStandings = pgTable(
  'point_standings',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    points: big('points').notNull().default(0),
    level: integer('level').notNull().default(0),
    lastActiveAt: ms('last_active_at'),
    /** A `MemberActivityState`, read back through `readActivityState`. */
    state: jsonb('state').$type<unknown>().notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.memberId] }),
    index('point_standings_circle_points_idx').on(t.circleId, t.points),
    index('point_standings_circle_active_idx').on(t.circleId, t.lastActiveAt),
    index('point_standings_member_idx').on(t.memberId),
  ],
);

export const checkinCodes = pgTable(
  'checkin_codes',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    points: big('points').notNull(),
    expiresAt: ms('expires_at'),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    createdBy: ref('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('checkin_codes_circle_code_uq').on(t.circleId, t.code)],
);

export const checkinRedemptions = pgTable(
  'checkin_redemptions',
  {
    codeId: ref('code_id')
      .notNull()
      .references(() => checkinCodes.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.codeId, t.memberId] })],
);
