import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Only `import type` from the core here: drizzle-kit loads this file on its own, outside the app.
import type {
  Answer,
  ApplicationState,
  QuestionKind,
  QuestionSnapshot,
  Reason,
} from '../../core/gate/repo.js';
import type { Platform } from '../../core/refs.js';
import { ms } from './columns.js';
import { circles, members } from './core.js';
import type { StoredCreditReport } from './credit.js';

/** The gate: entry questions, applications (one screening each) and vouches. */

export const entryQuestions = sqliteTable(
  'entry_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    /** 1-based and gap-free per circle (not UNIQUE: closing a gap shifts rows one by one). */
    position: integer('position').notNull(),
    kind: text('kind').$type<QuestionKind>().notNull(),
    prompt: text('prompt').notNull(),
    options: text('options', { mode: 'json' }).$type<string[]>().notNull(),
    correct: text('correct', { mode: 'json' }).$type<number[]>().notNull(),
  },
  (t) => [index('entry_questions_circle_position_idx').on(t.circleId, t.position)],
);

export const applications = sqliteTable(
  'applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    state: text('state').$type<ApplicationState>().notNull(),
    questions: text('questions', { mode: 'json' }).$type<QuestionSnapshot[]>().notNull(),
    answers: text('answers', { mode: 'json' }).$type<Answer[]>().notNull(),
    credit: text('credit', { mode: 'json' }).$type<StoredCreditReport>(),
    reason: text('reason', { mode: 'json' }).$type<Reason>(),
    decidedBy: integer('decided_by').references(() => members.id),
    reviewChatPlatform: text('review_chat_platform').$type<Platform>(),
    reviewChatId: text('review_chat_id'),
    reviewMessageId: text('review_message_id'),
    createdAt: ms('created_at').notNull(),
    deadline: ms('deadline').notNull(),
    decidedAt: ms('decided_at'),
  },
  (t) => [
    index('applications_circle_member_state_idx').on(t.circleId, t.memberId, t.state),
    index('applications_member_state_idx').on(t.memberId, t.state),
  ],
);

export const vouches = sqliteTable(
  'vouches',
  {
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id),
    applicantId: integer('applicant_id')
      .notNull()
      .references(() => members.id),
    voucherId: integer('voucher_id')
      .notNull()
      .references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.applicantId, t.voucherId] }),
    index('vouches_applicant_idx').on(t.applicantId),
    index('vouches_voucher_idx').on(t.voucherId),
  ],
);
