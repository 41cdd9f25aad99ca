import { circleName } from '../circle.js';
import { clip } from '../commands/parse.js';
import { sectionUpdater } from '../commands/settings.js';
import { type CommandContext, type CommandSpec, defineCommand } from '../commands/spec.js';
import { formatDuration, parseDuration } from '../duration.js';
import { InvalidInputError } from '../errors.js';
import { formatTime } from '../format.js';
import { type Lang, t } from '../i18n/index.js';
import type { AutomationDeps } from './deps.js';
import { digestKey, nextDigest, startDigest, WEEK_MS } from './digest.js';
import { startNudges, stopNudges } from './nudge.js';
import { PLACEHOLDERS, unknownPlaceholder } from './placeholders.js';
import {
  AUTODELETE_MAX_MS,
  AUTODELETE_MIN_MS,
  NUDGE_MAX_MS,
  NUDGE_MIN_MS,
  RULES_MAX,
  WELCOME_MAX,
  type WelcomePlace,
} from './settings.js';
import { welcomeText } from './welcome.js';

/** `14d`, `off`, or a refusal naming the bounds: the argument of `/nudge` and `/autodelete`. */
function readDelay(
  value: string,
  bounds: { min: number; max: number },
  badKey: 'automation.nudge.bad' | 'automation.autodelete.bad',
): number | null {
  if (value.toLowerCase() === 'off') return null;
  const ms = parseDuration(value);
  if (ms === null || ms < bounds.min || ms > bounds.max) {
    throw new InvalidInputError(badKey, {
      value: clip(value),
      min: formatDuration(bounds.min),
      max: formatDuration(bounds.max),
    });
  }
  return ms;
}

/** Refuses a text over `max` characters, saying how long it was. */
function checkLength(
  text: string,
  max: number,
  key: 'automation.welcome.tooLong' | 'automation.rules.tooLong',
) {
  if (text.length > max) throw new InvalidInputError(key, { length: text.length, max });
}

/**
 * `/welcome`, `/rules`, `/digest`, `/nudge` and `/autodelete` for admins (`/rules` shows the rules to
 * everyone), and `/quiet` for members.
 */
