import { z } from 'zod';
import { circleName } from '../circle.js';
import { labelOf } from '../format.js';
import type { AutomationDeps } from './deps.js';
import { DECLINES_SHOWN, digestText, namedMembers } from './digest-text.js';

export const DIGEST_JOB = 'automation.digest';
export const WEEK_MS = 7 * 86_400_000;

/** One circle's digest job: its key makes scheduling idempotent (one pending digest per circle). */
export const digestKey = (circleId: number) => `${DIGEST_JOB}:${circleId}`;

/** The week a digest job reports: `[from, to)`, sent at `to`. */
const digestPayload = z.object({
  circleId: z.number().int().positive(),
  from: z.coerce.date(),
  to: z.coerce.date(),
});

/** When the circle's next digest goes out, or `null` when none is scheduled. */
export async function nextDigest(
  deps: Pick<AutomationDeps, 'store'>,
  circleId: number,
): Promise<Date | null> {
  const pending = await deps.store.jobs.pending(DIGEST_JOB);
  return pending.find((job) => job.key === digestKey(circleId))?.runAt ?? null;
}

/** Schedules the circle's first digest a week from now, unless one is already scheduled; returns when. */
export async function startDigest(deps: AutomationDeps, circleId: number): Promise<Date> {
  const next = await nextDigest(deps, circleId);
  if (next) return next;
  const from = deps.clock.now();
  const to = new Date(from.getTime() + WEEK_MS);
  await deps.store.jobs.schedule({
    kind: DIGEST_JOB,
    key: digestKey(circleId),
    payload: { circleId, from, to },
    runAt: to,
  });
  return to;
}

/** The digest's week after `to`: it ends a week later, or at the first weekly slot still to come. */
function following(to: Date, now: Date): Date {
  let end = to.getTime() + WEEK_MS;
  while (end <= now.getTime()) end += WEEK_MS;
  return new Date(end);
}

/**
 * Sends one week's digest to every admin on the circle's list, then schedules the next week. Each admin's
 * copy is claimed before it is sent, so a job run again (a restart mid-way) sends nobody a second copy; a
 * week missed while the bot was down is sent once at start, and the next one covers everything since.
 * Someone no longer an admin is taken off the list.
 */
export async function runDigest(deps: AutomationDeps, raw: unknown): Promise<void> {
  const { store, ports, clock, log } = deps;
  const { circleId, from, to } = digestPayload.parse(raw);
  const circle = await store.circles.byId(circleId);
  const subscribers = circle ? await store.automation.digestSubscribers(circleId) : [];
  if (!circle || subscribers.length === 0) {
    log.info({ circleId }, 'weekly digest stopped: nobody asked for it');
    return;
  }
  const nextTo = following(to, clock.now());
  if (ports.has(circle.chat.platform)) {
    const port = ports.get(circle.chat.platform);
    const facts = await store.automation.digestFacts(circleId, from, to, DECLINES_SHOWN);
    const names = new Map<number, string>();
    for (const id of namedMembers(facts)) {
      const member = await store.members.byId(id);
      if (member) names.set(id, labelOf(member));
    }
    const text = digestText(circle.lang, { circle: circleName(circle), from, to, facts, names });
    let sent = 0;
    for (const memberId of subscribers) {
      const admin = await store.members.byId(memberId);
      if (!admin) continue;
      if (!(await port.isAdmin(circle.chat, admin.ref))) {
        await store.automation.unsubscribeDigest(circleId, memberId);
        log.info({ circleId, memberId }, 'digest subscriber is no longer an admin: taken off the list');
        continue;
      }
      if (!(await store.automation.claimDigest(circleId, memberId, to, clock.now()))) continue;
      if (await port.sendDirect(admin.ref, { text })) sent++;
      else log.info({ circleId, memberId }, 'digest not delivered: private chat closed');
    }
    log.info({ circleId, sent, from, to }, 'weekly digest sent');
  } else {
    log.warn(
      { circleId, platform: circle.chat.platform },
      'weekly digest skipped: the platform is not running',
    );
  }
  await store.jobs.schedule({
    kind: DIGEST_JOB,
    key: digestKey(circleId),
    payload: { circleId, from: to, to: nextTo },
    runAt: nextTo,
  });
}
