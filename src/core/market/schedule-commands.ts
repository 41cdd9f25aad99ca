import { sectionUpdater } from '../commands/settings.js';
import type { SubcommandSpec } from '../commands/spec.js';
import { sub } from '../commands/spec.js';
import { InvalidInputError } from '../errors.js';
import { formatTimeIn } from '../format.js';
import type { Store } from '../store.js';
import { liveOffer } from './offer-lookup.js';
import type { ScheduledPosts } from './posts.js';
import { checkCron, describeCron, nextRuns } from './schedule.js';
import { isTimeZone } from './settings.js';

export interface ScheduleCommandDeps {
  readonly store: Store;
  readonly posts: ScheduledPosts;
  readonly now: () => Date;
}

/** Why a pattern was refused, as the catalog says it. */
function cronError(reason: string, pattern: string): InvalidInputError {
  const value = pattern.slice(0, 60);
  if (reason === 'often') return new InvalidInputError('market.schedule.err.often', { value });
  if (reason === 'never') return new InvalidInputError('market.schedule.err.never', { value });
  if (reason === 'fields' || reason === 'length')
    return new InvalidInputError('market.schedule.err.format', { value });
  return new InvalidInputError('market.schedule.err.invalid', { value, detail: reason.slice(0, 120) });
}

/** `/offer schedule|unschedule|timezone|missed|points`: posts on a cron pattern, and what a payment earns. */
export function scheduleSubcommands(deps: ScheduleCommandDeps): SubcommandSpec[] {
  const { store, posts } = deps;

  const update = sectionUpdater(store, 'market');

  return [
    sub({
      name: 'schedule',
      help: 'market.help.schedule',
      args: [
        { name: 'id', kind: 'word' },
        { name: 'cron', kind: 'text' },
      ],
      async run(ctx, args) {
        const offer = await liveOffer(store, ctx, args.id);
        const circle = ctx.circle!;
        const timezone = circle.settings.market.timezone;
        const now = deps.now();
        const checked = checkCron(args.cron, timezone, now);
        if (!checked.ok) throw cronError(checked.reason, args.cron);
        const schedule = {
          offerId: offer.id,
          cron: checked.pattern,
          timezone,
          place: ctx.event.place ?? ctx.event.chat,
          createdBy: ctx.caller.id,
          createdAt: now,
        };
        await store.market.setSchedule(schedule);
        await posts.start(schedule, now);
        await store.audit.record({
          circleId: circle.id,
          actorId: ctx.caller.id,
          action: 'market.scheduled',
          detail: { offerId: offer.id, cron: checked.pattern, timezone },
          at: now,
        });
        const runs = nextRuns(checked.pattern, timezone, now, 3).map((at) => formatTimeIn(at, timezone));
        await ctx.reply('market.schedule.set', {
          id: offer.id,
          title: offer.title,
          words: describeCron(checked.pattern, ctx.lang),
          timezone,
          runs: runs.map((r) => `  • ${r}`).join('\n'),
        });
      },
    }),
    sub({
      name: 'unschedule',
      help: 'market.help.unschedule',
      args: [{ name: 'id', kind: 'word' }],
      async run(ctx, args) {
        const offer = await liveOffer(store, ctx, args.id);
        if (!(await store.market.removeSchedule(offer.id))) {
          await ctx.reply('market.schedule.none', { id: offer.id });
          return;
        }
        await store.audit.record({
          circleId: offer.circleId,
          actorId: ctx.caller.id,
          action: 'market.unscheduled',
          detail: { offerId: offer.id },
          at: deps.now(),
        });
        await ctx.reply('market.schedule.removed', { id: offer.id, title: offer.title });
      },
    }),
    sub({
      name: 'timezone',
      help: 'market.help.timezone',
      args: [{ name: 'zone', kind: 'word' }],
      async run(ctx, args) {
        const zone = args.zone.trim();
        if (zone.length > 64 || !isTimeZone(zone)) {
          throw new InvalidInputError('market.schedule.err.zone', { value: zone.slice(0, 64) });
        }
        // Canonical spelling (`asia/shanghai` → `Asia/Shanghai`), as Intl resolves it.
        const canonical = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
        const circle = await update(ctx, { timezone: canonical });
        // Schedules already set keep the zone they were set in; re-scheduling reads the new one.
        const count = (await store.market.schedules(circle.id)).length;
        await ctx.reply('market.schedule.zone', { zone: canonical, count });
      },
    }),
    sub({
      name: 'points',
      help: 'market.help.points',
      args: [{ name: 'points', kind: 'int', min: 0, max: 100_000 }],
      async run(ctx, args) {
        await update(ctx, { paymentPoints: args.points });
        await ctx.reply('market.paymentPoints', { points: args.points });
      },
    }),
    sub({
      name: 'missed',
      help: 'market.help.missed',
      args: [{ name: 'policy', kind: 'choice', choices: ['post', 'skip'] }],
      async run(ctx, args) {
        await update(ctx, { missedPosts: args.policy });
        await ctx.reply(
          args.policy === 'post' ? 'market.schedule.missed.post' : 'market.schedule.missed.skip',
        );
      },
    }),
  ];
}
