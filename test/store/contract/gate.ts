import { describe, expect, it } from 'vitest';
import type { Answer, Decision, NewQuestion, QuestionSnapshot } from '../../../src/core/gate/repo.js';
import type { AuditEntry } from '../../../src/core/repos.js';
import { aCircle, aMember, aReport, at, SNOWFLAKE, type StoreContext } from './fixtures.js';

const choice = (prompt: string): NewQuestion => ({
  kind: 'choice',
  prompt,
  options: ['yes', 'no'],
  correct: [0],
});
const QUESTIONS: QuestionSnapshot[] = [
  choice('Read the rules?'),
  { kind: 'text', prompt: 'Why join?', options: [], correct: [] },
];
const right: Answer = { question: 0, text: 'yes', choice: 0, correct: true };
const essay: Answer = { question: 1, text: 'I love books', choice: null, correct: null };

/** Entry questions, applications and vouches. */
export function describeGateContract(ctx: StoreContext): void {
  async function anApplicant(circleId?: number, createdAt = at(0)) {
    const circle = circleId ?? (await aCircle(ctx.store)).id;
    const ann = await aMember(ctx.store, '7', 'ann');
    const app = await ctx.store.gate.createApplication({
      circleId: circle,
      memberId: ann.id,
      questions: QUESTIONS,
      createdAt,
      deadline: new Date(createdAt.getTime() + 10 * 60_000),
    });
    return { circleId: circle, ann, app };
  }

  const verdict = (state: Decision['state'], minutes: number, decidedBy: number | null = null): Decision => ({
    state,
    reason: { key: `gate.reason.${state}`, params: { score: 512 } },
    credit: null,
    decidedBy,
    at: at(minutes),
  });
  const auditOf = (circleId: number, targetId: number, action: string, minutes: number): AuditEntry => ({
    circleId,
    actorId: null,
    action,
    targetId,
    detail: { why: action },
    at: at(minutes),
  });

  describe('entry questions', () => {
    it('an owner adds questions up to the maximum, numbered from 1 in order', async () => {
      const circle = await aCircle(ctx.store);
      const q1 = await ctx.store.gate.addQuestion(circle.id, choice('one'), 2);
      const q2 = await ctx.store.gate.addQuestion(
        circle.id,
        { kind: 'text', prompt: 'two', options: [], correct: [] },
        2,
      );
      expect(q1).toMatchObject({
        circleId: circle.id,
        position: 1,
        kind: 'choice',
        prompt: 'one',
        options: ['yes', 'no'],
        correct: [0],
      });
      expect(q2).toMatchObject({ position: 2, kind: 'text', prompt: 'two' });
      expect(await ctx.store.gate.addQuestion(circle.id, choice('three'), 2)).toBeNull();
      expect(await ctx.store.gate.questions(circle.id)).toEqual([q1, q2]);
    });

    it('removing a question closes the gap; removing one that is not there says so', async () => {
      const circle = await aCircle(ctx.store);
      for (const prompt of ['a', 'b', 'c']) await ctx.store.gate.addQuestion(circle.id, choice(prompt), 5);
      expect(await ctx.store.gate.removeQuestion(circle.id, 2)).toBe(true);
      expect(await ctx.store.gate.removeQuestion(circle.id, 3)).toBe(false);
      const left = await ctx.store.gate.questions(circle.id);
      expect(left.map((q) => [q.position, q.prompt])).toEqual([
        [1, 'a'],
        [2, 'c'],
      ]);
      expect((await ctx.store.gate.addQuestion(circle.id, choice('d'), 5))?.position).toBe(3);
    });

    it('each circle has its own questions', async () => {
      const books = await aCircle(ctx.store, '-1');
      const chess = await aCircle(ctx.store, '-2');
      await ctx.store.gate.addQuestion(books.id, choice('books?'), 1);
      expect((await ctx.store.gate.addQuestion(chess.id, choice('chess?'), 1))?.position).toBe(1);
      expect(await ctx.store.gate.removeQuestion(chess.id, 1)).toBe(true);
      expect((await ctx.store.gate.questions(books.id)).map((q) => q.prompt)).toEqual(['books?']);
    });
  });

  describe('applications', () => {
    it('an application starts asking, with the questions as they were when it started', async () => {
      const { circleId, ann, app } = await anApplicant();
      expect(app).toMatchObject({
        circleId,
        memberId: ann.id,
        state: 'asking',
        questions: QUESTIONS,
        answers: [],
        credit: null,
        reason: null,
        decidedBy: null,
        reviewMessage: null,
        createdAt: at(0),
        deadline: at(10),
        decidedAt: null,
      });
      expect(await ctx.store.gate.application(app.id)).toEqual(app);
      expect(await ctx.store.gate.openApplication(circleId, ann.id)).toEqual(app);
      expect(await ctx.store.gate.askingApplicationOf(ann.id)).toEqual(app);
      expect(await ctx.store.gate.application(app.id + 1000)).toBeNull();
    });

    it('a double-pressed answer is recorded once', async () => {
      const { app } = await anApplicant();
      expect((await ctx.store.gate.addAnswer(app.id, 0, right))?.answers).toEqual([right]);
      expect(await ctx.store.gate.addAnswer(app.id, 0, right)).toBeNull();
      expect((await ctx.store.gate.addAnswer(app.id, 1, essay))?.answers).toEqual([right, essay]);
      expect((await ctx.store.gate.application(app.id))?.answers).toEqual([right, essay]);
    });

    it('answers that arrive after the verdict are ignored', async () => {
      const { circleId, ann, app } = await anApplicant();
      await ctx.store.gate.decide(
        app.id,
        ['asking'],
        verdict('expired', 11),
        auditOf(circleId, ann.id, 'gate.expired', 11),
      );
      expect(await ctx.store.gate.addAnswer(app.id, 0, right)).toBeNull();
      expect(await ctx.store.gate.addAnswer(app.id + 1000, 0, right)).toBeNull();
    });

    it('a verdict moves the application and writes its audit row together', async () => {
      const { circleId, ann, app } = await anApplicant();
      const credit = { ...aReport(480, at(1)), expiresAt: at(61) };
      const decided = await ctx.store.gate.decide(
        app.id,
        ['asking', 'review'],
        { ...verdict('declined', 2), credit },
        auditOf(circleId, ann.id, 'gate.declined', 2),
      );
      expect(decided).toMatchObject({
        id: app.id,
        state: 'declined',
        reason: { key: 'gate.reason.declined', params: { score: 512 } },
        credit,
        decidedBy: null,
        decidedAt: at(2),
      });
      expect(decided?.credit?.fetchedAt).toBeInstanceOf(Date);
      expect(await ctx.store.gate.application(app.id)).toEqual(decided);
      expect(await ctx.store.gate.openApplication(circleId, ann.id)).toBeNull();
      expect(await ctx.store.gate.askingApplicationOf(ann.id)).toBeNull();
      expect(await ctx.store.audit.list(circleId, 10)).toMatchObject([
        { action: 'gate.declined', targetId: ann.id, detail: { why: 'gate.declined' }, at: at(2) },
      ]);
    });

    it('a verdict whose audit row cannot be written is not applied either', async () => {
      const { circleId, ann, app } = await anApplicant();
      const nobody = ann.id + 1000;
      await expect(
        ctx.store.gate.decide(
          app.id,
          ['asking'],
          verdict('approved', 2),
          auditOf(circleId, nobody, 'gate.approved', 2),
        ),
      ).rejects.toThrow();
      expect(await ctx.store.gate.application(app.id)).toEqual(app);
      expect(await ctx.store.audit.list(circleId, 10)).toEqual([]);
    });

    it('a second verdict on a decided application changes nothing and writes no audit row', async () => {
      const { circleId, ann, app } = await anApplicant();
      const first = await ctx.store.gate.decide(
        app.id,
        ['asking'],
        verdict('approved', 2),
        auditOf(circleId, ann.id, 'gate.approved', 2),
      );
      const late = await ctx.store.gate.decide(
        app.id,
        ['asking', 'review'],
        verdict('expired', 10),
        auditOf(circleId, ann.id, 'gate.expired', 10),
      );
      expect(late).toBeNull();
      expect(await ctx.store.gate.application(app.id)).toEqual(first);
      expect((await ctx.store.audit.list(circleId, 10)).map((e) => e.action)).toEqual(['gate.approved']);
    });

    it('an admin works the review queue oldest first, and the credit found earlier stays on the application', async () => {
      const circle = await aCircle(ctx.store);
      const admin = await aMember(ctx.store, '1', 'boss');
      const older = await anApplicant(circle.id, at(0));
      const bob = await ctx.store.members.upsert({ platform: 'telegram', id: '8' }, undefined, at(0));
      const newer = await ctx.store.gate.createApplication({
        circleId: circle.id,
        memberId: bob.id,
        questions: [],
        createdAt: at(5),
        deadline: at(15),
      });
      const credit = aReport(700, at(5));
      for (const app of [newer, older.app]) {
        await ctx.store.gate.decide(
          app.id,
          ['asking'],
          { ...verdict('review', 6), credit },
          auditOf(circle.id, app.memberId, 'gate.review', 6),
        );
      }
      expect((await ctx.store.gate.inReview(circle.id)).map((a) => a.id)).toEqual([older.app.id, newer.id]);
      expect(await ctx.store.gate.openApplication(circle.id, bob.id)).toMatchObject({
        id: newer.id,
        state: 'review',
      });

      const approved = await ctx.store.gate.decide(
        newer.id,
        ['review'],
        verdict('approved', 30, admin.id),
        auditOf(circle.id, bob.id, 'gate.approved', 30),
      );
      expect(approved).toMatchObject({ state: 'approved', decidedBy: admin.id, credit, decidedAt: at(30) });
      expect((await ctx.store.gate.inReview(circle.id)).map((a) => a.id)).toEqual([older.app.id]);
    });

    it('the cooldown sees the most recent closed application of that circle', async () => {
      const { circleId, ann, app } = await anApplicant();
      expect(await ctx.store.gate.lastClosedApplication(circleId, ann.id)).toBeNull();
      await ctx.store.gate.decide(
        app.id,
        ['asking'],
        verdict('declined', 5),
        auditOf(circleId, ann.id, 'gate.declined', 5),
      );
      const retry = await ctx.store.gate.createApplication({
        circleId,
        memberId: ann.id,
        questions: [],
        createdAt: at(100),
        deadline: at(110),
      });
      expect((await ctx.store.gate.lastClosedApplication(circleId, ann.id))?.id).toBe(app.id);
      await ctx.store.gate.decide(
        retry.id,
        ['asking'],
        verdict('expired', 111),
        auditOf(circleId, ann.id, 'gate.expired', 111),
      );
      expect((await ctx.store.gate.lastClosedApplication(circleId, ann.id))?.id).toBe(retry.id);
      const elsewhere = await aCircle(ctx.store, '-2');
      expect(await ctx.store.gate.lastClosedApplication(elsewhere.id, ann.id)).toBeNull();
    });

    it('private answers go to the most recent asking application, whichever circle it is for', async () => {
      const { ann } = await anApplicant(undefined, at(0));
      const chess = await aCircle(ctx.store, '-2');
      const latest = await ctx.store.gate.createApplication({
        circleId: chess.id,
        memberId: ann.id,
        questions: QUESTIONS,
        createdAt: at(3),
        deadline: at(13),
      });
      expect((await ctx.store.gate.askingApplicationOf(ann.id))?.id).toBe(latest.id);
    });

    it('the review message is remembered, platform ids intact', async () => {
      const { app } = await anApplicant();
      await ctx.store.gate.setReviewMessage(
        app.id,
        { platform: 'discord', id: SNOWFLAKE },
        '9876543210987654321098',
      );
      expect((await ctx.store.gate.application(app.id))?.reviewMessage).toEqual({
        chat: { platform: 'discord', id: SNOWFLAKE },
        messageId: '9876543210987654321098',
      });
    });
  });

  describe('vouches', () => {
    it('a member vouches once per applicant per circle', async () => {
      const { circleId, ann } = await anApplicant();
      const bob = await aMember(ctx.store, '8', 'bob');
      const cid = await aMember(ctx.store, '9', 'cid');
      expect(
        await ctx.store.gate.addVouch({ circleId, applicantId: ann.id, voucherId: bob.id, at: at(1) }),
      ).toBe(true);
      expect(
        await ctx.store.gate.addVouch({ circleId, applicantId: ann.id, voucherId: bob.id, at: at(2) }),
      ).toBe(false);
      expect(
        await ctx.store.gate.addVouch({ circleId, applicantId: ann.id, voucherId: cid.id, at: at(3) }),
      ).toBe(true);
      expect(await ctx.store.gate.vouchesFor(circleId, ann.id)).toEqual([
        { circleId, applicantId: ann.id, voucherId: bob.id, at: at(1) },
        { circleId, applicantId: ann.id, voucherId: cid.id, at: at(3) },
      ]);
      const elsewhere = await aCircle(ctx.store, '-2');
      expect(await ctx.store.gate.vouchesFor(elsewhere.id, ann.id)).toEqual([]);
    });
  });
}
