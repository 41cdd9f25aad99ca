import { describe, expect, it } from 'vitest';
import { aCircle, aMember, at, DAY, SNOWFLAKE, type StoreContext, T0 } from './fixtures.js';

/** The owner dashboard: used login links, sessions, activity counters and the pages' read queries. */
export function describeDashboardContract(ctx: StoreContext): void {
  const today = Math.floor(T0 / 86_400_000);

  describe('dashboard login links and sessions', () => {
    it('a login link id is spent once: a second use is refused and changes nothing', async () => {
      const owner = await aMember(ctx.store, '1', 'olivia');
      expect(await ctx.store.dashboard.loginTokenSpent('link-1')).toBe(false);
      expect(await ctx.store.dashboard.spendLoginToken('link-1', owner.id, at(10), at(1))).toBe(true);
      expect(await ctx.store.dashboard.spendLoginToken('link-1', owner.id, at(10), at(2))).toBe(false);
      expect(await ctx.store.dashboard.loginTokenSpent('link-1')).toBe(true);
      expect(await ctx.store.dashboard.loginTokenSpent('link-2')).toBe(false);
    });

    it('a session reads back until it expires, and not after it ended', async () => {
      const owner = await aMember(ctx.store, '1', 'olivia');
      const session = {
        id: 'a'.repeat(64),
        memberId: owner.id,
        csrf: 'csrf-1',
        createdAt: at(0),
        expiresAt: at(60),
      };
      await ctx.store.dashboard.createSession(session);
      expect(await ctx.store.dashboard.session(session.id, at(59))).toEqual(session);
      expect(await ctx.store.dashboard.session(session.id, at(60))).toBeNull();
      expect(await ctx.store.dashboard.session('b'.repeat(64), at(1))).toBeNull();
      await ctx.store.dashboard.endSession(session.id);
      expect(await ctx.store.dashboard.session(session.id, at(1))).toBeNull();
    });

    it('pruning drops expired sessions and used links past their expiry, and keeps the rest', async () => {
      const owner = await aMember(ctx.store, '1', 'olivia');
      const live = {
        id: 'l'.repeat(64),
        memberId: owner.id,
        csrf: 'x',
        createdAt: at(0),
        expiresAt: at(600),
      };
      await ctx.store.dashboard.createSession(live);
      await ctx.store.dashboard.createSession({ ...live, id: 'o'.repeat(64), expiresAt: at(5) });
      await ctx.store.dashboard.spendLoginToken('old', owner.id, at(10), at(1));
      await ctx.store.dashboard.spendLoginToken('new', owner.id, at(100), at(95));
      expect(await ctx.store.dashboard.prune(at(20))).toBe(2);
      expect(await ctx.store.dashboard.session(live.id, at(20))).toEqual(live);
      // A pruned link was past its expiry, so its signature refuses it anyway.
      expect(await ctx.store.dashboard.loginTokenSpent('old')).toBe(false);
      expect(await ctx.store.dashboard.loginTokenSpent('new')).toBe(true);
    });
  });

  describe('dashboard activity', () => {
    it('counts messages and joins per day and reads approvals from the audit log, per circle', async () => {
      const circle = await aCircle(ctx.store);
      const other = await aCircle(ctx.store, '-1002');
      const ann = await aMember(ctx.store, '2', 'ann');
      await ctx.store.dashboard.countActivity(circle.id, today, { messages: 1 });
      await ctx.store.dashboard.countActivity(circle.id, today, { messages: 1 });
      await ctx.store.dashboard.countActivity(circle.id, today, { joins: 1 });
      await ctx.store.dashboard.countActivity(circle.id, today + 2, { messages: 3 });
      await ctx.store.dashboard.countActivity(other.id, today, { messages: 7 });
      for (const [action, minutes] of [
        ['gate.approved', 2 * DAY],
        ['gate.approved', 2 * DAY + 5],
        ['gate.declined', 2 * DAY],
        ['gate.approved', 4 * DAY],
      ] as const) {
        await ctx.store.audit.record({
          circleId: circle.id,
          actorId: null,
          action,
          targetId: ann.id,
          at: at(minutes),
        });
      }
      expect(await ctx.store.dashboard.activity(circle.id, today, today + 2)).toEqual([
        { day: today, messages: 2, joins: 1, approvals: 0 },
        { day: today + 2, messages: 3, joins: 0, approvals: 2 },
      ]);
      expect(await ctx.store.dashboard.activity(circle.id, today + 3, today + 9)).toEqual([
        { day: today + 4, messages: 0, joins: 0, approvals: 1 },
      ]);
    });
  });

  describe('dashboard members', () => {
    it('lists a circle’s people best standing first, pages them and finds them by name or id', async () => {
      const circle = await aCircle(ctx.store);
      const other = await aCircle(ctx.store, '-1002');
      const ann = await aMember(ctx.store, '2', 'Ann_Tea');
      const bob = await ctx.store.members.upsert(
        { platform: 'telegram', id: SNOWFLAKE },
        { displayName: 'Bob 100%' },
        at(0),
      );
      const cat = await aMember(ctx.store, '4', 'cat');
      for (const m of [ann, bob, cat]) await ctx.store.memberships.set(circle.id, m.id, 'member', at(1));
      await ctx.store.memberships.set(circle.id, cat.id, 'left', at(2));
      await ctx.store.memberships.set(other.id, ann.id, 'member', at(1));
      await ctx.store.points.record(
        circle.id,
        bob.id,
        [{ circleId: circle.id, memberId: bob.id, kind: 'admin', points: 120, at: at(3) }],
        {},
        () => 1,
      );

      const all = await ctx.store.dashboard.members(circle.id, { limit: 10, offset: 0 });
      expect(all.total).toBe(3);
      expect(all.rows.map((r) => [r.member.id, r.status, r.points, r.level])).toEqual([
        [bob.id, 'member', 120, 1],
        [ann.id, 'member', 0, 0],
        [cat.id, 'left', 0, 0],
      ]);
      expect(all.rows[0]?.member.ref).toEqual({ platform: 'telegram', id: SNOWFLAKE });
      expect(all.rows[1]?.joinedAt).toEqual(at(1));

      const second = await ctx.store.dashboard.members(circle.id, { limit: 2, offset: 2 });
      expect(second).toEqual({ total: 3, rows: [all.rows[2]] });

      const find = async (search: string) =>
        (await ctx.store.dashboard.members(circle.id, { search, limit: 10, offset: 0 })).rows.map(
          (r) => r.member.id,
        );
      expect(await find('ann_')).toEqual([ann.id]);
      expect(await find('TEA')).toEqual([ann.id]);
      expect(await find('100%')).toEqual([bob.id]);
      expect(await find('%')).toEqual([bob.id]);
      expect(await find(SNOWFLAKE)).toEqual([bob.id]);
      expect(await find('nobody')).toEqual([]);
    });
  });

  describe('dashboard offers', () => {
    it('counts clicks and completed payments per day, in the circle only', async () => {
      const circle = await aCircle(ctx.store);
      const other = await aCircle(ctx.store, '-1002');
      const owner = await aMember(ctx.store, '1', 'olivia');
      const offer = (await ctx.store.market.addOffer({
        circleId: circle.id,
        title: 'Tea',
        url: 'https://shop.example/tea',
        priceMinor: 8900,
        currency: 'CNY',
        description: null,
        sponsored: false,
        code: 'TeaCode00001',
        createdBy: owner.id,
        createdAt: at(0),
      }))!;
      const theirs = (await ctx.store.market.addOffer({
        circleId: other.id,
        title: 'Cups',
        url: 'https://shop.example/cups',
        priceMinor: 100,
        currency: 'CNY',
        description: null,
        sponsored: false,
        code: 'CupsCode0001',
        createdBy: owner.id,
        createdAt: at(0),
      }))!;
      for (const minutes of [1, 2, DAY + 1])
        await ctx.store.market.recordClick({ offerId: offer.id, memberId: null, at: at(minutes) });
      await ctx.store.market.recordClick({ offerId: theirs.id, memberId: null, at: at(1) });
      expect(await ctx.store.dashboard.clicksByDay(circle.id, today, today + 1)).toEqual([
        { day: today, clicks: 2 },
        { day: today + 1, clicks: 1 },
      ]);

      const pay = (
        id: string,
        amountMinor: number,
        status: 'completed' | 'refunded',
        minutes: number,
        circleId = circle.id,
      ) =>
        ctx.store.payments.apply(
          {
            provider: 'stripe',
            eventId: `evt-${id}-${status}`,
            providerPaymentId: id,
            status,
            amountMinor,
            currency: 'CNY',
            reference: null,
            occurredAt: at(minutes),
          },
          { purpose: 'offer', circleId, memberId: null, applicationId: null, offerId: offer.id },
          at(minutes),
        );
      await pay('p1', 8900, 'completed', 5);
      await pay('p2', 8900, 'completed', 6);
      await pay('p3', 1000, 'completed', 7);
      await pay('p3', 1000, 'refunded', 8);
      await pay('p4', 500, 'completed', 9, other.id);
      expect(await ctx.store.dashboard.revenueByDay(circle.id, today, today + 1)).toEqual([
        { day: today, currency: 'CNY', amountMinor: 17_800, payments: 2 },
      ]);
    });
  });

  describe('dashboard question edits', () => {
    it('replaces a question in place, and only in its own circle', async () => {
      const circle = await aCircle(ctx.store);
      const other = await aCircle(ctx.store, '-1002');
      await ctx.store.gate.addQuestion(
        circle.id,
        { kind: 'text', prompt: 'Why?', options: [], correct: [] },
        10,
      );
      await ctx.store.gate.addQuestion(
        circle.id,
        { kind: 'text', prompt: 'Where?', options: [], correct: [] },
        10,
      );
      const city = {
        kind: 'choice' as const,
        prompt: 'Which city?',
        options: ['Beijing', 'Hangzhou'],
        correct: [1],
      };
      const replaced = await ctx.store.dashboard.replaceQuestion(circle.id, 2, city);
      expect(replaced).toMatchObject({ circleId: circle.id, position: 2, ...city });
      expect((await ctx.store.gate.questions(circle.id)).map((q) => q.prompt)).toEqual([
        'Why?',
        'Which city?',
      ]);
      expect(await ctx.store.dashboard.replaceQuestion(circle.id, 3, city)).toBeNull();
      expect(await ctx.store.dashboard.replaceQuestion(other.id, 1, city)).toBeNull();
    });
  });
}
