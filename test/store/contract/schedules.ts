import { describe, expect, it } from 'vitest';
import type { OfferSchedule } from '../../../src/core/market/repo.js';
import type { Store } from '../../../src/core/store.js';
import { aCircle, aMember, at, type StoreContext } from './fixtures.js';

/** Offers' posting schedules, and their runs: each claimed once, posted once. */
export function describeSchedulesContract(ctx: StoreContext): void {
  async function anOffer(store: Store, circleId: number, createdBy: number, code: string) {
    const offer = await store.market.addOffer({
      circleId,
      title: 'Spring tea set',
      url: 'https://shop.example/tea',
      priceMinor: 8900,
      currency: 'CNY',
      description: null,
      sponsored: false,
      code,
      createdBy,
      createdAt: at(0),
    });
    if (!offer) throw new Error('code taken');
    return offer;
  }

  async function setUp() {
    const circle = await aCircle(ctx.store);
    const owner = await aMember(ctx.store, '1', 'olivia');
    const offer = await anOffer(ctx.store, circle.id, owner.id, 'SchedCode001');
    return { circle, owner, offer };
  }

  const fridays = (offerId: number, createdBy: number, more: Partial<OfferSchedule> = {}): OfferSchedule => ({
    offerId,
    cron: '0 20 * * FRI',
    timezone: 'Asia/Shanghai',
    place: { platform: 'telegram', id: '-1001' },
    createdBy,
    createdAt: at(1),
    ...more,
  });

  describe('market: offer schedules', () => {
    it('a schedule is set, read back whole, replaced by the next one, and removed', async () => {
      const { owner, offer } = await setUp();
      const admin = await aMember(ctx.store, '2', 'adam');
      expect(await ctx.store.market.schedule(offer.id)).toBeNull();

      await ctx.store.market.setSchedule(fridays(offer.id, owner.id));
      expect(await ctx.store.market.schedule(offer.id)).toEqual(fridays(offer.id, owner.id));

      const mornings = fridays(offer.id, admin.id, {
        cron: '0 0 9 * * MON-FRI',
        timezone: 'UTC',
        place: { platform: 'discord', id: '1234567890123456789012' },
        createdAt: at(5),
      });
      await ctx.store.market.setSchedule(mornings);
      expect(await ctx.store.market.schedule(offer.id)).toEqual(mornings);

      expect(await ctx.store.market.removeSchedule(offer.id)).toBe(true);
      expect(await ctx.store.market.schedule(offer.id)).toBeNull();
      expect(await ctx.store.market.removeSchedule(offer.id)).toBe(false);
    });

    it("a circle's schedules are those of its live offers only", async () => {
      const { circle, owner, offer } = await setUp();
      const cups = await anOffer(ctx.store, circle.id, owner.id, 'SchedCode002');
      const gone = await anOffer(ctx.store, circle.id, owner.id, 'SchedCode003');
      const other = await aCircle(ctx.store, '-1002');
      const elsewhere = await anOffer(ctx.store, other.id, owner.id, 'SchedCode004');
      for (const o of [offer, cups, gone, elsewhere]) {
        await ctx.store.market.setSchedule(fridays(o.id, owner.id));
      }
      await ctx.store.market.removeOffer(circle.id, gone.id, at(2));

      expect((await ctx.store.market.schedules(circle.id)).map((s) => s.offerId).sort()).toEqual(
        [offer.id, cups.id].sort(),
      );
      expect(await ctx.store.market.schedules(other.id)).toEqual([fridays(elsewhere.id, owner.id)]);
      // The removed offer's schedule is still there by id (the runner checks the offer before posting).
      expect(await ctx.store.market.schedule(gone.id)).not.toBeNull();
    });

    it('an offer is found by id alone, removed or not', async () => {
      const { circle, offer } = await setUp();
      expect(await ctx.store.market.offerById(offer.id)).toEqual(offer);
      await ctx.store.market.removeOffer(circle.id, offer.id, at(3));
      expect(await ctx.store.market.offerById(offer.id)).toEqual({ ...offer, removedAt: at(3) });
      expect(await ctx.store.market.offerById(offer.id + 1000)).toBeNull();
    });
  });

  describe('market: scheduled runs', () => {
    const friday = at(60);
    const nextFriday = at(60 + 7 * 24 * 60);

    it('a run is claimed by the first caller only, skipped runs included, per offer and slot', async () => {
      const { circle, owner, offer } = await setUp();
      const cups = await anOffer(ctx.store, circle.id, owner.id, 'SchedCode002');
      expect(await ctx.store.market.claimRun(offer.id, friday, 'claimed', at(61))).toBe(true);
      expect(await ctx.store.market.claimRun(offer.id, friday, 'claimed', at(62))).toBe(false);
      expect(await ctx.store.market.claimRun(offer.id, friday, 'skipped', at(62))).toBe(false);
      // Another slot of the same offer, and the same slot of another offer, are runs of their own.
      expect(await ctx.store.market.claimRun(cups.id, friday, 'claimed', at(61))).toBe(true);
      expect(await ctx.store.market.claimRun(offer.id, nextFriday, 'skipped', at(63))).toBe(true);
      expect(await ctx.store.market.claimRun(offer.id, nextFriday, 'claimed', at(64))).toBe(false);
      expect(await ctx.store.market.runs(offer.id)).toEqual([
        { slot: friday, outcome: 'claimed', messageId: null },
        { slot: nextFriday, outcome: 'skipped', messageId: null },
      ]);
    });

    it('a finished run is posted with its message, and releasing it then changes nothing', async () => {
      const { offer } = await setUp();
      await ctx.store.market.claimRun(offer.id, friday, 'claimed', at(61));
      await ctx.store.market.finishRun(offer.id, friday, '4242');
      await ctx.store.market.releaseRun(offer.id, friday);
      expect(await ctx.store.market.runs(offer.id)).toEqual([
        { slot: friday, outcome: 'posted', messageId: '4242' },
      ]);
      expect(await ctx.store.market.claimRun(offer.id, friday, 'claimed', at(70))).toBe(false);
    });

    it('a released claim (the post failed) may be claimed again; a skipped run is not released', async () => {
      const { offer } = await setUp();
      await ctx.store.market.claimRun(offer.id, friday, 'claimed', at(61));
      await ctx.store.market.releaseRun(offer.id, friday);
      expect(await ctx.store.market.runs(offer.id)).toEqual([]);
      expect(await ctx.store.market.claimRun(offer.id, friday, 'claimed', at(62))).toBe(true);

      await ctx.store.market.claimRun(offer.id, nextFriday, 'skipped', at(63));
      await ctx.store.market.releaseRun(offer.id, nextFriday);
      expect(await ctx.store.market.claimRun(offer.id, nextFriday, 'claimed', at(64))).toBe(false);
    });

    it('runs are listed oldest first, whatever order they were claimed in', async () => {
      const { offer } = await setUp();
      const slots = [at(300), at(100), at(200)];
      for (const slot of slots) await ctx.store.market.claimRun(offer.id, slot, 'claimed', at(400));
      expect((await ctx.store.market.runs(offer.id)).map((r) => r.slot)).toEqual([at(100), at(200), at(300)]);
    });
  });
}
