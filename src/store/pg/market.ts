import { and, asc, count, countDistinct, eq, gte, isNull, sql } from 'drizzle-orm';
import type { MarketRepo, Offer, OfferSchedule } from '../../core/market/repo.js';
import { changed, type Pg } from './db.js';
import { offerClicks, offerPosts, offerSchedules, offers } from './schema.js';

function toOffer(row: typeof offers.$inferSelect): Offer {
  return {
    id: row.id,
    circleId: row.circleId,
    title: row.title,
    url: row.url,
    priceMinor: row.priceMinor,
    currency: row.currency,
    description: row.description,
    sponsored: row.sponsored,
    code: row.code,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    removedAt: row.removedAt,
  };
}

function toSchedule(row: typeof offerSchedules.$inferSelect): OfferSchedule {
  return {
    offerId: row.offerId,
    cron: row.cron,
    timezone: row.timezone,
    place: { platform: row.placePlatform, id: row.placeId },
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

/**
 * Offers, their clicks and posting schedules in PostgreSQL. Every method is one statement, so atomic on its
 * own; a scheduled run is claimed by an insert that only one caller (of any process) can make.
 */
export function pgMarket(pg: Pg): MarketRepo {
  const live = (circleId: number, id: number) =>
    and(eq(offers.circleId, circleId), eq(offers.id, id), isNull(offers.removedAt));

  return {
    async addOffer(offer) {
      const [row] = await pg.write((db) =>
        db
          .insert(offers)
          .values({ ...offer, removedAt: null })
          .onConflictDoNothing({ target: offers.code })
          .returning(),
      );
      return row ? toOffer(row) : null;
    },

    async offer(circleId, id) {
      const [row] = await pg.run((db) =>
        db
          .select()
          .from(offers)
          .where(and(eq(offers.circleId, circleId), eq(offers.id, id)))
          .limit(1),
      );
      return row ? toOffer(row) : null;
    },

    async offerById(id) {
      const [row] = await pg.run((db) => db.select().from(offers).where(eq(offers.id, id)).limit(1));
      return row ? toOffer(row) : null;
    },

    async offers(circleId, opts = {}) {
      const rows = await pg.run((db) =>
        db
          .select()
          .from(offers)
          .where(
            and(eq(offers.circleId, circleId), opts.includeRemoved ? undefined : isNull(offers.removedAt)),
          )
          .orderBy(asc(offers.id)),
      );
      return rows.map(toOffer);
    },

    async byCode(code) {
      const [row] = await pg.run((db) =>
        db
          .select()
          .from(offers)
          .where(and(eq(offers.code, code), isNull(offers.removedAt)))
          .limit(1),
      );
      return row ? toOffer(row) : null;
    },

    async removeOffer(circleId, id, at) {
      const result = await pg.write((db) =>
        db.update(offers).set({ removedAt: at }).where(live(circleId, id)),
      );
      return changed(result) > 0;
    },

    async setSponsored(circleId, id, sponsored) {
      const [row] = await pg.write((db) =>
        db.update(offers).set({ sponsored }).where(live(circleId, id)).returning(),
      );
      return row ? toOffer(row) : null;
    },

    async recordClick(click) {
      // An unknown member id becomes NULL in the same statement instead of failing the foreign key.
      const memberId =
        click.memberId === null ? null : sql`(select id from members where id = ${click.memberId})`;
      await pg.write((db) =>
        db.insert(offerClicks).values({ offerId: click.offerId, memberId, at: click.at }),
      );
    },

    async clicks(circleId, since) {
      return pg.run((db) =>
        db
          .select({
            offerId: offerClicks.offerId,
            clicks: count(),
            members: countDistinct(offerClicks.memberId),
          })
          .from(offerClicks)
          .innerJoin(offers, eq(offers.id, offerClicks.offerId))
          .where(and(eq(offers.circleId, circleId), since ? gte(offerClicks.at, since) : undefined))
          .groupBy(offerClicks.offerId)
          .orderBy(asc(offerClicks.offerId)),
      );
    },

    async setSchedule(schedule) {
      const row = {
        cron: schedule.cron,
        timezone: schedule.timezone,
        placePlatform: schedule.place.platform,
        placeId: schedule.place.id,
        createdBy: schedule.createdBy,
        createdAt: schedule.createdAt,
      };
      await pg.write((db) =>
        db
          .insert(offerSchedules)
          .values({ offerId: schedule.offerId, ...row })
          .onConflictDoUpdate({ target: offerSchedules.offerId, set: row }),
      );
    },

    async removeSchedule(offerId) {
      const result = await pg.write((db) =>
        db.delete(offerSchedules).where(eq(offerSchedules.offerId, offerId)),
      );
      return changed(result) > 0;
    },

    async schedule(offerId) {
      const [row] = await pg.run((db) =>
        db.select().from(offerSchedules).where(eq(offerSchedules.offerId, offerId)).limit(1),
      );
      return row ? toSchedule(row) : null;
    },

    async schedules(circleId) {
      const rows = await pg.run((db) =>
        db
          .select({ schedule: offerSchedules })
          .from(offerSchedules)
          .innerJoin(offers, eq(offers.id, offerSchedules.offerId))
          .where(and(eq(offers.circleId, circleId), isNull(offers.removedAt)))
          .orderBy(asc(offerSchedules.offerId)),
      );
      return rows.map((r) => toSchedule(r.schedule));
    },

    async claimRun(offerId, slot, outcome, at) {
      const result = await pg.write((db) =>
        db.insert(offerPosts).values({ offerId, slot, outcome, messageId: null, at }).onConflictDoNothing(),
      );
      return changed(result) > 0;
    },

    async finishRun(offerId, slot, messageId) {
      await pg.write((db) =>
        db
          .update(offerPosts)
          .set({ outcome: 'posted', messageId })
          .where(and(eq(offerPosts.offerId, offerId), eq(offerPosts.slot, slot))),
      );
    },

    async releaseRun(offerId, slot) {
      await pg.write((db) =>
        db
          .delete(offerPosts)
          .where(
            and(
              eq(offerPosts.offerId, offerId),
              eq(offerPosts.slot, slot),
              eq(offerPosts.outcome, 'claimed'),
            ),
          ),
      );
    },

    async runs(offerId) {
      return pg.run((db) =>
        db
          .select({ slot: offerPosts.slot, outcome: offerPosts.outcome, messageId: offerPosts.messageId })
          .from(offerPosts)
          .where(eq(offerPosts.offerId, offerId))
          .orderBy(asc(offerPosts.slot)),
      );
    },
  };
}
