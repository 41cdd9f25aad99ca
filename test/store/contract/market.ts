import { describe, expect, it } from 'vitest';
import type { NewOffer } from '../../../src/core/market/repo.js';
import type { Store } from '../../../src/core/store.js';
import { aCircle, aMember, at, DAY, type StoreContext } from './fixtures.js';

/** Offers, their tracked-link codes and clicks. */
export function describeMarketContract(ctx: StoreContext): void {
  async function setUp() {
    const circle = await aCircle(ctx.store);
    const owner = await aMember(ctx.store, '1', 'olivia');
    return { circle, owner };
  }

  function tea(circleId: number, createdBy: number, more: Partial<NewOffer> = {}): NewOffer {
    return {
      circleId,
      title: 'Spring tea set',
      url: 'https://shop.example/tea',
      priceMinor: 8900,
      currency: 'CNY',
      description: 'Loose-leaf oolong',
      sponsored: false,
      code: 'TeaCode00001',
      createdBy,
      createdAt: at(0),
      ...more,
    };
  }

  async function add(store: Store, offer: NewOffer) {
    const added = await store.market.addOffer(offer);
    if (!added) throw new Error('code taken');
    return added;
  }

  describe('market offers and clicks', () => {
    it('an added offer reads back whole, by id and by its code', async () => {
      const { circle, owner } = await setUp();
      const offer = await add(ctx.store, tea(circle.id, owner.id));
      expect(offer).toEqual({ ...tea(circle.id, owner.id), id: offer.id, removedAt: null });
      expect(await ctx.store.market.offer(circle.id, offer.id)).toEqual(offer);
      expect(await ctx.store.market.byCode('TeaCode00001')).toEqual(offer);
      expect(await ctx.store.market.offers(circle.id)).toEqual([offer]);
    });

    it('a code already taken is refused with null, in any circle, and nothing is stored', async () => {
      const { circle, owner } = await setUp();
      const other = await aCircle(ctx.store, '-1002');
      await add(ctx.store, tea(circle.id, owner.id));
      expect(await ctx.store.market.addOffer(tea(other.id, owner.id, { title: 'Copy' }))).toBeNull();
      expect(await ctx.store.market.offers(other.id)).toEqual([]);
    });

    it("another circle's offer is not found by id, removed or sponsored from here", async () => {
      const { circle, owner } = await setUp();
      const other = await aCircle(ctx.store, '-1002');
      const offer = await add(ctx.store, tea(circle.id, owner.id));
      expect(await ctx.store.market.offer(other.id, offer.id)).toBeNull();
      expect(await ctx.store.market.removeOffer(other.id, offer.id, at(1))).toBe(false);
      expect(await ctx.store.market.setSponsored(other.id, offer.id, true)).toBeNull();
      expect(await ctx.store.market.offer(circle.id, offer.id)).toEqual(offer);
    });

    it('removing is soft: the offer leaves the list and its code, but keeps its row and clicks', async () => {
      const { circle, owner } = await setUp();
      const offer = await add(ctx.store, tea(circle.id, owner.id));
      const cups = await add(ctx.store, tea(circle.id, owner.id, { title: 'Cups', code: 'CupsCode0001' }));
      await ctx.store.market.recordClick({ offerId: offer.id, memberId: null, at: at(1) });
      expect(await ctx.store.market.removeOffer(circle.id, offer.id, at(2))).toBe(true);
      expect(await ctx.store.market.removeOffer(circle.id, offer.id, at(3))).toBe(false);

      expect(await ctx.store.market.byCode('TeaCode00001')).toBeNull();
      expect(await ctx.store.market.offers(circle.id)).toEqual([cups]);
      const all = await ctx.store.market.offers(circle.id, { includeRemoved: true });
      expect(all.map((o) => [o.id, o.removedAt])).toEqual([
        [offer.id, at(2)],
        [cups.id, null],
      ]);
      expect(await ctx.store.market.clicks(circle.id, null)).toEqual([
        { offerId: offer.id, clicks: 1, members: 0 },
      ]);
      expect(await ctx.store.market.setSponsored(circle.id, offer.id, true)).toBeNull();
    });

    it('the sponsored label is set and cleared', async () => {
      const { circle, owner } = await setUp();
      const offer = await add(ctx.store, tea(circle.id, owner.id));
      expect(await ctx.store.market.setSponsored(circle.id, offer.id, true)).toEqual({
        ...offer,
        sponsored: true,
      });
      expect((await ctx.store.market.setSponsored(circle.id, offer.id, false))?.sponsored).toBe(false);
    });

    it('clicks are counted per offer in a period, with the distinct members known', async () => {
      const { circle, owner } = await setUp();
      const ann = await aMember(ctx.store, '7', 'ann');
      const bob = await aMember(ctx.store, '8', 'bob');
      const offer = await add(ctx.store, tea(circle.id, owner.id));
      const cups = await add(ctx.store, tea(circle.id, owner.id, { title: 'Cups', code: 'CupsCode0001' }));
      const other = await aCircle(ctx.store, '-1002');
      const elsewhere = await add(ctx.store, tea(other.id, owner.id, { code: 'Elsewhere001' }));
      const click = (offerId: number, memberId: number | null, minutes: number) =>
        ctx.store.market.recordClick({ offerId, memberId, at: at(minutes) });
      await click(offer.id, ann.id, -10 * DAY); // before the period
      await click(offer.id, ann.id, 1);
      await click(offer.id, ann.id, 2);
      await click(offer.id, bob.id, 3);
      await click(offer.id, null, 4);
      await click(cups.id, null, 5);
      await click(elsewhere.id, ann.id, 6);

      expect(await ctx.store.market.clicks(circle.id, at(0))).toEqual([
        { offerId: offer.id, clicks: 4, members: 2 },
        { offerId: cups.id, clicks: 1, members: 0 },
      ]);
      expect(await ctx.store.market.clicks(circle.id, null)).toEqual([
        { offerId: offer.id, clicks: 5, members: 2 },
        { offerId: cups.id, clicks: 1, members: 0 },
      ]);
      expect(await ctx.store.market.clicks(circle.id, at(10))).toEqual([]);
    });

    it('a click naming a member who is not stored counts as unknown; one for no offer throws', async () => {
      const { circle, owner } = await setUp();
      const offer = await add(ctx.store, tea(circle.id, owner.id));
      await ctx.store.market.recordClick({ offerId: offer.id, memberId: 9999, at: at(1) });
      expect(await ctx.store.market.clicks(circle.id, null)).toEqual([
        { offerId: offer.id, clicks: 1, members: 0 },
      ]);
      await expect(
        ctx.store.market.recordClick({ offerId: 9999, memberId: null, at: at(1) }),
      ).rejects.toThrow();
    });
  });
}
