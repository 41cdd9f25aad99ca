import type { Circle } from '../circle.js';
import { sectionUpdater } from '../commands/settings.js';
import type { CommandContext, CommandSpec } from '../commands/spec.js';
import { defineCommand, defineGroup, sub } from '../commands/spec.js';
import { InvalidInputError } from '../errors.js';
import { formatTime, labelOf } from '../format.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import { levelFor, progressBar } from './curve.js';
import { levelOf, type PointsCause } from './flow.js';
import { MAX_AMOUNT, newCheckinCode, parseDecay, parseEvent } from './input.js';
import { checkinQr } from './qr.js';
import type { RecordResult } from './repo.js';
import { MAX_PRIVILEGE_LEVEL } from './settings.js';

export interface PointsCommandDeps {
  readonly store: Store;
  readonly now: () => Date;
  /** Level roles and announcements after points moved (by an admin, or a check-in: `cause`). */
  readonly afterRecord: (
    circle: Circle,
    member: MemberRecord,
    result: RecordResult,
    cause?: PointsCause,
  ) => Promise<void>;
}

const WEEK = 7 * 86_400_000;

/** `/rank`, `/top`, `/points give|take|decay`, `/level links|media|announce`, `/event create`, `/checkin`. */
export function pointsCommands(deps: PointsCommandDeps): CommandSpec[] {
  const { store } = deps;

  async function findMember(ctx: CommandContext, handle: string): Promise<MemberRecord> {
    const member = await store.members.findByHandle(ctx.circle!.chat.platform, handle);
    if (!member) throw new InvalidInputError('points.err.unknownMember', { who: handle.slice(0, 40) });
    return member;
  }

  const update = sectionUpdater(store, 'points');

  const rank = defineCommand({
    name: 'rank',
    where: 'circle',
    help: 'points.help.rank',
    args: [{ name: 'member', kind: 'word', optional: true }],
    async run(ctx, args) {
      const circle = ctx.circle!;
      const member = args.member ? await findMember(ctx, args.member) : ctx.caller;
      const standing = await store.points.standing(circle.id, member.id);
      const position = await store.points.rank(circle.id, member.id);
      if (position === null) {
        await ctx.reply('points.rankUnranked', { member: labelOf(member) });
        return;
      }
      const progress = levelFor(standing.points);
      const of = await store.points.ranked(circle.id);
      await ctx.replyWith({
        text: [
          ctx.t('points.rank', {
            member: labelOf(member),
            level: progress.level,
            points: standing.points,
            rank: position,
            of,
          }),
          ctx.t('points.progress', {
            bar: progressBar(progress.into, progress.needed),
            into: progress.into,
            needed: progress.needed,
            next: progress.level + 1,
          }),
        ].join('\n'),
      });
    },
  });

  const top = defineCommand({
    name: 'top',
    where: 'circle',
    help: 'points.help.top',
    args: [{ name: 'period', kind: 'choice', choices: ['week', 'month', 'all'], optional: true }],
    async run(ctx, args) {
      const period = args.period ?? 'all';
      const now = deps.now().getTime();
      const since =
        period === 'week'
          ? new Date(now - WEEK)
          : period === 'month'
            ? new Date(now - 30 * 86_400_000)
            : null;
      const rows = await store.points.top(ctx.circle!.id, since, 10);
      if (rows.length === 0) {
        await ctx.reply('points.top.empty');
        return;
      }
      const lines = [
        ctx.t(
          period === 'week' ? 'points.top.week' : period === 'month' ? 'points.top.month' : 'points.top.all',
        ),
      ];
      for (const [i, row] of rows.entries()) {
        const member = await store.members.byId(row.memberId);
        lines.push(
          ctx.t('points.top.line', {
            rank: i + 1,
            member: member ? labelOf(member) : '?',
            points: row.points,
          }),
        );
      }
      await ctx.replyWith({ text: lines.join('\n') });
    },
  });

  async function move(
    ctx: CommandContext,
    handle: string,
    amount: number,
    reason: string | undefined,
    sign: 1 | -1,
  ) {
    if (amount < 1 || amount > MAX_AMOUNT) throw new InvalidInputError('points.err.amount', {});
    const circle = ctx.circle!;
    const member = await findMember(ctx, handle);
    const at = deps.now();
    const result = await store.points.record(
      circle.id,
      member.id,
      [
        {
          circleId: circle.id,
          memberId: member.id,
          kind: 'admin',
          points: sign * amount,
          actorId: ctx.caller.id,
          note: reason?.slice(0, 200),
          at,
        },
      ],
      {},
      levelOf,
    );
    await store.audit.record({
      circleId: circle.id,
      actorId: ctx.caller.id,
      action: sign > 0 ? 'points.given' : 'points.taken',
      targetId: member.id,
      detail: { points: amount, reason: reason?.slice(0, 200) ?? null },
      at,
    });
    await deps.afterRecord(circle, member, result);
    const moved = Math.abs(result.after.points - result.before.points);
    await ctx.reply(sign > 0 ? 'points.given' : 'points.taken', {
      points: moved,
      member: labelOf(member),
      total: result.after.points,
    });
  }

  const points = defineGroup({
    name: 'points',
    adminOnly: true,
    where: 'circle',
    help: 'points.help.points',
    subcommands: [
      sub({
        name: 'give',
        help: 'points.help.give',
        args: [
          { name: 'member', kind: 'word' },
          { name: 'amount', kind: 'int', min: 1, max: MAX_AMOUNT },
          { name: 'reason', kind: 'text', optional: true },
        ],
        run: (ctx, { member, amount, reason }) => move(ctx, member, amount, reason, 1),
      }),
      sub({
        name: 'take',
        help: 'points.help.take',
        args: [
          { name: 'member', kind: 'word' },
          { name: 'amount', kind: 'int', min: 1, max: MAX_AMOUNT },
          { name: 'reason', kind: 'text', optional: true },
        ],
        run: (ctx, { member, amount, reason }) => move(ctx, member, amount, reason, -1),
      }),
      sub({
        name: 'decay',
        help: 'points.help.decay',
        args: [{ name: 'rule', kind: 'text' }],
        async run(ctx, { rule }) {
          const decay = parseDecay(rule);
          if (decay === 'invalid')
            throw new InvalidInputError('points.err.decay', { value: rule.slice(0, 40) });
          await update(ctx, { decay });
          if (decay === null) await ctx.reply('points.decay.off');
          else await ctx.reply('points.decay.on', { percent: decay.percentPerWeek, days: decay.afterDays });
        },
      }),
    ],
  });

  const levelArg = (raw: string): number | null => {
    if (raw.toLowerCase() === 'off') return null;
    if (!/^\d{1,4}$/.test(raw) || Number(raw) > MAX_PRIVILEGE_LEVEL) {
      throw new InvalidInputError('points.err.level', { value: raw.slice(0, 20) });
    }
    return Number(raw);
  };

  const level = defineGroup({
    name: 'level',
    adminOnly: true,
    where: 'circle',
    help: 'points.help.level',
    subcommands: [
      sub({
        name: 'links',
        help: 'points.help.links',
        args: [{ name: 'level', kind: 'word' }],
        async run(ctx, args) {
          const links = levelArg(args.level);
          await update(ctx, { privileges: { ...ctx.circle!.settings.points.privileges, links } });
          await ctx.reply('points.level.links', {
            level: links === null ? ctx.t('points.level.everyone') : String(links),
          });
        },
      }),
      sub({
        name: 'media',
        help: 'points.help.media',
        args: [{ name: 'level', kind: 'word' }],
        async run(ctx, args) {
          const media = levelArg(args.level);
          await update(ctx, { privileges: { ...ctx.circle!.settings.points.privileges, media } });
          await ctx.reply('points.level.media', {
            level: media === null ? ctx.t('points.level.everyone') : String(media),
          });
        },
      }),
      sub({
        name: 'role',
        help: 'points.help.role',
        args: [
          { name: 'level', kind: 'int', min: 1, max: MAX_PRIVILEGE_LEVEL },
          { name: 'role', kind: 'text' },
        ],
        async run(ctx, args) {
          const levelRoles = { ...ctx.circle!.settings.points.levelRoles };
          const name = args.role.trim().replace(/^@/, '').slice(0, 100);
          if (name.toLowerCase() === 'off') delete levelRoles[String(args.level)];
          else levelRoles[String(args.level)] = name;
          await update(ctx, { levelRoles });
          if (name.toLowerCase() === 'off') await ctx.reply('points.level.roleOff', { level: args.level });
          else await ctx.reply('points.level.role', { level: args.level, role: name });
        },
      }),
      sub({
        name: 'rolemode',
        help: 'points.help.rolemode',
        args: [{ name: 'mode', kind: 'choice', choices: ['stack', 'replace'] }],
        async run(ctx, { mode }) {
          await update(ctx, { levelRoleMode: mode });
          await ctx.reply(mode === 'stack' ? 'points.level.stack' : 'points.level.replace');
        },
      }),
      sub({
        name: 'announce',
        help: 'points.help.announce',
        args: [{ name: 'style', kind: 'choice', choices: ['line', 'reaction', 'off'] }],
        async run(ctx, { style }) {
          await update(ctx, { levelUp: style });
          await ctx.reply(`points.level.announce.${style}`);
        },
      }),
    ],
  });

  const event = defineGroup({
    name: 'event',
    adminOnly: true,
    where: 'circle',
    help: 'points.help.event',
    subcommands: [
      sub({
        name: 'create',
        help: 'points.help.create',
        args: [{ name: 'details', kind: 'text' }],
        async run(ctx, { details }) {
          const parsed = parseEvent(details);
          if (!parsed) throw new InvalidInputError('points.err.event', {});
          const now = deps.now();
          const code = await store.points.createCode({
            circleId: ctx.circle!.id,
            code: newCheckinCode(),
            title: parsed.title,
            points: parsed.points,
            expiresAt: parsed.expiresMs === null ? null : new Date(now.getTime() + parsed.expiresMs),
            maxUses: parsed.uses,
            createdBy: ctx.caller.id,
            createdAt: now,
          });
          const extra = [
            code.expiresAt ? ctx.t('points.event.expires', { at: formatTime(code.expiresAt) }) : '',
            code.maxUses ? ctx.t('points.event.uses', { uses: code.maxUses }) : '',
          ].join('');
          await ctx.reply('points.event.created', {
            title: code.title,
            code: code.code,
            points: code.points,
            details: extra,
          });
          // The code as a picture to show at the door, where the platform can send one.
          if (ctx.port.sendImage && ctx.port.capabilities.has('images')) {
            await ctx.port.sendImage(ctx.event.place ?? ctx.event.chat, {
              png: await checkinQr(code.code),
              filename: 'checkin.png',
              caption: ctx.t('points.event.qr', { title: code.title, code: code.code }),
            });
          }
        },
      }),
    ],
  });

  const checkin = defineCommand({
    name: 'checkin',
    where: 'circle',
    help: 'points.help.checkin',
    args: [{ name: 'code', kind: 'word' }],
    async run(ctx, args) {
      const result = await store.points.redeem(
        ctx.circle!.id,
        args.code.toUpperCase(),
        ctx.caller.id,
        deps.now(),
        levelOf,
      );
      if (!result.ok) {
        await ctx.reply(`points.checkin.${result.reason}`);
        return;
      }
      await ctx.reply('points.checkin.done', {
        title: result.code.title,
        points: result.code.points,
        total: result.result.after.points,
      });
      const { event } = ctx;
      await deps.afterRecord(
        ctx.circle!,
        ctx.caller,
        result.result,
        event.messageId ? { chat: event.chat, messageId: event.messageId } : undefined,
      );
    },
  });

  return [rank, top, checkin, points, level, event];
}
