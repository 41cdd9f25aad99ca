import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

// Only `import type` from the core here: drizzle-kit loads this file on its own, outside the app.
import type {
  Answer,
  ApplicationState,
  QuestionKind,
  QuestionSnapshot,
  Reason,
} from '../../../core/gate/repo.js';
import type { Platform } from '../../../core/refs.js';
import type { StoredCreditReport } from '../../schema/credit.js';
import { bigId, ms, ref } from './columns.js';
import { circles, members } from './core.js';

/** The gate: entry questions, applications (one screening each) and vouches. */

export const entryQuestions = pgTable(
  'entry_questions',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    /** 1-based and gap-free per circle (not UNIQUE: closing a gap shifts rows one by one). */
    position: integer('position').notNull(),
    kind: text('kind').$type<QuestionKind>().notNull(),
    prompt: text('prompt').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    correct: jsonb('correct').$type<number[]>().notNull(),
  },
  (t) => [index('entry_questions_circle_position_idx').on(t.circleId, t.position)],
);

export const applications = pgTable(
  'applications',
  {
    id: bigId(),
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id),
    state: text('state').$type<ApplicationState>().notNull(),
    questions: jsonb('questions').$type<QuestionSnapshot[]>().notNull(),
    answers: jsonb('answers').$type<Answer[]>().notNull(),
    credit: jsonb('credit').$type<StoredCreditReport>(),
    reason: jsonb('reason').$type<Reason>(),
    decidedBy: ref('decided_by').references(() => members.id),
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

export const vouches = pgTable(
  'vouches',
  {
    circleId: ref('circle_id')
      .notNull()
      .references(() => circles.id),
    applicantId: ref('applicant_id')
      .notNull()
      .references(() => members.id),
    voucherId: ref('voucher_id')
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
