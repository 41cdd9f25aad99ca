import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Only `import type` from the core here: drizzle-kit loads this file on its own, outside the app.
import type { LedgerKind } from '../../core/points/repo.js';
import { ms } from './columns.js';
import { circles, members } from './core.js';

/** Points: the ledger of every movement, each member's standing, and check-in codes with their redemptions. */

/**
 * Every movement of points, the truth the standings are kept in step with: for each member of a circle,
 * the sum of `points` equals the standing's total. `source_key` makes an event count once, globally.
 */
export const pointLedger = sqliteTable(
  'point_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').$type<LedgerKind>().notNull(),
    /** What really moved: a take larger than the total is stored capped. */
    points: integer('points').notNull(),
    sourceKey: text('source_key').unique('point_ledger_source_key_uq'),
    actorId: integer('actor_id').references(() => members.id),
    note: text('note'),
    at: ms('at').notNull(),
  },
  (t) => [
    index('point_ledger_circle_at_idx').on(t.circleId, t.at),
    index('point_ledger_circle_member_idx').on(t.circleId, t.memberId),
  ],
);

/** One row per member who ever earned in a circle: the running total, its level and the rules' memory. */
export const pointStandings = sqliteTable(
  'point_standings',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    points: integer('points').notNull().default(0),
    level: integer('level').notNull().default(0),
    lastActiveAt: ms('last_active_at'),
    /** A `MemberActivityState`, read back through `readActivityState`. */
    state: text('state', { mode: 'json' }).$type<unknown>().notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.memberId] }),
    index('point_standings_circle_points_idx').on(t.circleId, t.points),
    index('point_standings_circle_active_idx').on(t.circleId, t.lastActiveAt),
    // Community credit reads a member's best level across circles; member_id is never updated, so this
    // index costs nothing on the hot path.
    index('point_standings_member_idx').on(t.memberId),
  ],
);

export const checkinCodes = sqliteTable(
  'checkin_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    points: integer('points').notNull(),
    expiresAt: ms('expires_at'),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    createdBy: integer('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('checkin_codes_circle_code_uq').on(t.circleId, t.code)],
);

export const checkinRedemptions = sqliteTable(
  'checkin_redemptions',
  {
    codeId: integer('code_id')
      .notNull()
      .references(() => checkinCodes.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.codeId, t.memberId] })],
);
