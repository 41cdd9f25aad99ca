import { and, asc, count, desc, eq, gt, inArray, max, notInArray, sql } from 'drizzle-orm';
import {
  type Application,
  type EntryQuestion,
  type GateRepo,
  OPEN_STATES,
  type Vouch,
} from '../../core/gate/repo.js';
import { applications, auditLog, entryQuestions, vouches } from '../schema.js';
import { auditValues } from './audit.js';
import { type Conn, type Db, decodeCredit, encodeCredit } from './codec.js';

type AppRow = typeof applications.$inferSelect;

function toQuestion(row: typeof entryQuestions.$inferSelect): EntryQuestion {
  return {
    id: row.id,
    circleId: row.circleId,
    position: row.position,
    kind: row.kind,
    prompt: row.prompt,
    options: row.options,
    correct: row.correct,
  };
}

function toApplication(row: AppRow): Application {
  const { reviewChatPlatform: platform, reviewChatId: chatId, reviewMessageId: messageId } = row;
  return {
    id: row.id,
    circleId: row.circleId,
    memberId: row.memberId,
    state: row.state,
    questions: row.questions,
    answers: row.answers,
    credit: row.credit ? decodeCredit(row.credit) : null,
    reason: row.reason,
    decidedBy: row.decidedBy,
    reviewMessage: platform && chatId && messageId ? { chat: { platform, id: chatId }, messageId } : null,
    createdAt: row.createdAt,
    deadline: row.deadline,
    decidedAt: row.decidedAt,
  };
}

function toVouch(row: typeof vouches.$inferSelect): Vouch {
  return { circleId: row.circleId, applicantId: row.applicantId, voucherId: row.voucherId, at: row.at };
}

/**
 * The gate's state in SQLite. `addQuestion`, `removeQuestion`, `addAnswer` and `decide` each run in one
 * IMMEDIATE transaction, so their read-then-write cannot interleave with another writer.
 */
export function sqliteGate(db: Db): GateRepo {
  const appById = (id: number, on: Conn = db) =>
    on.select().from(applications).where(eq(applications.id, id)).get();

  return {
    async questions(circleId) {
      return db
        .select()
        .from(entryQuestions)
        .where(eq(entryQuestions.circleId, circleId))
        .orderBy(asc(entryQuestions.position))
        .all()
        .map(toQuestion);
    },

    async addQuestion(circleId, question, limit) {
      return db.transaction(
        (tx) => {
          const [stats] = tx
            .select({ n: count(), last: max(entryQuestions.position) })
            .from(entryQuestions)
            .where(eq(entryQuestions.circleId, circleId))
            .all();
          if ((stats?.n ?? 0) >= limit) return null;
          const row = tx
            .insert(entryQuestions)
            .values({
              circleId,
              position: (stats?.last ?? 0) + 1,
              kind: question.kind,
              prompt: question.prompt,
              options: [...question.options],
              correct: [...question.correct],
            })
            .returning()
            .get();
          return toQuestion(row);
        },
        { behavior: 'immediate' },
      );
    },

    async removeQuestion(circleId, position) {
      return db.transaction(
        (tx) => {
          const inCircle = eq(entryQuestions.circleId, circleId);
          const { changes } = tx
            .delete(entryQuestions)
            .where(and(inCircle, eq(entryQuestions.position, position)))
            .run();
          if (changes === 0) return false;
          tx.update(entryQuestions)
            .set({ position: sql`${entryQuestions.position} - 1` })
            .where(and(inCircle, gt(entryQuestions.position, position)))
            .run();
          return true;
        },
        { behavior: 'immediate' },
      );
    },

    async createApplication(app) {
      const row = db
        .insert(applications)
        .values({
          circleId: app.circleId,
          memberId: app.memberId,
          state: 'asking',
          questions: [...app.questions],
          answers: [],
          createdAt: app.createdAt,
          deadline: app.deadline,
        })
        .returning()
        .get();
      return toApplication(row);
    },

    async application(id) {
      const row = appById(id);
      return row ? toApplication(row) : null;
    },

    async openApplication(circleId, memberId) {
      const row = db
        .select()
        .from(applications)
        .where(
          and(
            eq(applications.circleId, circleId),
            eq(applications.memberId, memberId),
            inArray(applications.state, [...OPEN_STATES]),
          ),
        )
        .orderBy(desc(applications.createdAt), desc(applications.id))
        .get();
      return row ? toApplication(row) : null;
    },

    async askingApplicationOf(memberId) {
      const row = db
        .select()
        .from(applications)
        .where(and(eq(applications.memberId, memberId), eq(applications.state, 'asking')))
        .orderBy(desc(applications.createdAt), desc(applications.id))
        .get();
      return row ? toApplication(row) : null;
    },

    async lastClosedApplication(circleId, memberId) {
      const row = db
        .select()
        .from(applications)
        .where(
          and(
            eq(applications.circleId, circleId),
            eq(applications.memberId, memberId),
            notInArray(applications.state, [...OPEN_STATES]),
          ),
        )
        .orderBy(desc(applications.decidedAt), desc(applications.id))
        .get();
      return row ? toApplication(row) : null;
    },

    async inReview(circleId) {
      return db
        .select()
        .from(applications)
        .where(and(eq(applications.circleId, circleId), eq(applications.state, 'review')))
        .orderBy(asc(applications.createdAt), asc(applications.id))
        .all()
        .map(toApplication);
    },

    async addAnswer(id, expectedCount, answer) {
      return db.transaction(
        (tx) => {
          const row = appById(id, tx);
          if (row?.state !== 'asking' || row.answers.length !== expectedCount) return null;
          const updated = tx
            .update(applications)
            .set({ answers: [...row.answers, answer] })
            .where(eq(applications.id, id))
            .returning()
            .get();
          return toApplication(updated!);
        },
        { behavior: 'immediate' },
      );
    },

    async decide(id, from, decision, audit) {
      return db.transaction(
        (tx) => {
          const row = appById(id, tx);
          if (!row || !from.includes(row.state)) return null;
          const updated = tx
            .update(applications)
            .set({
              state: decision.state,
              reason: decision.reason,
              // A decision without a report keeps the one an earlier step stored.
              credit: decision.credit ? encodeCredit(decision.credit) : row.credit,
              decidedBy: decision.decidedBy,
              decidedAt: decision.at,
            })
            .where(eq(applications.id, id))
            .returning()
            .get();
          tx.insert(auditLog).values(auditValues(audit)).run();
          return toApplication(updated!);
        },
        { behavior: 'immediate' },
      );
    },

    async setReviewMessage(id, chat, messageId) {
      db.update(applications)
        .set({ reviewChatPlatform: chat.platform, reviewChatId: chat.id, reviewMessageId: messageId })
        .where(eq(applications.id, id))
        .run();
    },

    async addVouch(vouch) {
      const { changes } = db.insert(vouches).values(vouch).onConflictDoNothing().run();
      return changes > 0;
    },

    async vouchesFor(circleId, applicantId) {
      return db
        .select()
        .from(vouches)
        .where(and(eq(vouches.circleId, circleId), eq(vouches.applicantId, applicantId)))
        .orderBy(asc(vouches.at), asc(vouches.voucherId))
        .all()
        .map(toVouch);
    },
  };
}
