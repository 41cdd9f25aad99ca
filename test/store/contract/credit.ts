import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/store.js';
import { aCircle, aMember, aReport, at, DAY, type StoreContext } from './fixtures.js';

/** The history behind community credit, and cached provider reports. */
export function describeCreditContract(ctx: StoreContext): void {
  async function sanction(store: Store, circleId: number, targetId: number, action: string, minutes: number) {
    await store.audit.record({ circleId, actorId: null, action, targetId, at: at(minutes) });
  }

  async function screening(
    store: Store,
    circleId: number,
    memberId: number,
    state: 'declined' | 'expired' | 'approved',
    minutes: number,
  ) {
    const app = await store.gate.createApplication({
      circleId,
      memberId,
      questions: [],
      createdAt: at(minutes - 10),
      deadline: at(minutes),
    });
    const reason = { key: 'r', params: {} };
    await store.gate.decide(
      app.id,
      ['asking'],
      { state, reason, credit: null, decidedBy: null, at: at(minutes) },
      {
        circleId,
        actorId: null,
        action: `gate.${state}`,
        targetId: memberId,
        at: at(minutes),
      },
    );
  }

  describe('community history', () => {
    it('a newcomer has a clean, empty history', async () => {
      const ann = await aMember(ctx.store, '7');
      expect(await ctx.store.credit.history(ann.id, at(0))).toEqual({
        firstJoinedAt: null,
        maxLevel: 0,
        paymentsCompleted: 0,
        vouchesReceived: 0,
        warnings: 0,
        kicks: 0,
        bans: 0,
        failedScreenings30d: 0,
        vouchedThenBanned: 0,
      });
    });

    it('history counts tenure across circles, vouches received and every warning, kick and ban', async () => {
      const books = await aCircle(ctx.store, '-1');
      const chess = await aCircle(ctx.store, '-2');
      const ann = await aMember(ctx.store, '7');
      const bob = await aMember(ctx.store, '8');
      const cid = await aMember(ctx.store, '9');
      await ctx.store.memberships.set(chess.id, ann.id, 'member', at(5 * DAY));
      await ctx.store.memberships.set(books.id, ann.id, 'applicant', at(DAY));
      await ctx.store.memberships.set(books.id, ann.id, 'member', at(2 * DAY));
      await ctx.store.gate.addVouch({
        circleId: books.id,
        applicantId: ann.id,
        voucherId: bob.id,
        at: at(0),
      });
      await ctx.store.gate.addVouch({
        circleId: chess.id,
        applicantId: ann.id,
        voucherId: cid.id,
        at: at(0),
      });
      await ctx.store.gate.addVouch({
        circleId: chess.id,
        applicantId: bob.id,
        voucherId: ann.id,
        at: at(0),
      });
      await sanction(ctx.store, books.id, ann.id, 'member.warned', 1);
      await sanction(ctx.store, chess.id, ann.id, 'member.warned', 2);
      await sanction(ctx.store, books.id, ann.id, 'member.kicked', 3);
      await sanction(ctx.store, chess.id, ann.id, 'member.banned', 4);
      await sanction(ctx.store, chess.id, bob.id, 'member.kicked', 5);
      await sanction(ctx.store, chess.id, ann.id, 'gate.on', 6);

      expect(await ctx.store.credit.history(ann.id, at(10 * DAY))).toMatchObject({
        firstJoinedAt: at(2 * DAY),
        vouchesReceived: 2,
        warnings: 2,
        kicks: 1,
        bans: 1,
      });
    });

    it('only declined or expired screenings of the last 30 days count as failed', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const now = 40 * DAY;
      await screening(ctx.store, circle.id, ann.id, 'declined', now - 31 * DAY);
      await screening(ctx.store, circle.id, ann.id, 'declined', now - 29 * DAY);
      await screening(ctx.store, circle.id, ann.id, 'expired', now - DAY);
      await screening(ctx.store, circle.id, ann.id, 'approved', now - 1);
      expect((await ctx.store.credit.history(ann.id, at(now))).failedScreenings30d).toBe(2);
    });

    it('vouching for someone banned within 30 days of the vouch counts against the voucher', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const [quick, slow, before, clean] = await Promise.all(
        ['8', '9', '10', '11'].map((id) => aMember(ctx.store, id)),
      );
      for (const applicant of [quick!, slow!, before!, clean!]) {
        await ctx.store.gate.addVouch({
          circleId: circle.id,
          applicantId: applicant.id,
          voucherId: ann.id,
          at: at(DAY),
        });
      }
      await sanction(ctx.store, circle.id, quick!.id, 'member.banned', 20 * DAY);
      await sanction(ctx.store, circle.id, slow!.id, 'member.banned', 32 * DAY);
      await sanction(ctx.store, circle.id, before!.id, 'member.banned', 0);
      await sanction(ctx.store, circle.id, clean!.id, 'member.kicked', 2 * DAY);
      const history = await ctx.store.credit.history(ann.id, at(40 * DAY));
      expect(history.vouchedThenBanned).toBe(1);
      expect(history.bans).toBe(0);
    });
  });

  describe('credit cache', () => {
    it('a cached report is served until it expires, with its dates intact', async () => {
      const ann = await aMember(ctx.store, '7');
      const report = aReport(720, at(0));
      await ctx.store.credit.cache('http', ann.id, report, at(60));
      const hit = await ctx.store.credit.cached('http', ann.id, at(59));
      expect(hit).toEqual({ ...report, expiresAt: at(60) });
      expect(hit?.fetchedAt).toBeInstanceOf(Date);
      expect(await ctx.store.credit.cached('http', ann.id, at(60))).toBeNull();
      expect(await ctx.store.credit.cached('community', ann.id, at(1))).toBeNull();
    });

    it('caching a fresh report replaces the old one', async () => {
      const ann = await aMember(ctx.store, '7');
      await ctx.store.credit.cache('http', ann.id, aReport(500, at(0)), at(60));
      await ctx.store.credit.cache('http', ann.id, aReport(800, at(70)), at(130));
      expect(await ctx.store.credit.cached('http', ann.id, at(100))).toMatchObject({
        score: 800,
        fetchedAt: at(70),
        expiresAt: at(130),
      });
    });
  });
}
