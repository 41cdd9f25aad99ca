import { z } from 'zod';
import type { Circle } from '../circle.js';
import type { Feature } from '../feature.js';
import { type Lang, t } from '../i18n/index.js';
import { PLATFORMS } from '../refs.js';
import { pointsCommands } from './commands.js';
import { decayAmount } from './decay.js';
import { levelOf, NOTICE_JOB, type PointsDeps, PointsFlow } from './flow.js';

export const DECAY_JOB = 'points.decay';
const WEEK_MS = 7 * 86_400_000;

const noticePayload = z.object({ platform: z.enum(PLATFORMS), chatId: z.string(), messageId: z.string() });

/** Points as a core feature: earning from activity, privileges, commands, notice clean-up, weekly decay. */
export function pointsFeature(
  deps: PointsDeps,
): Feature & { readonly flow: PointsFlow; runDecay(): Promise<number> } {
  const flow = new PointsFlow(deps);
  const { store, ports, clock, log } = deps;

  /** One weekly decay pass over every circle that has decay on; returns the members touched. */
  async function runDecay(): Promise<number> {
    const at = clock.now();
    let touched = 0;
    for (const circle of await store.circles.list()) {
      const decay = circle.settings.points.decay;
      if (!decay) continue;
      const before = new Date(at.getTime() - decay.afterDays * 86_400_000);
      for (const standing of await store.points.inactiveSince(circle.id, before, 10_000)) {
        const amount = decayAmount({
          total: standing.points,
          lastActiveAt: standing.lastActiveAt,
          at,
          decay,
        });
        if (amount <= 0) continue;
        await store.points.record(
          circle.id,
          standing.memberId,
          [
            {
              circleId: circle.id,
              memberId: standing.memberId,
              kind: 'decay',
              points: -amount,
              sourceKey: `decay:${circle.id}:${standing.memberId}:${at.toISOString().slice(0, 10)}`,
              at,
            },
          ],
          {},
          levelOf,
        );
        touched++;
      }
    }
    await store.jobs.schedule({
      kind: DECAY_JOB,
      key: DECAY_JOB,
      payload: {},
      runAt: new Date(at.getTime() + WEEK_MS),
    });
    log.info({ touched }, 'points decay pass');
    return touched;
  }

  return {
    name: 'points',
    flow,
    runDecay,
    commands: pointsCommands({
      store,
      now: () => clock.now(),
      afterRecord: (circle, member, result, cause) => flow.afterRecord(circle, member, result, cause),
    }),
    describe: describePoints,
    on: {
      async message(ctx) {
        if (ctx.circle && !ctx.event.private) await flow.onMessage(ctx.circle, ctx.member, ctx.event);
      },
      async reaction(ctx) {
        if (ctx.circle) await flow.onReaction(ctx.circle, ctx.member, ctx.event);
      },
    },
    jobs: {
      async [NOTICE_JOB](payload) {
        const notice = noticePayload.parse(payload);
        if (!ports.has(notice.platform)) return;
        await ports
          .get(notice.platform)
          .deleteMessage({ platform: notice.platform, id: notice.chatId }, notice.messageId)
          .catch((err: unknown) => log.warn({ err }, 'privilege notice already gone'));
      },
      [DECAY_JOB]: async () => {
        await runDecay();
      },
    },
  };
}

function describePoints(circle: Circle, lang: Lang): string[] {
  const p = circle.settings.points;
  const level = (l: number | null) => (l === null ? t(lang, 'points.level.everyone') : String(l));
  return [
    t(lang, 'points.describe', {
      state: t(lang, p.enabled ? 'generic.on' : 'generic.off'),
      min: p.messageMin,
      max: p.messageMax,
      cooldown: Math.round(p.cooldownMs / 1000),
      links: level(p.privileges.links),
      media: level(p.privileges.media),
      decay: p.decay ? `${p.decay.percentPerWeek}%/week after ${p.decay.afterDays}d` : t(lang, 'generic.off'),
    }),
  ];
}