export function automationCommands(deps: AutomationDeps): CommandSpec[] {
  const { store, clock } = deps;
  const update = sectionUpdater(store, 'automation');
  const placeWords = (ctx: CommandContext, where: WelcomePlace) => placeText(ctx.lang, where);

  const welcome = defineCommand({
    name: 'welcome',
    adminOnly: true,
    where: 'circle',
    help: 'automation.help.welcome',
    args: [
      { name: 'action', kind: 'choice', choices: ['set', 'on', 'off', 'where'], optional: true },
      { name: 'text', kind: 'text', optional: true },
    ],
    async run(ctx, { action, text }) {
      const circle = ctx.circle!;
      const current = circle.settings.automation.welcome;
      switch (action) {
        case undefined: {
          const state = ctx.t(current.enabled ? 'generic.on' : 'generic.off');
          await ctx.replyWith({
            text: [
              ctx.t('automation.welcome.status', { state, where: placeWords(ctx, current.where) }),
              '',
              ctx.t(current.text === null ? 'automation.welcome.textDefault' : 'automation.welcome.text'),
              current.text ?? ctx.t('automation.welcome.default'),
              '',
              ctx.t('automation.welcome.placeholders'),
              '',
              ctx.t('automation.welcome.preview'),
              welcomeText(circle, ctx.caller),
            ].join('\n'),
          });
          return;
        }
        case 'set': {
          if (!text) throw new InvalidInputError('automation.welcome.empty');
          checkLength(text, WELCOME_MAX, 'automation.welcome.tooLong');
          const unknown = unknownPlaceholder(text);
          if (unknown !== null) {
            throw new InvalidInputError('automation.welcome.unknownPlaceholder', {
              placeholder: clip(unknown),
              known: PLACEHOLDERS.map((p) => `{${p}}`).join(', '),
            });
          }
          const saved = await update(ctx, { welcome: { ...current, enabled: true, text } });
          await ctx.replyWith({
            text: [
              ctx.t('automation.welcome.saved', { where: placeWords(ctx, current.where) }),
              welcomeText(saved, ctx.caller),
            ].join('\n'),
          });
          return;
        }
        case 'on':
          await update(ctx, { welcome: { ...current, enabled: true } });
          await ctx.reply('automation.welcome.on', { where: placeWords(ctx, current.where) });
          return;
        case 'off':
          await update(ctx, { welcome: { ...current, enabled: false } });
          await ctx.reply('automation.welcome.off');
          return;
        case 'where': {
          const where = text?.toLowerCase();
          if (where !== 'dm' && where !== 'circle')
            throw new InvalidInputError('automation.welcome.whereUsage');
          await update(ctx, { welcome: { ...current, where } });
          await ctx.reply('automation.welcome.whereSet', { where: placeWords(ctx, where) });
          return;
        }
      }
    },
  });

  const rules = defineCommand({
    name: 'rules',
    where: 'circle',
    help: 'automation.help.rules',
    args: [
      { name: 'action', kind: 'choice', choices: ['set', 'off'], optional: true },
      { name: 'text', kind: 'text', optional: true },
    ],
    async run(ctx, { action, text }) {
      const circle = ctx.circle!;
      if (action === undefined) {
        const written = circle.settings.automation.rules;
        if (written === null) await ctx.reply('automation.rules.none');
        else await ctx.reply('automation.rules.show', { circle: circleName(circle), rules: written });
        return;
      }
      // Reading is for everyone; changing them is for the admins (checked with the platform).
      if (!(await ctx.isAdmin())) {
        deps.log.warn({ circleId: circle.id, memberId: ctx.caller.id }, 'rules change from a non-admin');
        await ctx.reply('command.adminOnly', { name: `rules ${action}` });
        return;
      }
      if (action === 'set') {
        if (!text) throw new InvalidInputError('automation.rules.empty');
        checkLength(text, RULES_MAX, 'automation.rules.tooLong');
      }
      await update(ctx, { rules: action === 'set' ? text! : null });
      await store.audit.record({
        circleId: circle.id,
        actorId: ctx.caller.id,
        action: action === 'set' ? 'automation.rules.set' : 'automation.rules.off',
        at: clock.now(),
      });
      await ctx.reply(action === 'set' ? 'automation.rules.saved' : 'automation.rules.off');
    },
  });

  const digest = defineCommand({
    name: 'digest',
    adminOnly: true,
    where: 'circle',
    help: 'automation.help.digest',
    args: [{ name: 'schedule', kind: 'choice', choices: ['weekly', 'off'], optional: true }],
    async run(ctx, { schedule }) {
      const circle = ctx.circle!;
      const subscribers = await store.automation.digestSubscribers(circle.id);
      const subscribed = subscribers.includes(ctx.caller.id);
      const next = await nextDigest(deps, circle.id);
      if (schedule === undefined) {
        await ctx.reply('automation.digest.status', {
          count: subscribers.length,
          you: ctx.t(subscribed ? 'generic.yes' : 'generic.no'),
          at: next ? formatTime(next) : '—',
        });
        return;
      }
      if (schedule === 'weekly') {
        if (subscribed && next) {
          await ctx.reply('automation.digest.already', { at: formatTime(next) });
          return;
        }
        // A first private note, which also tells whether the digest could reach this admin at all.
        const at = formatTime(next ?? new Date(clock.now().getTime() + WEEK_MS));
        const hello = ctx.t('automation.digest.hello', { circle: circleName(circle), at });
        if (!(await ctx.port.sendDirect(ctx.event.member, { text: hello }))) {
          await ctx.reply('generic.cannotDm');
          return;
        }
        await store.automation.subscribeDigest(circle.id, ctx.caller.id, clock.now());
        const first = await startDigest(deps, circle.id);
        if (!circle.settings.automation.digest) await update(ctx, { digest: true });
        await ctx.reply('automation.digest.on', { at: formatTime(first) });
        return;
      }
      if (!(await store.automation.unsubscribeDigest(circle.id, ctx.caller.id))) {
        await ctx.reply('automation.digest.notOn');
        return;
      }
      if ((await store.automation.digestSubscribers(circle.id)).length === 0) {
        await store.jobs.cancel(digestKey(circle.id));
        await update(ctx, { digest: false });
      }
      await ctx.reply('automation.digest.off');
    },
  });

  const nudge = defineCommand({
    name: 'nudge',
    adminOnly: true,
    where: 'circle',
    help: 'automation.help.nudge',
    args: [{ name: 'after', kind: 'word', optional: true }],
    async run(ctx, { after }) {
      const circle = ctx.circle!;
      if (after === undefined) {
        const current = circle.settings.automation.nudgeAfterMs;
        if (current === null) await ctx.reply('automation.nudge.statusOff');
        else await ctx.reply('automation.nudge.status', { after: formatDuration(current) });
        return;
      }
      const ms = readDelay(after, { min: NUDGE_MIN_MS, max: NUDGE_MAX_MS }, 'automation.nudge.bad');
      await update(ctx, { nudgeAfterMs: ms });
      if (ms === null) {
        await stopNudges(deps, circle.id);
        await ctx.reply('automation.nudge.off');
        return;
      }
      await startNudges(deps, circle.id);
      await ctx.reply('automation.nudge.set', { after: formatDuration(ms) });
    },
  });

  const autodelete = defineCommand({
    name: 'autodelete',
    adminOnly: true,
    where: 'circle',
    help: 'automation.help.autodelete',
    args: [{ name: 'after', kind: 'word', optional: true }],
    async run(ctx, { after }) {
      const circle = ctx.circle!;
      if (after === undefined) {
        const current = circle.settings.automation.autoDeleteMs;
        if (current === null) await ctx.reply('automation.autodelete.statusOff');
        else await ctx.reply('automation.autodelete.status', { after: formatDuration(current) });
        return;
      }
      const bounds = { min: AUTODELETE_MIN_MS, max: AUTODELETE_MAX_MS };
      const ms = readDelay(after, bounds, 'automation.autodelete.bad');
      await update(ctx, { autoDeleteMs: ms });
      if (ms === null) await ctx.reply('automation.autodelete.off');
      else await ctx.reply('automation.autodelete.set', { after: formatDuration(ms) });
    },
  });

  const quiet = defineCommand({
    name: 'quiet',
    help: 'automation.help.quiet',
    args: [{ name: 'state', kind: 'choice', choices: ['off'], optional: true }],
    async run(ctx, { state }) {
      const optOut = state !== 'off';
      await store.automation.setQuiet(ctx.caller.id, optOut, clock.now());
      await ctx.reply(optOut ? 'automation.quiet.on' : 'automation.quiet.off');
    },
  });

  return [welcome, rules, digest, nudge, autodelete, quiet];
}

/** The welcome's place in words, for `/setup`. */
export function placeText(lang: Lang, where: WelcomePlace): string {
  return t(lang, `automation.welcome.where.${where}`);
}
