import { and, asc, count, desc, eq, gt, inArray, max, notInArray, sql } from 'drizzle-orm';
import {
  type Application,
  type EntryQuestion,
  type GateRepo,
  OPEN_STATES,
  type Vouch,
} from '../../core/gate/repo.js';
import { decodeCredit, encodeCredit } from '../sqlite/codec.js';
import { auditValues } from './audit.js';
import { type Conn, changed, lock, type Pg } from './db.js';
import { applications, auditLog, entryQuestions, vouches } from './schema.js';

type AppRow = typeof applications.$inferSelect;

export function toQuestion(row: typeof entryQuestions.$inferSelect): EntryQuestion {
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

async function appById(db: Conn, id: number): Promise<AppRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.id, id)).limit(1);
  return row;
}

/** The newest application of `where`, by `order` then id. */
async function newest(db: Conn, where: ReturnType<typeof and>, by: 'created' | 'decided') {
  const [row] = await db
    .select()
    .from(applications)
    .where(where)
    .orderBy(
      by === 'created' ? desc(applications.createdAt) : sql`${applications.decidedAt} desc nulls last`,
      desc(applications.id),
    )
    .limit(1);
  return row ? toApplication(row) : null;
}

/**
 * The gate's state in PostgreSQL. `addQuestion` and `removeQuestion` each run in one transaction that locks
 * the circle's questions; `addAnswer` and `decide` check the application's state in the update itself,
 * which locks the row and sees the last committed version. So no read-then-write interleaves with another
 * writer, in this process or another.
 */
export function pgGate(pg: Pg): GateRepo {
  return {
    async questions(circleId) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(entryQuestions)
          .where(eq(entryQuestions.circleId, circleId))
          .orderBy(asc(entryQuestions.position)),
      );
      return rows.map(toQuestion);
    },

    async addQuestion(circleId, question, limit) {
      return pg.atomic(async (tx) => {
        await lock(tx, `questions:${circleId}`);
        const [stats] = await tx
          .select({ n: count(), last: max(entryQuestions.position) })
          .from(entryQuestions)
          .where(eq(entryQuestions.circleId, circleId));
        if ((stats?.n ?? 0) >= limit) return null;
        const [row] = await tx
          .insert(entryQuestions)
          .values({
            circleId,
            position: (stats?.last ?? 0) + 1,
            kind: question.kind,
            prompt: question.prompt,
            options: [...question.options],
            correct: [...question.correct],
          })
          .returning();
        return toQuestion(row!);
      });
    },

    async removeQuestion(circleId, position) {
      return pg.atomic(async (tx) => {
        await lock(tx, `questions:${circleId}`);
        const inCircle = eq(entryQuestions.circleId, circleId);
        const removed = await tx
          .delete(entryQuestions)
          .where(and(inCircle, eq(entryQuestions.position, position)));
        if (changed(removed) === 0) return false;
        await tx
          .update(entryQuestions)
          .set({ position: sql`${entryQuestions.position} - 1` })
          .where(and(inCircle, gt(entryQuestions.position, position)));
        return true;
      });
    },

    async createApplication(app) {
      const [row] = await pg.write((db) =>
        db
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
          .returning(),
      );
      return toApplication(row!);
    },

    async application(id) {
      const row = await pg.run((db) => appById(db, id));
      return row ? toApplication(row) : null;
    },

    async openApplication(circleId, memberId) {
      return pg.run((db) =>
        newest(
          db,
          and(
            eq(applications.circleId, circleId),
            eq(applications.memberId, memberId),
            inArray(applications.state, [...OPEN_STATES]),
          ),
          'created',
        ),
      );
    },

    async askingApplicationOf(memberId) {
      return pg.run((db) =>
        newest(db, and(eq(applications.memberId, memberId), eq(applications.state, 'asking')), 'created'),
      );
    },

    async lastClosedApplication(circleId, memberId) {
      // SQLite sorts NULL first in ascending order, so last in this descending one: the same here.
      return pg.run((db) =>
        newest(
          db,
          and(
            eq(applications.circleId, circleId),
            eq(applications.memberId, memberId),
            notInArray(applications.state, [...OPEN_STATES]),
          ),
          'decided',
        ),
      );
    },

    async inReview(circleId) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(applications)
          .where(and(eq(applications.circleId, circleId), eq(applications.state, 'review')))
          .orderBy(asc(applications.createdAt), asc(applications.id)),
      );
      return rows.map(toApplication);
    },

    async addAnswer(id, expectedCount, answer) {
      // One statement: the update locks the row and checks its conditions on the row as last committed
      // (a writer it waited for is seen), which a locked read and then an update did in two round trips.
      const [updated] = await pg.write((db) =>
        db
          .update(applications)
          .set({ answers: sql`${applications.answers} || ${JSON.stringify([answer])}::jsonb` })
          .where(
            and(
              eq(applications.id, id),
              eq(applications.state, 'asking'),
              sql`jsonb_array_length(${applications.answers}) = ${expectedCount}`,
            ),
          )
          .returning(),
      );
      return updated ? toApplication(updated) : null;
    },

    async decide(id, from, decision, audit) {
      return pg.atomic(async (tx) => {
        // The state check is the update's own (see `addAnswer`): no locked read first.
        const [updated] = await tx
          .update(applications)
          .set({
            state: decision.state,
            reason: decision.reason,
            // A decision without a report keeps the one an earlier step stored.
            credit: decision.credit ? encodeCredit(decision.credit) : sql`${applications.credit}`,
            decidedBy: decision.decidedBy,
            decidedAt: decision.at,
          })
          .where(and(eq(applications.id, id), inArray(applications.state, [...from])))
          .returning();
        if (!updated) return null;
        await tx.insert(auditLog).values(auditValues(audit));
        return toApplication(updated);
      });
    },

    async setReviewMessage(id, chat, messageId) {
      await pg.write((db) =>
        db
          .update(applications)
          .set({ reviewChatPlatform: chat.platform, reviewChatId: chat.id, reviewMessageId: messageId })
          .where(eq(applications.id, id)),
      );
    },

    async addVouch(vouch) {
      const result = await pg.write((db) => db.insert(vouches).values(vouch).onConflictDoNothing());
      return changed(result) > 0;
    },

    async vouchesFor(circleId, applicantId) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(vouches)
          .where(and(eq(vouches.circleId, circleId), eq(vouches.applicantId, applicantId)))
          .orderBy(asc(vouches.at), asc(vouches.voucherId)),
      );
      return rows.map(toVouch);
    },
  };
}
