import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Ports } from '../ports.js';
import type { Store } from '../store.js';
import type { TrackedLinks } from './links.js';
import { offerPost } from './render.js';
import type { OfferSchedule } from './repo.js';
import { nextRuns } from './schedule.js';

export const POST_JOB = 'market.post';

/** A run this much past its time was missed (the bot was down): the circle's `missedPosts` setting decides. */
export const MISSED_AFTER_MS = 5 * 60_000;

const runPayload = z.object({
  offerId: z.number().int().positive(),
  slot: z.number().int(),
  cron: z.string(),
});
type RunPayload = z.infer<typeof runPayload>;

export interface ScheduledPostsDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly clock: Clock;
  readonly log: Logger;
  readonly links: TrackedLinks;
}

/**
 * Offers posted by themselves. Each run is a durable job keyed by offer and time, so planning a run twice
 * is harmless; before posting, the run is claimed in the store, so however often its job fires (a restart,
 * a second process) it is posted at most once. A job planned for a pattern since replaced or removed does
 * nothing. A post that fails is given back and its job retried; the next run is planned first, so a
 * failing run never stops the schedule.
 */
export class ScheduledPosts {
  constructor(private readonly deps: ScheduledPostsDeps) {}

  /** Plans the first run after `from` of a schedule just set. Returns when it is. */
  async start(schedule: OfferSchedule, from: Date): Promise<Date | null> {
    return this.#plan(schedule, from);
  }

  /** The job: post one run of an offer's schedule. */
  async run(raw: unknown): Promise<void> {
    const { store, clock, log } = this.deps;
    const payload = runPayload.parse(raw);
    const schedule = await store.market.schedule(payload.offerId);
    if (!schedule || schedule.cron !== payload.cron) return;
    const offer = await store.market.offerById(payload.offerId);
    const circle = offer ? await store.circles.byId(offer.circleId) : null;
    if (!offer || offer.removedAt || !circle) {
      await store.market.removeSchedule(payload.offerId);
      return;
    }
    const slot = new Date(payload.slot);
    const now = clock.now();
    const missed = now.getTime() - slot.getTime() > MISSED_AFTER_MS;
    await this.#plan(schedule, missed ? now : slot);
    const fields = { offerId: offer.id, circleId: circle.id, slot: slot.toISOString() };

    const url = this.deps.links.url(offer.code);
    if (url === null || (missed && circle.settings.market.missedPosts === 'skip')) {
      if (await store.market.claimRun(offer.id, slot, 'skipped', now)) {
        log.warn({ ...fields, why: url === null ? 'no_public_url' : 'missed' }, 'scheduled post skipped');
      }
      return;
    }
    if (!(await store.market.claimRun(offer.id, slot, 'claimed', now))) {
      log.info(fields, 'scheduled post already claimed: not posted again');
      return;
    }
    if (missed) log.warn(fields, 'scheduled post missed while the bot was down: posting it now');
    try {
      const sent = await this.deps.ports
        .get(schedule.place.platform)
        .send(schedule.place, offerPost(circle.lang, offer, url));
      await store.market.finishRun(offer.id, slot, sent.messageId);
      log.info(fields, 'scheduled post sent');
    } catch (err) {
      await store.market.releaseRun(offer.id, slot);
      throw err;
    }
  }

  async #plan(schedule: OfferSchedule, after: Date): Promise<Date | null> {
    const [next] = nextRuns(schedule.cron, schedule.timezone, after, 1);
    if (!next) return null;
    const payload: RunPayload = { offerId: schedule.offerId, slot: next.getTime(), cron: schedule.cron };
    await this.deps.store.jobs.schedule({
      kind: POST_JOB,
      key: `${POST_JOB}:${schedule.offerId}:${next.getTime()}`,
      payload,
      runAt: next,
    });
    return next;
  }
}
