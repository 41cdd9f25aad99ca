import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

// Only `import type` from the core here: drizzle-kit loads this file on its own, outside the app.
import type { Platform } from '../../../core/refs.js';
import type { MembershipStatus } from '../../../core/repos.js';
import { JOB_STATUSES } from '../../schema/core.js';
import { bigId, ms, ref } from './columns.js';

/**
 * The tables every capability leans on: circles, members and their memberships, the audit log, the
 * platform updates already processed and the job queue.
 */

export const circles = pgTable(
  'circles',
  {
    id: bigId(),
    platform: text('platform').$type<Platform>().notNull(),
    chatId: text('chat_id').notNull(),
    title: text('title'),
    lang: text('lang').notNull().default('en'),
    /** Parsed through `circleSettingsSchema` on every read. */
    settings: jsonb('settings').$type<unknown>().notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('circles_platform_chat_uq').on(t.platform, t.chatId)],
);

export const members = pgTable(
  'members',
  {
    id: bigId(),
    platform: text('platform').$type<Platform>().notNull(),
    userId: text('user_id').notNull(),
    username: text('username'),
    /** `username` lower-cased in JS (the same folding as the SQLite store), for handle look-ups. */
    usernameLc: text('username_lc'),
    displayName: text('display_name'),
    firstSeenAt: ms('first_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('members_platform_user_uq').on(t.platform, t.userId),
    index('members_platform_username_lc_idx').on(t.platform, t.usernameLc),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status').$type<MembershipStatus>().notNull(),
    since: ms('since').notNull(),
    joinedAt: ms('joined_at'),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.memberId] }),
    index('memberships_circle_status_idx').on(t.circleId, t.status),
    index('memberships_member_idx').on(t.memberId),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigId(),
    circleId: ref('circle_id').references(() => circles.id),
    actorId: ref('actor_id').references(() => members.id),
    action: text('action').notNull(),
    targetId: ref('target_id').references(() => members.id),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: ms('at').notNull(),
  },
  (t) => [
    index('audit_log_circle_at_idx').on(t.circleId, t.at),
    index('audit_log_target_action_idx').on(t.targetId, t.action),
  ],
);

export const processedUpdates = pgTable(
  'processed_updates',
  {
    platform: text('platform').$type<Platform>().notNull(),
    updateId: text('update_id').notNull(),
    processedAt: ms('processed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.updateId] }),
    index('processed_updates_at_idx').on(t.processedAt),
  ],
);

export const jobs = pgTable(
  'jobs',
  {
    id: bigId(),
    kind: text('kind').notNull(),
    key: text('key').unique('jobs_key_uq'),
    payload: jsonb('payload').$type<unknown>(),
    runAt: ms('run_at').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: ms('lease_until'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    finishedAt: ms('finished_at'),
  },
  (t) => [index('jobs_status_run_at_idx').on(t.status, t.runAt)],
);
