import { z } from 'zod';
import { type Circle, circleName } from '../circle.js';
import { t } from '../i18n/index.js';
import type { MemberRecord } from '../repos.js';
import type { AutomationDeps } from './deps.js';
import type { QuietMember } from './repo.js';
import { nameOf } from './welcome.js';

export const NUDGE_JOB = 'automation.nudge';
const DAY_MS = 86_400_000;
/**
 * Nudges one circle sends in one daily pass at most: the rest wait for the next day. Keeps a circle that
 * just turned nudges on from a burst of private messages (and within the platforms' flood limits).
 */
export const NUDGES_PER_PASS = 50;
/** Room for the circle's admins among the quiet members read in one pass: they are skipped. */
const ADMINS_SKIPPED = 20;

/** One circle's daily nudge job: its key makes scheduling idempotent. */
export const nudgeKey = (circleId: number) => `${NUDGE_JOB}:${circleId}`;

const nudgePayload = z.object({ circleId: z.number().int().positive() });

/** Schedules the circle's daily look for quiet members (a day from now) unless one is scheduled. */
export async function startNudges(deps: AutomationDeps, circleId: number): Promise<void> {
  const pending = await deps.store.jobs.pending(NUDGE_JOB);
  if (pending.some((job) => job.key === nudgeKey(circleId))) return;
  await deps.store.jobs.schedule({
    kind: NUDGE_JOB,
    key: nudgeKey(circleId),
    payload: { circleId },
    runAt: new Date(deps.clock.now().getTime() + DAY_MS),
  });
}

export async function stopNudges(deps: AutomationDeps, circleId: number): Promise<void> {
  await deps.store.jobs.cancel(nudgeKey(circleId));
}

/** The friendly private message: their points and level, and what happened since they were last seen. */
async function nudgeText(deps: AutomationDeps, circle: Circle, member: MemberRecord, quiet: QuietMember) {
  const lang = circle.lang;
  const lines = [
    t(lang, 'automation.nudge.hello', {
      name: nameOf(member),
      circle: circleName(circle),
      points: quiet.points,
      level: quiet.level,
    }),
  ];
  const day = (at: Date) => Math.floor(at.getTime() / DAY_MS);
  const since = await deps.store.dashboard.activity(
    circle.id,
    day(quiet.lastActiveAt) + 1,
    day(deps.clock.now()),
  );
  const messages = since.reduce((sum, d) => sum + d.messages, 0);
  const joins = since.reduce((sum, d) => sum + d.joins, 0);
  if (messages > 0 || joins > 0) lines.push(t(lang, 'automation.nudge.news', { messages, joins }));
  lines.push('', t(lang, 'automation.nudge.footer'));
  return lines.join('\n');
}

/**
 * One daily pass over a circle: each member quiet for the circle's time, not opted out, not an admin and
 * not nudged since they were last active gets one private message. The nudge is recorded before it is sent, so a pass
 * run twice (a restart) writes to nobody twice; a member whose private chat is closed is recorded as
 * unreachable and not tried again until they have been active and gone quiet again. Returns how many
 * messages went out.
 */
export async function runNudges(deps: AutomationDeps, raw: unknown): Promise<number> {
  const { store, ports, clock, log } = deps;
  const { circleId } = nudgePayload.parse(raw);
  const circle = await store.circles.byId(circleId);
  const after = circle?.settings.automation.nudgeAfterMs ?? null;
  if (!circle || after === null) return 0;
  const now = clock.now();
  let sent = 0;
  let unreachable = 0;
  if (ports.has(circle.chat.platform)) {
    const port = ports.get(circle.chat.platform);
    const quiet = await store.automation.quietMembers(
      circleId,
      new Date(now.getTime() - after),
      NUDGES_PER_PASS + ADMINS_SKIPPED,
    );
    for (const candidate of quiet) {
      if (sent + unreachable >= NUDGES_PER_PASS) break;
      const member = await store.members.byId(candidate.memberId);
      // The circle's own admins are not reminded of it.
      if (!member || (await port.isAdmin(circle.chat, member.ref))) continue;
      if (!(await store.automation.claimNudge(circleId, member.id, candidate.lastActiveAt, now))) continue;
      const text = await nudgeText(deps, circle, member, candidate);
      const delivered = await port.sendDirect(member.ref, { text }).catch((err: unknown) => {
        log.warn({ err, circleId, memberId: member.id }, 'nudge failed');
        return null;
      });
      if (delivered) sent++;
      else {
        unreachable++;
        await store.automation.nudgeUnreachable(circleId, member.id);
      }
    }
    log.info({ circleId, candidates: quiet.length, sent, unreachable }, 'nudge pass');
  }
  await store.jobs.schedule({
    kind: NUDGE_JOB,
    key: nudgeKey(circleId),
    payload: { circleId },
    runAt: new Date(now.getTime() + DAY_MS),
  });
  return sent;
}
