import { and, asc, count, desc, eq, gt, inArray, max, notInArray, sql } from 'drizzle-orm';
import {
  type Application,
  type ApplicationState,
  type EntryQuestion,
  type GateRepo,
  OPEN_STATES,
  type Vouch,
} from '../../core/gate/repo.js';
import { decodeCredit, encodeCredit } from '../sqlite/codec.js';
import { auditValues } from './audit.js';
import { type Conn, changed, lock, type Pg, prepared } from './db.js';
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

const byId = (db: Conn) =>
  prepared(db, 'gate_application_by_id', (d) =>
    d
      .select()
      .from(applications)
      .where(eq(applications.id, sql.placeholder('id')))
      .limit(1)
      .prepare('gate_application_by_id'),
  );

async function appById(db: Conn, id: number): Promise<AppRow | undefined> {
  const [row] = await byId(db).execute({ id });
  return row;
}

const newestCreated = [desc(applications.createdAt), desc(applications.id)] as const;
// SQLite sorts NULL first in ascending order, so last in this descending one: the same here.
const newestDecided = [sql`${applications.decidedAt} desc nulls last`, desc(applications.id)] as const;

/** The newest application of a member in a circle whose state is open (or, `open` false, is not). */
const newestIn = (db: Conn, open: boolean) => {
  const name = open ? 'gate_open_application' : 'gate_last_closed_application';
  return prepared(db, name, (d) =>
    d
      .select()
      .from(applications)
      .where(
        and(
          eq(applications.circleId, sql.placeholder('circleId')),
          eq(applications.memberId, sql.placeholder('memberId')),
          open
            ? inArray(applications.state, [...OPEN_STATES])
            : notInArray(applications.state, [...OPEN_STATES]),
        ),
      )
      .orderBy(...(open ? newestCreated : newestDecided))
      .limit(1)
      .prepare(name),
  );
};

const newestAsking = (db: Conn) =>
  prepared(db, 'gate_asking_application', (d) =>
    d
      .select()
      .from(applications)
      .where(and(eq(applications.memberId, sql.placeholder('memberId')), eq(applications.state, 'asking')))
      .orderBy(...newestCreated)
      .limit(1)
      .prepare('gate_asking_application'),
  );

const circleQuestions = (db: Conn) =>
  prepared(db, 'gate_questions', (d) =>
    d
      .select()
      .from(entryQuestions)
      .where(eq(entryQuestions.circleId, sql.placeholder('circleId')))
      .orderBy(asc(entryQuestions.position))
      .prepare('gate_questions'),
  );

const insertApplication = (db: Conn) =>
  prepared(db, 'gate_application_insert', (d) =>
    d
      .insert(applications)
      .values({
        circleId: sql.placeholder('circleId'),
        memberId: sql.placeholder('memberId'),
        state: 'asking',
        questions: sql.placeholder('questions'),
        answers: [],
        createdAt: sql.placeholder('createdAt'),
        deadline: sql.placeholder('deadline'),
      })
      .returning()
      .prepare('gate_application_insert'),
  );

const appendAnswer = (db: Conn) =>
  prepared(db, 'gate_answer_append', (d) =>
    d
      .update(applications)
      // A bare placeholder (no column encoder): the caller sends the JSON text.
      .set({ answers: sql`${applications.answers} || ${sql.placeholder('answers')}::jsonb` })
      .where(
        and(
          eq(applications.id, sql.placeholder('id')),
          eq(applications.state, 'asking'),
          sql`jsonb_array_length(${applications.answers}) = ${sql.placeholder('count')}`,
        ),
      )
      .returning()
      .prepare('gate_answer_append'),
  );

/**
 * The decision's update, one query per set of states it may leave (the call sites pass a few fixed ones)
 * and per whether it stores a credit report: one without keeps the one an earlier step stored.
 */
const decideFrom = (db: Conn, from: readonly ApplicationState[], withCredit: boolean) => {
  const name = `gate_decide:${from.join(',')}:${withCredit ? 'credit' : 'kept'}`;
  return prepared(db, name, (d) =>
    d
      .update(applications)
      // Bare placeholders (an update's set takes no others): the caller sends JSON texts for the jsonb.
      .set({
        state: sql`${sql.placeholder('state')}`,
        reason: sql`${sql.placeholder('reason')}::jsonb`,
        credit: withCredit ? sql`${sql.placeholder('credit')}::jsonb` : sql`${applications.credit}`,
        decidedBy: sql`${sql.placeholder('decidedBy')}::bigint`,
        decidedAt: sql`${sql.placeholder('decidedAt')}::timestamptz`,
      })
      .where(and(eq(applications.id, sql.placeholder('id')), inArray(applications.state, [...from])))
      .returning()
      .prepare(name),
  );
};

/** `decide`'s audit row; bare placeholders with casts, as its nullable columns take null (no encoder). */
const insertAudit = (db: Conn) =>
  prepared(db, 'gate_audit_insert', (d) =>
    d
      .insert(auditLog)
      .values({
        circleId: sql`${sql.placeholder('circleId')}::bigint`,
        actorId: sql`${sql.placeholder('actorId')}::bigint`,
        action: sql.placeholder('action'),
        targetId: sql`${sql.placeholder('targetId')}::bigint`,
        detail: sql`${sql.placeholder('detail')}::jsonb`,
        at: sql.placeholder('at'),
      })
      .prepare('gate_audit_insert'),
  );

/**
 * The gate's state in PostgreSQL. `addQuestion` and `removeQuestion` each run in one transaction that locks
 * the circle's questions; `addAnswer` and `decide` check the application's state in the update itself,
 * which locks the row and sees the last committed version. So no read-then-write interleaves with another
 * writer, in this process or another.
 */
export function pgGate(pg: Pg): GateRepo {
  return {
    async questions(circleId) {
      const rows = await pg.run((db) => circleQuestions(db).execute({ circleId }));
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
        insertApplication(db).execute({
          circleId: app.circleId,
          memberId: app.memberId,
          questions: [...app.questions],
          createdAt: app.createdAt,
          deadline: app.deadline,
        }),
      );
      return toApplication(row!);
    },

    async application(id) {
      const row = await pg.run((db) => appById(db, id));
      return row ? toApplication(row) : null;
    },

    async openApplication(circleId, memberId) {
      const [row] = await pg.run((db) => newestIn(db, true).execute({ circleId, memberId }));
      return row ? toApplication(row) : null;
    },

    async askingApplicationOf(memberId) {
      const [row] = await pg.run((db) => newestAsking(db).execute({ memberId }));
      return row ? toApplication(row) : null;
    },

    async lastClosedApplication(circleId, memberId) {
      const [row] = await pg.run((db) => newestIn(db, false).execute({ circleId, memberId }));
      return row ? toApplication(row) : null;
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
        appendAnswer(db).execute({ answers: JSON.stringify([answer]), id, count: expectedCount }),
      );
      return updated ? toApplication(updated) : null;
    },

    async decide(id, from, decision, audit) {
      return pg.atomic(async (tx) => {
        // The state check is the update's own (see `addAnswer`): no locked read first.
        const [updated] = await decideFrom(tx, from, decision.credit !== null).execute({
          id,
          state: decision.state,
          reason: JSON.stringify(decision.reason),
          credit: decision.credit ? JSON.stringify(encodeCredit(decision.credit)) : null,
          decidedBy: decision.decidedBy,
          decidedAt: decision.at,
        });
        if (!updated) return null;
        const row = auditValues(audit);
        await insertAudit(tx).execute({
          ...row,
          detail: row.detail === null || row.detail === undefined ? null : JSON.stringify(row.detail),
        });
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
