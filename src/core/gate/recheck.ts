import type { Circle } from '../circle.js';
import type { CommandContext } from '../commands/spec.js';
import { labelOf } from '../format.js';
import type { Logger } from '../logger.js';
import type { SentMessage } from '../port.js';
import type { Store } from '../store.js';
import type { GateFlow } from './flow.js';

/** From this many members on, the admin sees a progress message (edited as the check goes) and logs get progress lines. */
export const RECHECK_PROGRESS_FROM = 100;
/** Members listed by name in the result; the rest are counted (a chat message holds about 4 000 characters). */
export const RECHECK_LIST_LIMIT = 50;
/** Progress is reported at every tenth of the way. */
const STEPS = 10;

export interface RecheckDeps {
  readonly store: Store;
  readonly flow: GateFlow;
  readonly log: Logger;
  readonly now: () => Date;
}

/**
 * `/gate recheck`: every current member's credit against the circle's threshold; nobody is removed. A long
 * run shows its progress — a private message to the admin edited at every tenth, and a log line at each —
 * then the result: the members below the requirements (the first {@link RECHECK_LIST_LIMIT} by name) and a
 * summary line in the log. Sent privately: credit scores never go to the group.
 */
export async function recheckMembers(deps: RecheckDeps, ctx: CommandContext, circle: Circle): Promise<void> {
  const { store, flow, log } = deps;
  const settings = circle.settings.gate;
  const started = deps.now().getTime();
  const memberships = await store.memberships.list(circle.id, 'member');
  const total = memberships.length;
  const progress =
    total >= RECHECK_PROGRESS_FROM
      ? await startProgress(ctx, total)
      : { report: async () => {}, end: async () => {} };

  const below: string[] = [];
  let checked = 0;
  let reported = 0;
  for (const membership of memberships) {
    const member = await store.members.byId(membership.memberId);
    if (member) {
      const credit = await flow.assess(member);
      if (!credit.ok) below.push(ctx.t('gate.recheck.unknown', { member: labelOf(member) }));
      else if (settings.minScore !== null && credit.report.score < settings.minScore)
        below.push(ctx.t('gate.recheck.line', { member: labelOf(member), score: credit.report.score }));
      else if (settings.requireVerified && credit.report.verified !== true)
        below.push(ctx.t('gate.recheck.unverified', { member: labelOf(member) }));
    }
    checked++;
    const step = Math.floor((checked * STEPS) / total);
    if (total >= RECHECK_PROGRESS_FROM && step > reported && checked < total) {
      reported = step;
      log.info(
        { event: 'gate.recheck.progress', circle: circle.id, done: checked, total, below: below.length },
        'recheck progress',
      );
      await progress.report(checked);
    }
  }

  const ms = deps.now().getTime() - started;
  log.info({ event: 'gate.recheck.done', circle: circle.id, total, below: below.length, ms }, 'recheck done');
  await progress.end(ms);
  const listed = below.slice(0, RECHECK_LIST_LIMIT);
  if (below.length > listed.length)
    listed.push(ctx.t('gate.recheck.more', { count: below.length - listed.length }));
  const text =
    below.length === 0
      ? ctx.t('gate.recheck.none', { count: total })
      : [ctx.t('gate.recheck.header', { count: below.length, total }), ...listed].join('\n');
  await sendPrivately(ctx, text);
}

interface Progress {
  report(done: number): Promise<void>;
  end(ms: number): Promise<void>;
}

/** A private message to the admin saying how far the check is, edited as it goes; nothing when DMs are closed. */
async function startProgress(ctx: CommandContext, total: number): Promise<Progress> {
  const line = (done: number) =>
    ctx.t('gate.recheck.progress', { done, total, percent: Math.floor((done * 100) / total) });
  let sent: SentMessage | null;
  if (ctx.event.private) sent = await ctx.port.send(ctx.event.chat, { text: line(0) });
  else sent = await ctx.port.sendDirect(ctx.event.member, { text: line(0) });
  return {
    async report(done) {
      if (sent) await ctx.port.edit(sent, { text: line(done) });
    },
    async end(ms) {
      if (sent)
        await ctx.port.edit(sent, {
          text: ctx.t('gate.recheck.finished', { total, seconds: Math.round(ms / 1000) }),
        });
    },
  };
}

/** In a private chat the answer goes there; from a group, privately, and the group hears where it went. */
export async function sendPrivately(ctx: CommandContext, text: string): Promise<void> {
  if (ctx.event.private) {
    await ctx.replyWith({ text });
    return;
  }
  const sent = await ctx.port.sendDirect(ctx.event.member, { text });
  await ctx.reply(sent ? 'generic.sentPrivately' : 'generic.cannotDm');
}
