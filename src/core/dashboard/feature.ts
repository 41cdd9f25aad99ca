import { circleName } from '../circle.js';
import type { Clock } from '../clock.js';
import { defineCommand } from '../commands/spec.js';
import type { Feature } from '../feature.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store.js';
import type { DashboardAuth } from './auth.js';
import { LOGIN_LINK_TTL_MS } from './login-token.js';

export interface DashboardFeatureDeps {
  readonly store: Pick<Store, 'dashboard'>;
  /** `null` when the HTTP server is off: `/dashboard` then says why there is no link. */
  readonly auth: DashboardAuth | null;
  readonly clock: Clock;
  readonly log: Logger;
}

const dayOf = (at: Date) => Math.floor(at.getTime() / 86_400_000);

/**
 * The owner dashboard in chat: `/dashboard` (admins) sends a one-time login link privately, and every group
 * message and join is counted per day for the dashboard's activity chart.
 */
export function dashboardFeature(deps: DashboardFeatureDeps): Feature {
  const { store, clock } = deps;

  const dashboard = defineCommand({
    name: 'dashboard',
    adminOnly: true,
    where: 'circle',
    help: 'dashboard.help',
    async run(ctx) {
      const circle = ctx.circle!;
      const url = deps.auth?.loginUrl(ctx.caller, circle.id) ?? null;
      if (url === null) {
        await ctx.reply('dashboard.cmd.off');
        return;
      }
      const minutes = LOGIN_LINK_TTL_MS / 60_000;
      const sent = await ctx.port.sendDirect(ctx.event.member, {
        text: ctx.t('dashboard.cmd.link', { circle: circleName(circle), minutes, url }),
        buttons: [[{ label: ctx.t('dashboard.cmd.open'), url }]],
      });
      deps.log.info(
        { event: 'dashboard.link_sent', circleId: circle.id, memberId: ctx.caller.id, sent: sent !== null },
        'dashboard login link',
      );
      await ctx.reply(sent ? 'generic.sentPrivately' : 'generic.cannotDm');
    },
  });

  return {
    name: 'dashboard',
    commands: [dashboard],
    on: {
      async message(ctx) {
        if (ctx.circle && !ctx.event.private) {
          await store.dashboard.countActivity(ctx.circle.id, dayOf(clock.now()), { messages: 1 });
        }
      },
      async member_joined(ctx) {
        if (ctx.circle) await store.dashboard.countActivity(ctx.circle.id, dayOf(clock.now()), { joins: 1 });
      },
    },
  };
}
