import { describe, expect, it } from 'vitest';
import { aCircle, aMember, aReport, at, DAY, type StoreContext } from './fixtures.js';

/** A person's data across tables: collected whole, forgotten whole, answers purged after retention. */
export function describePrivacyContract(ctx: StoreContext): void {
  async function history() {
    const { store } = ctx;
    const circle = await aCircle(store);
    const owner = await aMember(store, '1', 'olivia');
    const ann = await aMember(store, '2', 'ann');
    const bob = await aMember(store, '3', 'bob');
    await store.memberships.set(circle.id, ann.id, 'member', at(0));
    const application = await store.gate.createApplication({
      circleId: circle.id,
      memberId: ann.id,
      questions: [{ kind: 'text', prompt: 'Why?', options: [], correct: [] }],
      createdAt: at(0),
      deadline: at(60),
    });
    await store.gate.addAnswer(application.id, 0, {
      question: 0,
      text: 'I love tea',
      choice: null,
      correct: null,
    });
    await store.gate.addVouch({ circleId: circle.id, applicantId: ann.id, voucherId: bob.id, at: at(1) });
    await store.gate.decide(
      application.id,
      ['asking'],
      {
        state: 'approved',
        reason: { key: 'gate.reason.passed', params: {} },
        credit: aReport(700, at(2)),
        decidedBy: null,
        at: at(2),
      },
      { circleId: circle.id, actorId: null, action: 'gate.approved', targetId: ann.id, at: at(2) },
    );
    await store.credit.cache('acme', ann.id, aReport(720, at(3)), at(DAY));
    await store.points.record(
      circle.id,
      ann.id,
      [
        {
          circleId: circle.id,
          memberId: ann.id,
          kind: 'admin',
          points: 40,
          note: 'helped at the meetup',
          at: at(4),
        },
      ],
      {},
      () => 0,
    );
    const offer = await store.market.addOffer({
      circleId: circle.id,
      title: 'Tea set',
      url: 'https://shop.example/tea',
      priceMinor: 100,
      currency: 'CNY',
      description: null,
      sponsored: false,
      code: 'PrivacyCode1',
      createdBy: owner.id,
      createdAt: at(0),
    });
    await store.market.recordClick({ offerId: offer!.id, memberId: ann.id, at: at(5) });
    await store.payments.apply(
      {
        provider: 'stripe',
        providerPaymentId: 'pi_1',
        eventId: 'evt_1',
        status: 'completed',
        amountMinor: 100,
        currency: 'CNY',
        reference: null,
        occurredAt: at(6),
      },
      { purpose: 'offer', circleId: circle.id, memberId: ann.id, applicationId: null, offerId: offer!.id },
      at(6),
    );
    await store.automation.claimWelcome(circle.id, ann.id, at(2));
    await store.automation.claimNudge(circle.id, ann.id, at(4), at(7));
    await store.automation.setQuiet(ann.id, true, at(8));
    await store.automation.subscribeDigest(circle.id, ann.id, at(9));
    return { circle, ann, bob, application };
  }

  describe('privacy: members’ data', () => {
    it('collects every kind of record about a person', async () => {
      const { ann, circle } = await history();
      const data = await ctx.store.privacy.collect(ann.id);
      expect(data.member).toMatchObject({ id: ann.id, platformUserId: '2', username: 'ann' });
      expect(data.memberships).toEqual([
        { circleId: circle.id, circle: 'Book club', status: 'member', since: at(0), joinedAt: at(0) },
      ]);
      expect(data.points).toEqual([
        {
          circleId: circle.id,
          points: 40,
          level: 0,
          lastActiveAt: null,
          ledger: [{ kind: 'admin', entries: 1, points: 40 }],
        },
      ]);
      expect(data.applications[0]?.answers.map((a) => a.text)).toEqual(['I love tea']);
      expect(data.applications[0]?.credit?.score).toBe(700);
      expect(data.creditReports.map((r) => [r.provider, r.report.score])).toEqual([['acme', 720]]);
      expect(data.vouchesReceived).toHaveLength(1);
      expect(data.payments.map((p) => p.providerPaymentId)).toEqual(['pi_1']);
      expect(data.clicks).toEqual([{ offerId: expect.any(Number), title: 'Tea set', at: at(5) }]);
      expect(data.reminders).toEqual({
        quietSince: at(8),
        nudges: [{ circleId: circle.id, at: at(7), reached: true }],
        welcomes: [{ circleId: circle.id, at: at(2) }],
        digests: [{ circleId: circle.id, since: at(9) }],
      });
    });

    it('forgets: answers, reports, vouches, clicks gone; payments kept under an alias; membership kept', async () => {
      const { ann } = await history();
      const summary = await ctx.store.privacy.forget(ann.id, { alias: 'anon-1', keepPointsIn: [] });
      expect(summary).toEqual({
        answers: 1,
        creditReports: 1,
        vouches: 1,
        clicks: 1,
        pointsReset: 0,
        paymentsAnonymised: 1,
      });
      const data = await ctx.store.privacy.collect(ann.id);
      expect(data.applications[0]?.answers).toEqual([]);
      expect(data.applications[0]?.credit).toBeNull();
      expect(data.creditReports).toEqual([]);
      expect(data.vouchesReceived).toEqual([]);
      expect(data.clicks).toEqual([]);
      expect(data.payments).toEqual([]);
      expect(data.memberships).toHaveLength(1);
      // What keeps the bot from writing to them twice stays, their /quiet choice first.
      expect(data.reminders.quietSince).toEqual(at(8));
      expect(data.reminders.nudges).toHaveLength(1);
      expect(data.reminders.welcomes).toHaveLength(1);
      // The payment is still counted for the circle's accounts.
      expect((await ctx.store.payments.totals(data.memberships[0]!.circleId, null))[0]?.completed).toBe(1);
    });

    it('names and points are forgotten by their own repositories', async () => {
      const { ann, circle } = await history();
      await ctx.store.members.forgetNames(ann.id);
      expect(await ctx.store.members.byId(ann.id)).toMatchObject({ username: null, displayName: null });
      expect(await ctx.store.members.findByHandle('telegram', '@ann')).toBeNull();
      expect(await ctx.store.points.forgetMember(ann.id, [])).toBe(1);
      expect((await ctx.store.points.standing(circle.id, ann.id)).points).toBe(0);
    });

    it('points can be kept in a circle that keeps them; only the remembered texts and notes go', async () => {
      const { ann, circle } = await history();
      expect(await ctx.store.points.forgetMember(ann.id, [circle.id])).toBe(0);
      expect((await ctx.store.points.standing(circle.id, ann.id)).points).toBe(40);
    });

    it('purges answers decided before the retention date, only in that circle', async () => {
      const { circle, ann } = await history();
      expect(await ctx.store.privacy.purgeAnswers(circle.id, at(2))).toBe(0);
      expect(await ctx.store.privacy.purgeAnswers(circle.id + 1, at(3))).toBe(0);
      expect(await ctx.store.privacy.purgeAnswers(circle.id, at(3))).toBe(1);
      expect((await ctx.store.privacy.collect(ann.id)).applications[0]?.answers).toEqual([]);
      expect(await ctx.store.privacy.purgeAnswers(circle.id, at(3))).toBe(0);
    });
  });
}
