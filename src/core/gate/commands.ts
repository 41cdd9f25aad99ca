import type { Circle } from '../circle.js';
import { sectionUpdater } from '../commands/settings.js';
import type { CommandContext, CommandSpec } from '../commands/spec.js';
import { defineCommand, defineGroup, sub } from '../commands/spec.js';
import { formatDuration } from '../duration.js';
import { InvalidInputError } from '../errors.js';
import { labelOf } from '../format.js';
import { type Lang, t } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import type { GateFlow } from './flow.js';
import { questionCommand } from './question-commands.js';
import { recheckMembers, sendPrivately } from './recheck.js';
import { renderCredit } from './render.js';
import { reviewText } from './review-items.js';
import { type Checked, checkTimeout, readCooldown, readMinScore, readPassmark } from './setting-values.js';
import { MAX_SCORE, MIN_SCORE } from './settings.js';

export interface GateCommandDeps {
  readonly store: Store;
  readonly flow: GateFlow;
  readonly now: () => Date;
  readonly log: Logger;
}

/** `/gate …`, `/question …`, `/review`, `/approve`, `/decline`, `/vouch`, `/credit`. */
export function gateCommands(deps: GateCommandDeps): CommandSpec[] {
  const { store, flow } = deps;

  const update = sectionUpdater(store, 'gate');

  async function findApplicant(ctx: CommandContext, handle: string): Promise<MemberRecord> {
    const member = await store.members.findByHandle(ctx.circle!.chat.platform, handle);
    if (!member) throw new InvalidInputError('gate.err.unknownApplicant', { who: handle.slice(0, 40) });
    return member;
  }

  const gate = defineGroup({
    name: 'gate',
    adminOnly: true,
    where: 'circle',
    help: 'gate.help',
    subcommands: [
      sub({
        name: 'on',
        help: 'gate.help.on',
        async run(ctx) {
          const reviewAdmin = ctx.circle!.settings.gate.reviewAdmin ?? ctx.caller.ref;
          await update(ctx, { enabled: true, reviewAdmin });
          await ctx.reply('gate.set.on');
        },
      }),
      sub({
        name: 'off',
        help: 'gate.help.off',
        async run(ctx) {
          await update(ctx, { enabled: false });
          await ctx.reply('gate.set.off');
        },
      }),
      sub({
        name: 'mode',
        help: 'gate.help.mode',
        args: [{ name: 'mode', kind: 'choice', choices: ['auto', 'review'] }],
        async run(ctx, { mode }) {
          await update(ctx, { mode });
          await ctx.reply(mode === 'auto' ? 'gate.set.modeAuto' : 'gate.set.modeReview');
        },
      }),
      sub({
        name: 'minscore',
        help: 'gate.help.minscore',
        args: [{ name: 'score', kind: 'word' }],
        async run(ctx, { score }) {
          const minScore = accepted(readMinScore(score));
          await update(ctx, { minScore });
          if (minScore === null) await ctx.reply('gate.set.minscoreOff');
          else await ctx.reply('gate.set.minscore', { score: minScore });
        },
      }),
      sub({
        name: 'verified',
        help: 'gate.help.verified',
        args: [{ name: 'required', kind: 'choice', choices: ['on', 'off'] }],
        async run(ctx, { required }) {
          await update(ctx, { requireVerified: required === 'on' });
          await ctx.reply(required === 'on' ? 'gate.set.verifiedOn' : 'gate.set.verifiedOff');
        },
      }),
      sub({
        name: 'timeout',
        help: 'gate.help.timeout',
        args: [{ name: 'duration', kind: 'duration' }],
        async run(ctx, { duration }) {
          await update(ctx, { timeoutMs: accepted(checkTimeout(duration)) });
          await ctx.reply('gate.set.timeout', { time: formatDuration(duration) });
        },
      }),
      sub({
        name: 'ontimeout',
        help: 'gate.help.ontimeout',
        args: [{ name: 'policy', kind: 'choice', choices: ['decline', 'review'] }],
        async run(ctx, { policy }) {
          await update(ctx, { onTimeout: policy });
          await ctx.reply(policy === 'decline' ? 'gate.set.onTimeoutDecline' : 'gate.set.onTimeoutReview');
        },
      }),
      sub({
        name: 'ondecline',
        help: 'gate.help.ondecline',
        args: [{ name: 'action', kind: 'choice', choices: ['remove', 'keep'] }],
        async run(ctx, { action }) {
          await update(ctx, { onDecline: action });
          await ctx.reply(action === 'remove' ? 'gate.set.onDeclineRemove' : 'gate.set.onDeclineKeep');
        },
      }),
      sub({
        name: 'passmark',
        help: 'gate.help.passmark',
        args: [{ name: 'count', kind: 'word' }],
        async run(ctx, { count }) {
          const passmark = accepted(readPassmark(count));
          await update(ctx, { passmark });
          if (passmark === null) await ctx.reply('gate.set.passmarkAll');
          else await ctx.reply('gate.set.passmark', { count: passmark });
        },
      }),
      sub({
        name: 'cooldown',
        help: 'gate.help.cooldown',
        args: [{ name: 'duration', kind: 'word' }],
        async run(ctx, { duration }) {
          const ms = accepted(readCooldown(duration, 'duration'));
          await update(ctx, { cooldownMs: ms });
          await ctx.reply('gate.set.cooldown', {
            time: ms === 0 ? ctx.t('generic.off') : formatDuration(ms),
          });
        },
      }),
      sub({
        name: 'failpolicy',
        help: 'gate.help.failpolicy',
        args: [{ name: 'policy', kind: 'choice', choices: ['review', 'decline', 'allow'] }],
        async run(ctx, { policy }) {
          await update(ctx, { failPolicy: policy });
          await ctx.reply('gate.set.failpolicy', { policy });
        },
      }),
      sub({
        name: 'reviewchat',
        help: 'gate.help.reviewchat',
        args: [{ name: 'where', kind: 'word', optional: true }],
        async run(ctx, { where }) {
          const circle = ctx.circle!;
          if (where === undefined || where.toLowerCase() === 'here') {
            await update(ctx, { reviewChat: ctx.event.place ?? circle.chat });
            await ctx.reply('gate.set.reviewHere');
          } else if (where.toLowerCase() === 'dm') {
            await update(ctx, { reviewChat: null, reviewAdmin: ctx.caller.ref });
            await ctx.reply('gate.set.reviewDm');
          } else if (/^-?\d{1,25}$/.test(where)) {
            await update(ctx, { reviewChat: { platform: circle.chat.platform, id: where } });
            await ctx.reply('gate.set.reviewChat', { chat: where });
          } else {
            throw new InvalidInputError('gate.err.reviewchat', { value: where.slice(0, 30) });
          }
        },
      }),
      sub({
        name: 'vouchfloor',
        help: 'gate.help.vouchfloor',
        args: [{ name: 'score', kind: 'int', min: MIN_SCORE, max: MAX_SCORE }],
        async run(ctx, { score }) {
          await update(ctx, { vouchMinScore: score });
          await ctx.reply('gate.set.vouchfloor', { score });
        },
      }),
      sub({
        name: 'recheck',
        help: 'gate.help.recheck',
        async run(ctx) {
          const circle = ctx.circle!;
          const settings = circle.settings.gate;
          if (settings.minScore === null && !settings.requireVerified) {
            await ctx.reply('gate.recheck.noThreshold');
            return;
          }
          await recheckMembers({ store, flow, log: deps.log, now: deps.now }, ctx, circle);
        },
      }),
    ],
  });

  const question = questionCommand(store);

  const review = defineCommand({
    name: 'review',
    adminOnly: true,
    where: 'circle',
    help: 'review.help',
    async run(ctx) {
      const circle = ctx.circle!;
      const pending = await store.gate.inReview(circle.id);
      if (pending.length === 0) {
        await ctx.reply('review.none');
        return;
      }
      const items: string[] = [];
      for (const application of pending.slice(0, 10)) {
        const applicant = await store.members.byId(application.memberId);
        if (applicant) items.push(await reviewText(store, circle, applicant, application));
      }
      const more = pending.length > 10 ? `\n\n${ctx.t('review.more', { count: pending.length - 10 })}` : '';
      await sendPrivately(
        ctx,
        `${ctx.t('review.header', { count: pending.length })}\n\n${items.join('\n\n')}${more}`,
      );
    },
  });

  async function adminDecision(ctx: CommandContext, handle: string, approve: boolean, note?: string) {
    const circle = ctx.circle!;
    const applicant = await findApplicant(ctx, handle);
    const open = await store.gate.openApplication(circle.id, applicant.id);
    if (!open) {
      const membership = await store.memberships.get(circle.id, applicant.id);
      if (membership?.status !== 'applicant') {
        throw new InvalidInputError('gate.err.noApplication', { who: labelOf(applicant) });
      }
      // A join request that the gate did not screen (gate off): the admin decides it directly.
      await flow.decideRequest(circle, applicant, ctx.caller, approve);
      await ctx.reply(approve ? 'gate.admin.approved' : 'gate.admin.declined', { who: labelOf(applicant) });
      return;
    }
    const decided = await flow.decideByAdmin(circle, open, ctx.caller, approve, note);
    if (!decided) throw new InvalidInputError('gate.err.noApplication', { who: labelOf(applicant) });
    await ctx.reply(approve ? 'gate.admin.approved' : 'gate.admin.declined', { who: labelOf(applicant) });
  }

  const approve = defineCommand({
    name: 'approve',
    adminOnly: true,
    where: 'circle',
    help: 'approve.help',
    args: [{ name: 'applicant', kind: 'word' }],
    run: (ctx, { applicant }) => adminDecision(ctx, applicant, true),
  });

  const decline = defineCommand({
    name: 'decline',
    adminOnly: true,
    where: 'circle',
    help: 'decline.help',
    args: [
      { name: 'applicant', kind: 'word' },
      { name: 'reason', kind: 'text', optional: true },
    ],
    run: (ctx, { applicant, reason }) => adminDecision(ctx, applicant, false, reason),
  });

  const vouch = defineCommand({
    name: 'vouch',
    where: 'circle',
    help: 'vouch.help',
    args: [{ name: 'applicant', kind: 'word' }],
    async run(ctx, args) {
      const circle = ctx.circle!;
      const applicant = await findApplicant(ctx, args.applicant);
      if (applicant.id === ctx.caller.id) throw new InvalidInputError('vouch.err.self', {});
      const membership = await store.memberships.get(circle.id, ctx.caller.id);
      if (membership?.status !== 'member') throw new InvalidInputError('vouch.err.notMember', {});
      const credit = await flow.assess(ctx.caller);
      const floor = circle.settings.gate.vouchMinScore;
      if (!credit.ok || credit.report.score < floor) {
        throw new InvalidInputError('vouch.err.standing', {
          min: floor,
          score: credit.ok ? credit.report.score : 0,
        });
      }
      const open = await store.gate.openApplication(circle.id, applicant.id);
      if (!open) throw new InvalidInputError('gate.err.noApplication', { who: labelOf(applicant) });
      const added = await store.gate.addVouch({
        circleId: circle.id,
        applicantId: applicant.id,
        voucherId: ctx.caller.id,
        at: deps.now(),
      });
      if (!added) throw new InvalidInputError('vouch.err.twice', { who: labelOf(applicant) });
      await store.audit.record({
        circleId: circle.id,
        actorId: ctx.caller.id,
        action: 'gate.vouch',
        targetId: applicant.id,
        at: deps.now(),
      });
      await ctx.reply('vouch.done', { who: labelOf(applicant) });
    },
  });

  const credit = defineCommand({
    name: 'credit',
    help: 'credit.help',
    async run(ctx) {
      const assessment = await flow.assess(ctx.caller);
      const lines: string[] = [];
      if (assessment.ok) lines.push(...renderCredit(ctx.lang, assessment.report));
      else {
        for (const report of assessment.reports) lines.push(...renderCredit(ctx.lang, report));
        lines.push(
          ctx.t('credit.unavailable', { providers: assessment.failures.map((f) => f.provider).join(', ') }),
        );
      }
      await sendPrivately(ctx, lines.join('\n'));
    },
  });

  return [gate, question, review, approve, decline, vouch, credit];
}

/** Credit reports and answers never go to a group: DM them and say so in the group. */
/** The value of a check, or the refusal thrown as bad input (the dispatcher answers it politely). */
function accepted<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new InvalidInputError(checked.error.key, checked.error.params);
  return checked.value;
}

/** Lines `/setup` shows for the gate. */
export function describeGate(circle: Circle, lang: Lang): string[] {
  const g = circle.settings.gate;
  const onOff = (b: boolean) => t(lang, b ? 'generic.on' : 'generic.off');
  return [
    t(lang, 'gate.describe', {
      state: onOff(g.enabled),
      mode: g.mode,
      minScore: g.minScore === null ? t(lang, 'generic.off') : String(g.minScore),
      verified: onOff(g.requireVerified),
      timeout: formatDuration(g.timeoutMs),
      onTimeout: g.onTimeout,
      passmark: g.passmark === null ? 'all' : String(g.passmark),
      cooldown: g.cooldownMs === 0 ? t(lang, 'generic.off') : formatDuration(g.cooldownMs),
      failPolicy: g.failPolicy,
    }),
  ];
}
