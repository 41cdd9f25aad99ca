import { describe, expect, it } from 'vitest';
import type { LedgerEntry, LedgerKind } from '../../../src/core/points/repo.js';
import { emptyActivityState, type MemberActivityState } from '../../../src/core/points/state.js';
import type { Store } from '../../../src/core/store.js';
import { aCircle, aMember, at, DAY, type StoreContext } from './fixtures.js';

/** A test curve that reads at a glance: one level per 100 points. */
const perHundred = (points: number) => Math.floor(points / 100);

const WEEK = 7 * DAY;

function entry(
  circleId: number,
  memberId: number,
  points: number,
  minutes: number,
  more: { sourceKey?: string; kind?: LedgerKind; actorId?: number } = {},
): LedgerEntry {
  return { circleId, memberId, kind: 'message', points, at: at(minutes), ...more };
}

function stateAt(minutes: number, recent: string[] = []): MemberActivityState {
  return { ...emptyActivityState(), lastEarnedAt: at(minutes).getTime(), recent };
}

/** Activity points: the ledger, standings, leaderboards and check-in codes. */
export function describePointsContract(ctx: StoreContext): void {
  /** A member earns `points` from a message at `minutes` (active then); returns the total after. */
  async function earn(store: Store, circleId: number, memberId: number, points: number, minutes: number) {
    const { after } = await store.points.record(
      circleId,
      memberId,
      [entry(circleId, memberId, points, minutes)],
      { activeAt: at(minutes) },
      perHundred,
    );
    return after.points;
  }

  /** An admin gives or takes points: no activity, no state. */
  async function adjust(store: Store, circleId: number, memberId: number, points: number, minutes: number) {
    const result = await store.points.record(
      circleId,
      memberId,
      [entry(circleId, memberId, points, minutes, { kind: 'admin' })],
      {},
      perHundred,
    );
    return result.after.points;
  }

  describe('points ledger and standings', () => {
    it("a member's first points create their standing, starting from nothing", async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const nothing = await ctx.store.points.standing(circle.id, ann.id);
      expect(nothing).toEqual({
        circleId: circle.id,
        memberId: ann.id,
        points: 0,
        level: 0,
        lastActiveAt: null,
        state: emptyActivityState(),
      });

      const state = stateAt(1, ['hello']);
      const result = await ctx.store.points.record(
        circle.id,
        ann.id,
        [entry(circle.id, ann.id, 20, 1, { sourceKey: 'telegram:update:1' })],
        { state, activeAt: at(1) },
        perHundred,
      );
      expect(result).toEqual({
        before: nothing,
        after: { ...nothing, points: 20, level: 0, lastActiveAt: at(1), state },
        duplicates: 0,
      });
      expect(await ctx.store.points.standing(circle.id, ann.id)).toEqual(result.after);
    });

    it('the total and level follow the ledger; state is kept until replaced; activity only moves forward', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const state = stateAt(10, ['first']);
      await ctx.store.points.record(
        circle.id,
        ann.id,
        [entry(circle.id, ann.id, 60, 10)],
        { state, activeAt: at(10) },
        perHundred,
      );
      const levelUp = await ctx.store.points.record(
        circle.id,
        ann.id,
        [
          entry(circle.id, ann.id, 25, 5, { kind: 'reaction' }),
          entry(circle.id, ann.id, 40, 5, { kind: 'reply' }),
        ],
        { activeAt: at(5) },
        perHundred,
      );
      expect(levelUp.before).toMatchObject({ points: 60, level: 0 });
      expect(levelUp.after).toMatchObject({ points: 125, level: 1, lastActiveAt: at(10), state });
      expect(await ctx.store.points.standing(circle.id, ann.id)).toEqual(levelUp.after);
    });

    it('a redelivered update counts once, also when its key repeats within one call', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const first = await ctx.store.points.record(
        circle.id,
        ann.id,
        [
          entry(circle.id, ann.id, 20, 1, { sourceKey: 'telegram:update:1' }),
          entry(circle.id, ann.id, 20, 1, { sourceKey: 'telegram:update:1' }),
        ],
        { state: stateAt(1, ['hi']), activeAt: at(1) },
        perHundred,
      );
      expect(first).toMatchObject({ after: { points: 20 }, duplicates: 1 });

      const again = await ctx.store.points.record(
        circle.id,
        ann.id,
        [entry(circle.id, ann.id, 20, 2, { sourceKey: 'telegram:update:1' })],
        { state: stateAt(2, ['hi', 'hi']), activeAt: at(2) },
        perHundred,
      );
      // Nothing moves, not even the state: the event was already counted.
      expect(again).toEqual({ before: first.after, after: first.after, duplicates: 1 });

      const mixed = await ctx.store.points.record(
        circle.id,
        ann.id,
        [
          entry(circle.id, ann.id, 20, 3, { sourceKey: 'telegram:update:1' }),
          entry(circle.id, ann.id, 15, 3, { sourceKey: 'telegram:update:2' }),
        ],
        { activeAt: at(3) },
        perHundred,
      );
      expect(mixed).toMatchObject({ after: { points: 35, lastActiveAt: at(3) }, duplicates: 1 });
    });

    it('an admin taking more than the total takes what is there, and the ledger still sums to the total', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const admin = await aMember(ctx.store, '1');
      await earn(ctx.store, circle.id, ann.id, 30, 1);
      const take = await ctx.store.points.record(
        circle.id,
        ann.id,
        [entry(circle.id, ann.id, -100, 2, { kind: 'admin', actorId: admin.id })],
        {},
        perHundred,
      );
      expect(take.after).toMatchObject({ points: 0, level: 0 });
      expect(await earn(ctx.store, circle.id, ann.id, 10, 3)).toBe(10);
      // The ledger says 30 − 30 + 10, not 30 − 100 + 10.
      expect(await ctx.store.points.top(circle.id, at(0), 10)).toEqual([{ memberId: ann.id, points: 10 }]);
    });

    it('a bad entry is refused and nothing of its call is written', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const bob = await aMember(ctx.store, '8');
      await expect(
        ctx.store.points.record(
          circle.id,
          ann.id,
          [entry(circle.id, ann.id, 20, 1), entry(circle.id, bob.id, 20, 1)],
          { activeAt: at(1) },
          perHundred,
        ),
      ).rejects.toMatchObject({ code: 'CB_ERR_INVALID_ENTRY' });
      expect((await ctx.store.points.standing(circle.id, ann.id)).points).toBe(0);
      expect(await ctx.store.points.top(circle.id, at(0), 10)).toEqual([]);
    });

    it('inside a group commit, a refused record leaves the points of the events around it', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      await ctx.store.durably(async () => {
        await earn(ctx.store, circle.id, ann.id, 20, 1);
        await expect(
          ctx.store.points.record(circle.id, ann.id, [entry(circle.id, ann.id, 0.5, 2)], {}, perHundred),
        ).rejects.toMatchObject({ code: 'CB_ERR_INVALID_ENTRY' });
        await earn(ctx.store, circle.id, ann.id, 15, 3);
      });
      expect((await ctx.store.points.standing(circle.id, ann.id)).points).toBe(35);
    });

    it('inside a group commit, a record refused part-way leaves no ledger row of it behind', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const bob = await aMember(ctx.store, '8');
      await ctx.store.durably(async () => {
        await earn(ctx.store, circle.id, ann.id, 20, 1);
        // The first entry is written before the second (another member's) is refused.
        await expect(
          ctx.store.points.record(
            circle.id,
            ann.id,
            [entry(circle.id, ann.id, 40, 2), entry(circle.id, bob.id, 40, 2)],
            { activeAt: at(2) },
            perHundred,
          ),
        ).rejects.toMatchObject({ code: 'CB_ERR_INVALID_ENTRY' });
        await earn(ctx.store, circle.id, ann.id, 15, 3);
      });
      expect((await ctx.store.points.standing(circle.id, ann.id)).points).toBe(35);
      // The period leaderboard sums the ledger: 35, not 75.
      expect(await ctx.store.points.top(circle.id, at(0), 10)).toMatchObject([
        { memberId: ann.id, points: 35 },
      ]);
    });
  });

  describe('leaderboards', () => {
    it('members tied on points share the better rank; no points, no rank', async () => {
      const circle = await aCircle(ctx.store);
      const other = await aCircle(ctx.store, '-2');
      const [ann, bob, cid, dan, eve] = await Promise.all(
        ['7', '8', '9', '10', '11'].map((id) => aMember(ctx.store, id)),
      );
      await earn(ctx.store, circle.id, ann!.id, 50, 1);
      await earn(ctx.store, circle.id, bob!.id, 50, 2);
      await earn(ctx.store, circle.id, cid!.id, 30, 3);
      await earn(ctx.store, circle.id, eve!.id, 20, 4);
      await adjust(ctx.store, circle.id, eve!.id, -20, 5);
      await earn(ctx.store, other.id, dan!.id, 500, 6);

      const ranks = await Promise.all(
        [ann, bob, cid, dan, eve].map((m) => ctx.store.points.rank(circle.id, m!.id)),
      );
      expect(ranks).toEqual([1, 1, 3, null, null]);
      expect(await ctx.store.points.ranked(circle.id)).toBe(3);
      expect(await ctx.store.points.ranked(other.id)).toBe(1);
    });

    it('the all-time board ranks totals; the weekly board ranks what was earned this week', async () => {
      const circle = await aCircle(ctx.store);
      const [ann, bob, cid, dan] = await Promise.all(
        ['7', '8', '9', '10'].map((id) => aMember(ctx.store, id)),
      );
      const now = 3 * WEEK;
      await earn(ctx.store, circle.id, ann!.id, 500, now - 2 * WEEK);
      await earn(ctx.store, circle.id, ann!.id, 10, now - DAY);
      await earn(ctx.store, circle.id, cid!.id, 100, now - 2 * DAY);
      await earn(ctx.store, circle.id, bob!.id, 100, now - WEEK);
      await earn(ctx.store, circle.id, dan!.id, 50, now - DAY);
      await adjust(ctx.store, circle.id, dan!.id, -80, now - 1);

      expect(await ctx.store.points.top(circle.id, null, 10)).toEqual([
        { memberId: ann!.id, points: 510 },
        { memberId: bob!.id, points: 100 },
        { memberId: cid!.id, points: 100 },
      ]);
      // Dan's week sums to 0, so he is not on the weekly board.
      expect(await ctx.store.points.top(circle.id, at(now - WEEK), 10)).toEqual([
        { memberId: bob!.id, points: 100 },
        { memberId: cid!.id, points: 100 },
        { memberId: ann!.id, points: 10 },
      ]);
      expect(await ctx.store.points.top(circle.id, at(now - WEEK), 1)).toEqual([
        { memberId: bob!.id, points: 100 },
      ]);
    });

    it('members idle since before a time who still have points are listed oldest first, for decay', async () => {
      const circle = await aCircle(ctx.store);
      const [ann, bob, cid, dan, eve] = await Promise.all(
        ['7', '8', '9', '10', '11'].map((id) => aMember(ctx.store, id)),
      );
      await earn(ctx.store, circle.id, bob!.id, 40, 3 * DAY);
      await earn(ctx.store, circle.id, ann!.id, 40, DAY);
      await earn(ctx.store, circle.id, cid!.id, 40, 10 * DAY);
      await adjust(ctx.store, circle.id, dan!.id, 40, DAY); // given points, never active: not guessed at
      await earn(ctx.store, circle.id, eve!.id, 40, DAY);
      await adjust(ctx.store, circle.id, eve!.id, -40, 2 * DAY); // idle, but nothing left to decay

      const idle = await ctx.store.points.inactiveSince(circle.id, at(5 * DAY), 10);
      expect(idle.map((s) => [s.memberId, s.points, s.lastActiveAt])).toEqual([
        [ann!.id, 40, at(DAY)],
        [bob!.id, 40, at(3 * DAY)],
      ]);
      expect(
        (await ctx.store.points.inactiveSince(circle.id, at(5 * DAY), 1)).map((s) => s.memberId),
      ).toEqual([ann!.id]);
    });

    it("community credit reads the member's best current level across circles", async () => {
      const books = await aCircle(ctx.store, '-1');
      const chess = await aCircle(ctx.store, '-2');
      const ann = await aMember(ctx.store, '7');
      const bob = await aMember(ctx.store, '8');
      await earn(ctx.store, books.id, ann.id, 120, 1);
      await earn(ctx.store, chess.id, ann.id, 340, 2);
      await adjust(ctx.store, chess.id, ann.id, -300, 3); // level 3 lost again: the level held now counts
      await earn(ctx.store, books.id, bob.id, 50, 4);
      expect((await ctx.store.credit.history(ann.id, at(10))).maxLevel).toBe(1);
      expect((await ctx.store.credit.history(bob.id, at(10))).maxLevel).toBe(0);
    });
  });

  describe('check-in codes', () => {
    async function aCode(
      store: Store,
      circleId: number,
      createdBy: number,
      more: { code?: string; expiresAt?: Date; maxUses?: number } = {},
    ) {
      return store.points.createCode({
        circleId,
        code: more.code ?? 'MEETUP',
        title: 'Saturday meetup',
        points: 50,
        expiresAt: more.expiresAt ?? null,
        maxUses: more.maxUses ?? null,
        createdBy,
        createdAt: at(0),
      });
    }

    it('a code is unique within its circle, and another circle may use it too', async () => {
      const books = await aCircle(ctx.store, '-1');
      const chess = await aCircle(ctx.store, '-2');
      const admin = await aMember(ctx.store, '1');
      const code = await aCode(ctx.store, books.id, admin.id);
      expect(code).toMatchObject({ circleId: books.id, code: 'MEETUP', uses: 0, createdAt: at(0) });
      await expect(aCode(ctx.store, books.id, admin.id)).rejects.toMatchObject({ code: 'CB_ERR_DUPLICATE' });
      expect((await aCode(ctx.store, chess.id, admin.id)).id).not.toBe(code.id);
    });

    it('each member redeems a code once; a second member can still redeem it', async () => {
      const circle = await aCircle(ctx.store);
      const admin = await aMember(ctx.store, '1');
      const ann = await aMember(ctx.store, '7');
      const bob = await aMember(ctx.store, '8');
      await aCode(ctx.store, circle.id, admin.id);

      const first = await ctx.store.points.redeem(circle.id, 'MEETUP', ann.id, at(10), perHundred);
      expect(first).toMatchObject({ ok: true, code: { uses: 1 }, result: { after: { points: 50 } } });
      expect(await ctx.store.points.redeem(circle.id, 'MEETUP', ann.id, at(11), perHundred)).toEqual({
        ok: false,
        reason: 'already_redeemed',
      });
      const second = await ctx.store.points.redeem(circle.id, 'MEETUP', bob.id, at(12), perHundred);
      expect(second).toMatchObject({ ok: true, code: { uses: 2 } });
      expect((await ctx.store.points.standing(circle.id, ann.id)).points).toBe(50);
    });

    it('a code cannot be redeemed from its expiry on', async () => {
      const circle = await aCircle(ctx.store);
      const admin = await aMember(ctx.store, '1');
      const ann = await aMember(ctx.store, '7');
      const bob = await aMember(ctx.store, '8');
      await aCode(ctx.store, circle.id, admin.id, { expiresAt: at(60) });
      expect((await ctx.store.points.redeem(circle.id, 'MEETUP', ann.id, at(59), perHundred)).ok).toBe(true);
      expect(await ctx.store.points.redeem(circle.id, 'MEETUP', bob.id, at(60), perHundred)).toEqual({
        ok: false,
        reason: 'expired',
      });
    });

    it('a code with limited uses is refused once they are used up', async () => {
      const circle = await aCircle(ctx.store);
      const admin = await aMember(ctx.store, '1');
      const [ann, bob, cid] = await Promise.all(['7', '8', '9'].map((id) => aMember(ctx.store, id)));
      await aCode(ctx.store, circle.id, admin.id, { maxUses: 2 });
      await ctx.store.points.redeem(circle.id, 'MEETUP', ann!.id, at(1), perHundred);
      await ctx.store.points.redeem(circle.id, 'MEETUP', bob!.id, at(2), perHundred);
      expect(await ctx.store.points.redeem(circle.id, 'MEETUP', cid!.id, at(3), perHundred)).toEqual({
        ok: false,
        reason: 'used_up',
      });
      expect((await ctx.store.points.standing(circle.id, cid!.id)).points).toBe(0);
    });

    it('a code that does not exist, or belongs to another circle, is unknown', async () => {
      const books = await aCircle(ctx.store, '-1');
      const chess = await aCircle(ctx.store, '-2');
      const admin = await aMember(ctx.store, '1');
      const ann = await aMember(ctx.store, '7');
      await aCode(ctx.store, chess.id, admin.id);
      for (const code of ['NOPE', 'MEETUP']) {
        expect(await ctx.store.points.redeem(books.id, code, ann.id, at(1), perHundred)).toEqual({
          ok: false,
          reason: 'unknown',
        });
      }
    });

    it('a check-in adds to the total, marks the member active and keeps what the rules remember', async () => {
      const circle = await aCircle(ctx.store);
      const admin = await aMember(ctx.store, '1');
      const ann = await aMember(ctx.store, '7');
      const state = stateAt(DAY, ['hello']);
      await ctx.store.points.record(
        circle.id,
        ann.id,
        [entry(circle.id, ann.id, 70, DAY)],
        { state, activeAt: at(DAY) },
        perHundred,
      );
      await aCode(ctx.store, circle.id, admin.id);
      const checkin = await ctx.store.points.redeem(circle.id, 'MEETUP', ann.id, at(3 * DAY), perHundred);
      expect(checkin).toMatchObject({
        ok: true,
        result: {
          before: { points: 70, level: 0 },
          after: { points: 120, level: 1, lastActiveAt: at(3 * DAY), state },
          duplicates: 0,
        },
      });
      expect(await ctx.store.points.standing(circle.id, ann.id)).toMatchObject({
        points: 120,
        lastActiveAt: at(3 * DAY),
      });
      expect(await ctx.store.points.top(circle.id, at(2 * DAY), 10)).toEqual([
        { memberId: ann.id, points: 50 },
      ]);
    });
  });
}
