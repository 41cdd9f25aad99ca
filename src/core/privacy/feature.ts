import { randomBytes } from 'node:crypto';
import type { Circle } from '../circle.js';
import type { Clock } from '../clock.js';
import { sectionUpdater } from '../commands/settings.js';
import type { CommandContext } from '../commands/spec.js';
import { defineCommand, defineGroup, sub } from '../commands/spec.js';
import type { Feature } from '../feature.js';
import { type Lang, t } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { OutMessage } from '../port.js';
import type { Ports } from '../ports.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import { checkForgetCode, forgetButton, forgetCode, readForgetButton } from './confirm.js';
import { exportJson, exportSummary } from './export.js';
import type { ForgetSummary } from './repo.js';

export const RETENTION_JOB = 'privacy.retention';
const DAY_MS = 86_400_000;
/** How long the confirmation button of `/forgetme` works. */
const CONFIRM_MS = 10 * 60_000;

export interface PrivacyDeps {
  readonly store: Store;
  readonly ports: Ports;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Members' data: `/mydata` sends a member everything circlebot holds about them, `/forgetme` deletes it
 * after an explicit confirmation (keeping only what accounting needs, anonymised), and a daily job deletes
 * answers to entry questions once the circle's retention has passed.
 */
export function privacyFeature(deps: PrivacyDeps): Feature & { runRetention(): Promise<number> } {
  const { store, clock, log } = deps;

  /** Sends privately; in a group says where it went. */
  async function privately(ctx: CommandContext, message: OutMessage): Promise<boolean> {
    const sent = await ctx.port.sendDirect(ctx.event.member, message);
    if (!ctx.event.private) await ctx.reply(sent ? 'generic.sentPrivately' : 'generic.cannotDm');
    return sent !== null;
  }

  async function forget(member: MemberRecord, lang: Lang): Promise<string> {
    const circles = await Promise.all(
      (await store.memberships.ofMember(member.id)).map((m) => store.circles.byId(m.circleId)),
    );
    const keepIn = circles.flatMap((c: Circle | null) =>
      c?.settings.privacy.keepPointsOnForget ? [c.id] : [],
    );
    const pointsReset = await store.points.forgetMember(member.id, keepIn);
    await store.members.forgetNames(member.id);
    const removed = await store.privacy.forget(member.id, {
      alias: `anon-${randomBytes(8).toString('hex')}`,
      keepPointsIn: keepIn,
    });
    const summary: ForgetSummary = { ...removed, pointsReset };
    await store.audit.record({
      circleId: null,
      actorId: member.id,
      action: 'privacy.forgotten',
      targetId: member.id,
      detail: { ...summary },
      at: clock.now(),
    });
    log.info({ memberId: member.id, ...summary }, 'member data forgotten');
    return [
      t(lang, 'privacy.forget.done'),
      t(lang, 'privacy.forget.removed', summary),
      t(lang, 'privacy.forget.kept', {
        payments: summary.paymentsAnonymised,
        kept: keepIn.length,
      }),
    ].join('\n');
  }

  const mydata = defineCommand({
    name: 'mydata',
    help: 'privacy.help.mydata',
    async run(ctx) {
      const data = await store.privacy.collect(ctx.caller.id);
      const summary = exportSummary(ctx.lang, data);
      const port = ctx.port;
      if (port.sendFile) {
        const sent = await port.sendFile(ctx.event.member, {
          bytes: exportJson(data, clock.now()),
          filename: 'circlebot-mydata.json',
          mimeType: 'application/json',
          caption: t(ctx.lang, 'privacy.mydata.caption'),
        });
        if (sent) await port.sendDirect(ctx.event.member, { text: summary });
        if (!ctx.event.private) await ctx.reply(sent ? 'generic.sentPrivately' : 'generic.cannotDm');
        return;
      }
      await privately(ctx, { text: summary });
    },
  });

  const forgetme = defineCommand({
    name: 'forgetme',
    help: 'privacy.help.forgetme',
    args: [{ name: 'code', kind: 'word', optional: true }],
    async run(ctx, args) {
      const now = clock.now();
      if (args.code !== undefined && ctx.event.private) {
        if (!checkForgetCode(ctx.caller.id, args.code, now)) {
          await ctx.reply('privacy.forget.badCode');
          return;
        }
        await ctx.replyWith({ text: await forget(ctx.caller, ctx.lang) });
        return;
      }
      const code = forgetCode(ctx.caller.id, now);
      await privately(ctx, {
        text: t(ctx.lang, 'privacy.forget.confirm', { code }),
        buttons: [
          [
            {
              label: t(ctx.lang, 'privacy.forget.button'),
              data: forgetButton(new Date(now.getTime() + CONFIRM_MS)),
            },
          ],
        ],
      });
    },
  });

  const update = sectionUpdater(store, 'privacy');

  const privacy = defineGroup({
    name: 'privacy',
    adminOnly: true,
    where: 'circle',
    help: 'privacy.help.privacy',
    subcommands: [
      sub({
        name: 'retention',
        help: 'privacy.help.retention',
        args: [{ name: 'days', kind: 'int', min: 1, max: 3650 }],
        async run(ctx, args) {
          await update(ctx, { answerRetentionDays: args.days });
          await ctx.reply('privacy.retention.set', { days: args.days });
        },
      }),
      sub({
        name: 'keeppoints',
        help: 'privacy.help.keeppoints',
        args: [{ name: 'keep', kind: 'choice', choices: ['on', 'off'] }],
        async run(ctx, args) {
          await update(ctx, { keepPointsOnForget: args.keep === 'on' });
          await ctx.reply(args.keep === 'on' ? 'privacy.keeppoints.on' : 'privacy.keeppoints.off');
        },
      }),
    ],
  });

  /** Deletes answers past every circle's retention; returns how many applications lost them. */
  async function runRetention(): Promise<number> {
    const now = clock.now();
    let purged = 0;
    for (const circle of await store.circles.list()) {
      const before = new Date(now.getTime() - circle.settings.privacy.answerRetentionDays * DAY_MS);
      const n = await store.privacy.purgeAnswers(circle.id, before);
      if (n > 0) log.info({ circleId: circle.id, applications: n }, 'answers past retention deleted');
      purged += n;
    }
    return purged;
  }

  return {
    name: 'privacy',
    commands: [mydata, forgetme, privacy],
    runRetention,
    buttons: {
      async privacy(ctx) {
        const port = deps.ports.get(ctx.event.chat.platform);
        const expires = readForgetButton(ctx.event.data);
        if (!expires || expires < clock.now()) {
          await port.acknowledge(ctx.event.interactionId, t(ctx.lang, 'privacy.forget.expired'));
          return;
        }
        await port.acknowledge(ctx.event.interactionId);
        const text = await forget(ctx.member, ctx.lang);
        await port.sendDirect(ctx.event.member, { text });
      },
    },
    jobs: {
      async [RETENTION_JOB]() {
        await runRetention();
        await store.jobs.schedule({
          kind: RETENTION_JOB,
          key: RETENTION_JOB,
          payload: {},
          runAt: new Date(clock.now().getTime() + DAY_MS),
        });
      },
    },
    describe: (circle, lang) => [
      t(lang, 'privacy.describe', {
        days: circle.settings.privacy.answerRetentionDays,
        keep: t(lang, circle.settings.privacy.keepPointsOnForget ? 'generic.yes' : 'generic.no'),
      }),
    ],
  };
}
