import { describe, expect, it } from 'vitest';
import { setUpDashboard, textOf } from './harness.js';

/** A signed-in owner, with @erin's application waiting for review in Tea lovers (answers, credit, a vouch). */
async function withApplication() {
  const ctx = await setUpDashboard();
  const { store, tea, chess, clock } = ctx;
  const erin = await store.members.upsert(
    { platform: 'telegram', id: '21' },
    { username: 'erin' },
    clock.now(),
  );
  const vic = await store.members.upsert(
    { platform: 'telegram', id: '22' },
    { username: 'vic' },
    clock.now(),
  );
  const open = async (circleId: number) => {
    const application = await store.gate.createApplication({
      circleId,
      memberId: erin.id,
      questions: [
        { kind: 'choice', prompt: 'Which city?', options: ['Beijing', 'Hangzhou'], correct: [1] },
        { kind: 'text', prompt: 'Why do you want to join?', options: [], correct: [] },
      ],
      createdAt: clock.now(),
      deadline: new Date(clock.now().getTime() + 600_000),
    });
    await store.gate.addAnswer(application.id, 0, {
      question: 0,
      text: 'Hangzhou',
      choice: 1,
      correct: true,
    });
    await store.gate.addAnswer(application.id, 1, {
      question: 1,
      text: 'I host <b>tea</b> tastings',
      choice: null,
      correct: null,
    });
    return (await store.gate.decide(
      application.id,
      ['asking'],
      {
        state: 'review',
        reason: { key: 'gate.reason.textAnswers', params: {} },
        credit: {
          score: 610,
          verified: null,
          factors: [
            { key: 'base', points: 550, value: 0 },
            { key: 'tenure', points: 40, value: 120 },
          ],
          source: 'community',
          fetchedAt: clock.now(),
        },
        decidedBy: null,
        at: clock.now(),
      },
      { circleId, actorId: null, action: 'gate.review', targetId: erin.id, at: clock.now() },
    ))!;
  };
  const application = await open(tea.id);
  const elsewhere = await open(chess.id);
  await store.gate.addVouch({ circleId: tea.id, applicantId: erin.id, voucherId: vic.id, at: clock.now() });
  const owner = ctx.browser();
  await owner.login(ctx.linkFor());
  return { ...ctx, owner, erin, application, elsewhere, review: `/dashboard/c/${tea.id}/review` };
}

describe('the review queue', () => {
  it('shows each waiting application with its answers, credit factors and vouches, escaped', async () => {
    const { owner, review } = await withApplication();
    const page = await owner.get(review);
    const text = textOf(page.body);
    expect(text).toContain('Application #1: @erin');
    expect(text).toContain('Waiting because: written answers are read by an admin');
    expect(text).toContain('Which city? Hangzhou ✓');
    expect(text).toContain('Why do you want to join? I host <b>tea</b> tastings');
    expect(page.body).not.toContain('<b>tea</b>'); // the applicant's words are text, never markup
    expect(text).toContain('Credit 610 (community)');
    expect(text).toContain('+40');
    expect(text).toContain('Vouched for by: @vic');
  });

  it('Approve goes through the gate flow as the admin, then says who was approved', async () => {
    const { owner, review, decisions, application, olivia } = await withApplication();
    const res = await owner.submit(`${review}/${application.id}`, { decision: 'approve', note: '' });
    expect(res.statusCode).toBe(303);
    expect(decisions).toEqual([{ applicationId: application.id, adminId: olivia.id, approve: true }]);
    expect(textOf((await owner.get(review)).body)).toContain('@erin is approved.');
  });

  it('Decline passes the note on as the reason', async () => {
    const { owner, review, decisions, application, olivia } = await withApplication();
    await owner.submit(`${review}/${application.id}`, { decision: 'decline', note: '  Not this season  ' });
    expect(decisions).toEqual([
      { applicationId: application.id, adminId: olivia.id, approve: false, note: 'Not this season' },
    ]);
  });

  it("another circle's application is not decided from here", async () => {
    const { owner, review, decisions, elsewhere } = await withApplication();
    await owner.submit(`${review}/${elsewhere.id}`, { decision: 'approve' });
    expect(decisions).toEqual([]);
    expect(textOf((await owner.get(review)).body)).toContain('This application was already decided.');
  });

  it('a decision without the form token changes nothing', async () => {
    const { owner, review, decisions, application } = await withApplication();
    const res = await owner.post(`${review}/${application.id}`, { decision: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(decisions).toEqual([]);
  });
});
