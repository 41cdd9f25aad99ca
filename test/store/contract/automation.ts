import { describe, expect, it } from 'vitest';
import type { PaymentNotice } from '../../../src/core/market/payment.js';
import type { PaymentAttribution } from '../../../src/core/market/repo.js';
import type { LedgerKind } from '../../../src/core/points/repo.js';
import type { Store } from '../../../src/core/store.js';
import { aCircle, aMember, at, DAY, type StoreContext } from './fixtures.js';

const levelOf = (points: number) => Math.floor(points / 100);

/** Points for a member at a time (a message marks them active, like the points rules do). */
async function earn(
  store: Store,
  circleId: number,
  memberId: number,
  points: number,
  minutes: number,
  kind: LedgerKind = 'message',
) {
  await store.points.record(
    circleId,
    memberId,
    [
      {
        circleId,
        memberId,
        kind,
        points,
        sourceKey: `t:${circleId}:${memberId}:${minutes}:${kind}`,
        at: at(minutes),
      },
    ],
    kind === 'message' || kind === 'checkin' ? { activeAt: at(minutes) } : {},
    levelOf,
  );
}

/** Welcomes, `/quiet`, nudges, digest subscribers and sends, and the digest's week in numbers. */
export function describeAutomationContract(ctx: StoreContext): void {
  describe('automation: welcomes and opt-outs', () => {
    it('a member is welcomed once per stay in a circle: the mark goes when they leave', async () => {
      const circle = await aCircle(ctx.store);
      const other = await aCircle(ctx.store, '-1002');
      const ann = await aMember(ctx.store, '2', 'ann');
      expect(await ctx.store.automation.claimWelcome(circle.id, ann.id, at(1))).toBe(true);
      expect(await ctx.store.automation.claimWelcome(circle.id, ann.id, at(2))).toBe(false);
      expect(await ctx.store.automation.claimWelcome(other.id, ann.id, at(2))).toBe(true);
      await ctx.store.automation.clearWelcome(circle.id, ann.id);
      expect(await ctx.store.automation.claimWelcome(circle.id, ann.id, at(3))).toBe(true);
      expect(await ctx.store.automation.claimWelcome(other.id, ann.id, at(3))).toBe(false);
    });

    it('/quiet opts a person out everywhere, and /quiet off back in; saying it twice changes nothing', async () => {
      const ann = await aMember(ctx.store, '2', 'ann');
      expect(await ctx.store.automation.isQuiet(ann.id)).toBe(false);
      await ctx.store.automation.setQuiet(ann.id, true, at(1));
      await ctx.store.automation.setQuiet(ann.id, true, at(2));
      expect(await ctx.store.automation.isQuiet(ann.id)).toBe(true);
      await ctx.store.automation.setQuiet(ann.id, false, at(3));
      await ctx.store.automation.setQuiet(ann.id, false, at(4));
      expect(await ctx.store.automation.isQuiet(ann.id)).toBe(false);
    });
  });

  describe('automation: nudges', () => {
    /** Ann spoke at minute 0, Bob at minute 100; Cid joined at 0 and never spoke; Dan is quiet, Eve left. */
    async function setUp() {
      const circle = await aCircle(ctx.store);
      const [ann, bob, cid, dan, eve] = await Promise.all(
        ['ann', 'bob', 'cid', 'dan', 'eve'].map((name, i) => aMember(ctx.store, String(i + 2), name)),
      );
      for (const m of [ann!, bob!, cid!, dan!, eve!]) {
        await ctx.store.memberships.set(circle.id, m.id, 'member', at(0));
      }
      await earn(ctx.store, circle.id, ann!.id, 120, 0);
      await earn(ctx.store, circle.id, bob!.id, 15, 100);
      await ctx.store.automation.setQuiet(dan!.id, true, at(1));
      await ctx.store.memberships.set(circle.id, eve!.id, 'left', at(2));
      return { circle, ann: ann!, bob: bob!, cid: cid!, dan: dan!, eve: eve! };
    }

    it('lists members quiet since before a time, longest quiet first, never those who opted out or left', async () => {
      const { circle, ann, cid } = await setUp();
      const quiet = await ctx.store.automation.quietMembers(circle.id, at(50), 10);
      expect(quiet).toEqual([
        { memberId: ann.id, lastActiveAt: at(0), points: 120, level: 1 },
        { memberId: cid.id, lastActiveAt: at(0), points: 0, level: 0 },
      ]);
      expect(await ctx.store.automation.quietMembers(circle.id, at(50), 1)).toHaveLength(1);
      expect(await ctx.store.automation.quietMembers(circle.id, at(0), 10)).toEqual([]);
    });

    it('a nudge is claimed once per quiet stretch; activity after it opens the next stretch', async () => {
      const { circle, ann } = await setUp();
      expect(await ctx.store.automation.claimNudge(circle.id, ann.id, at(0), at(60))).toBe(true);
      expect(await ctx.store.automation.claimNudge(circle.id, ann.id, at(0), at(61))).toBe(false);
      expect(await ctx.store.automation.lastNudge(circle.id, ann.id)).toEqual({ at: at(60), reached: true });
      const listed = async (before: number) =>
        (await ctx.store.automation.quietMembers(circle.id, at(before), 10)).map((q) => q.memberId);
      expect(await listed(500)).not.toContain(ann.id);

      await earn(ctx.store, circle.id, ann.id, 20, 70);
      expect(await listed(500)).toContain(ann.id);
      expect(await ctx.store.automation.claimNudge(circle.id, ann.id, at(70), at(600))).toBe(true);
      expect(await ctx.store.automation.lastNudge(circle.id, ann.id)).toEqual({ at: at(600), reached: true });
    });

    it('an unreachable member is recorded as such and not listed again while still quiet', async () => {
      const { circle, cid } = await setUp();
      expect(await ctx.store.automation.lastNudge(circle.id, cid.id)).toBeNull();
      await ctx.store.automation.claimNudge(circle.id, cid.id, at(0), at(60));
      await ctx.store.automation.nudgeUnreachable(circle.id, cid.id);
      expect(await ctx.store.automation.lastNudge(circle.id, cid.id)).toEqual({ at: at(60), reached: false });
      const quiet = await ctx.store.automation.quietMembers(circle.id, at(5 * DAY), 10);
      expect(quiet.map((q) => q.memberId)).not.toContain(cid.id);
    });

    it('someone who came back counts as active from their return, even with old points', async () => {
      const { circle, eve } = await setUp();
      await earn(ctx.store, circle.id, eve.id, 40, 0);
      await ctx.store.memberships.set(circle.id, eve.id, 'member', at(300));
      const quiet = await ctx.store.automation.quietMembers(circle.id, at(400), 10);
      expect(quiet.find((q) => q.memberId === eve.id)).toEqual({
        memberId: eve.id,
        lastActiveAt: at(300),
        points: 40,
        level: 0,
      });
    });
  });

  describe('automation: the weekly digest', () => {
    it('keeps who asked for the digest, in order, and takes them off', async () => {
      const circle = await aCircle(ctx.store);
      const olivia = await aMember(ctx.store, '1', 'olivia');
      const pat = await aMember(ctx.store, '2', 'pat');
      expect(await ctx.store.automation.subscribeDigest(circle.id, pat.id, at(1))).toBe(true);
      expect(await ctx.store.automation.subscribeDigest(circle.id, olivia.id, at(2))).toBe(true);
      expect(await ctx.store.automation.subscribeDigest(circle.id, pat.id, at(3))).toBe(false);
      expect(await ctx.store.automation.digestSubscribers(circle.id)).toEqual([pat.id, olivia.id]);
      expect(await ctx.store.automation.unsubscribeDigest(circle.id, pat.id)).toBe(true);
      expect(await ctx.store.automation.unsubscribeDigest(circle.id, pat.id)).toBe(false);
      expect(await ctx.store.automation.digestSubscribers(circle.id)).toEqual([olivia.id]);
    });

    it('a week’s digest is claimed once per admin', async () => {
      const circle = await aCircle(ctx.store);
      const olivia = await aMember(ctx.store, '1', 'olivia');
      const pat = await aMember(ctx.store, '2', 'pat');
      expect(await ctx.store.automation.claimDigest(circle.id, olivia.id, at(7 * DAY), at(7 * DAY))).toBe(
        true,
      );
      expect(await ctx.store.automation.claimDigest(circle.id, olivia.id, at(7 * DAY), at(7 * DAY + 1))).toBe(
        false,
      );
      expect(await ctx.store.automation.claimDigest(circle.id, pat.id, at(7 * DAY), at(7 * DAY))).toBe(true);
      expect(await ctx.store.automation.claimDigest(circle.id, olivia.id, at(14 * DAY), at(14 * DAY))).toBe(
        true,
      );
    });

    it('reads the week [from, to) of one circle: joins, decisions with reasons, earners, check-ins, clicks, payments', async () => {
      const store = ctx.store;
      const circle = await aCircle(store);
      const other = await aCircle(store, '-1002');
      const olivia = await aMember(store, '1', 'olivia');
      const [ann, bob, cid, dan] = await Promise.all(
        ['ann', 'bob', 'cid', 'dan'].map((name, i) => aMember(store, String(i + 2), name)),
      );
      const week = { from: at(0), to: at(7 * DAY) };

      // Joins: Ann and Bob in the week, Cid before it, Dan after it, Ann elsewhere too.
      await store.memberships.set(circle.id, cid!.id, 'member', at(-10));
      await store.memberships.set(circle.id, ann!.id, 'member', at(10));
      await store.memberships.set(circle.id, bob!.id, 'member', at(3 * DAY));
      await store.memberships.set(circle.id, dan!.id, 'member', at(7 * DAY));
      await store.memberships.set(other.id, ann!.id, 'member', at(10));

      const decide = (
        circleId: number,
        action: string,
        minutes: number,
        reason?: object,
        actorId: number | null = null,
      ) =>
        store.audit.record({
          circleId,
          actorId,
          action,
          targetId: dan!.id,
          detail: reason ? { applicationId: 1, reason } : { applicationId: 1 },
          at: at(minutes),
        });
      await decide(circle.id, 'gate.approved', 10, { key: 'gate.reason.paid', params: {} });
      await decide(circle.id, 'gate.approved', 20, { key: 'gate.reason.paid', params: {} });
      await decide(circle.id, 'gate.declined', 30, {
        key: 'gate.reason.lowScore',
        params: { score: 500, min: 600 },
      });
      await decide(
        circle.id,
        'gate.declined',
        40,
        { key: 'gate.reason.adminDeclined', params: {} },
        olivia.id,
      );
      await decide(circle.id, 'gate.declined', 50);
      await decide(circle.id, 'gate.review', 60, { key: 'gate.reason.textAnswers', params: {} });
      await decide(circle.id, 'gate.declined', 7 * DAY, {
        key: 'gate.reason.timeout',
        params: { minutes: 10 },
      });
      await decide(other.id, 'gate.declined', 30, { key: 'gate.reason.timeout', params: { minutes: 10 } });

      // Points: Ann 90 before, +60 in the week, +5 after; Bob +200 in the week with a check-in; Cid taken 30.
      await earn(store, circle.id, ann!.id, 90, -60);
      await earn(store, circle.id, ann!.id, 60, 100);
      await earn(store, circle.id, ann!.id, 5, 7 * DAY + 1);
      await earn(store, circle.id, bob!.id, 170, 200);
      await earn(store, circle.id, bob!.id, 30, 300, 'checkin');
      await earn(store, circle.id, cid!.id, 50, -100);
      await earn(store, circle.id, cid!.id, -30, 400, 'admin');
      await earn(store, other.id, dan!.id, 500, 100);

      // Clicks and payments on the circle's offer, in and out of the week.
      const offer = await store.market.addOffer({
        circleId: circle.id,
        title: 'Tea',
        url: 'https://shop.example/tea',
        priceMinor: 8900,
        currency: 'CNY',
        description: null,
        sponsored: false,
        code: 'DigestCode01',
        createdBy: olivia.id,
        createdAt: at(0),
      });
      for (const minutes of [5, 6, 7 * DAY + 5]) {
        await store.market.recordClick({ offerId: offer!.id, memberId: null, at: at(minutes) });
      }
      const bought: PaymentAttribution = {
        purpose: 'offer',
        circleId: circle.id,
        memberId: ann!.id,
        applicationId: null,
        offerId: offer!.id,
      };
      const pay = (id: string, more: Partial<PaymentNotice>, minutes: number) =>
        store.payments.apply(
          {
            provider: 'stripe',
            providerPaymentId: id,
            eventId: `evt_${id}_${more.status ?? 'completed'}`,
            status: 'completed',
            amountMinor: 8900,
            currency: 'CNY',
            reference: null,
            occurredAt: at(minutes),
            ...more,
          },
          bought,
          at(minutes),
        );
      await pay('pi_1', {}, 100);
      await pay('pi_2', { amountMinor: 150, currency: 'XTR' }, 200);
      await pay('pi_3', { amountMinor: 500 }, 300);
      await pay('pi_3', { amountMinor: 500, status: 'refunded' }, 400);
      await pay('pi_4', {}, 7 * DAY + 10);

      const facts = await store.automation.digestFacts(circle.id, week.from, week.to, 2);
      expect(facts).toEqual({
        joined: 2,
        approved: 2,
        declined: 3,
        declines: [
          {
            approved: false,
            memberId: dan!.id,
            actorId: null,
            reason: { key: 'gate.reason.lowScore', params: { score: 500, min: 600 } },
            at: at(30),
          },
          {
            approved: false,
            memberId: dan!.id,
            actorId: olivia.id,
            reason: { key: 'gate.reason.adminDeclined', params: {} },
            at: at(40),
          },
        ],
        earners: [
          { memberId: bob!.id, gained: 200, totalAtEnd: 200 },
          { memberId: ann!.id, gained: 60, totalAtEnd: 150 },
          { memberId: cid!.id, gained: -30, totalAtEnd: 20 },
        ],
        checkins: 1,
        clicks: 2,
        payments: [
          { currency: 'CNY', completed: 1, amountMinor: 8900, refunded: 1, refundedMinor: 500 },
          { currency: 'XTR', completed: 1, amountMinor: 150, refunded: 0, refundedMinor: 0 },
        ],
      });
      const quiet = await store.automation.digestFacts(circle.id, at(-20 * DAY), at(-10 * DAY), 10);
      expect(quiet).toEqual({
        joined: 0,
        approved: 0,
        declined: 0,
        declines: [],
        earners: [],
        checkins: 0,
        clicks: 0,
        payments: [],
      });
    });
  });
}
