import type { Clock } from '../clock.js';
import { InvalidInputError } from '../errors.js';
import type { CommandEvent } from '../events.js';
import type { EventContext } from '../feature.js';
import { type MessageKey, type ParamsOf, t, tDynamic } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { Observer } from '../observer.js';
import type { OutMessage } from '../port.js';
import { refKey } from '../refs.js';
import type { AuditRepo, JobRepo } from '../repos.js';
import { scheduleAutoDelete } from './autodelete.js';
import { firstWord, parseArgs } from './parse.js';
import { CommandRateLimiter, type RateLimit } from './rate-limit.js';
import { type CommandContext, type CommandSpec, usageOf } from './spec.js';

export interface DispatcherDeps {
  readonly commands: readonly CommandSpec[];
  readonly audit: AuditRepo;
  /** Where the deletion of answers is scheduled, in circles that delete them (`/autodelete`). */
  readonly jobs?: Pick<JobRepo, 'schedule'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly observer: Observer;
  /** Per-member command rate (admins of the circle are not limited); defaults to `DEFAULT_COMMAND_LIMIT`. */
  readonly rateLimit?: RateLimit;
}

/** Longest argument text a command takes: every free-text input is far shorter. */
export const MAX_ARGS_TEXT = 4_000;

/**
 * Runs a command event: finds the spec, checks where it may run and who may run it, parses the arguments,
 * calls the handler. Every refusal is a short reply and changes nothing.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const byName = new Map(deps.commands.map((c) => [c.name, c]));
  const limiter = new CommandRateLimiter(deps.clock, deps.rateLimit);

  return async function dispatch(ctx: EventContext<CommandEvent>): Promise<void> {
    const { event, circle, member, lang, port } = ctx;
    const log = deps.log.child({
      command: event.name,
      member: refKey(event.member),
      chat: refKey(event.chat),
    });
    // Answers go after the circle's auto-delete delay, except those to an admin's own (setting) command.
    let lasting = false;
    const send = async (message: OutMessage) => {
      const reply = event.messageId ? { ...message, replyTo: event.messageId } : message;
      const sent = await port.send(event.chat, reply);
      if (!lasting && deps.jobs) await scheduleAutoDelete(deps.jobs, circle, port, sent, deps.clock.now());
    };
    const say = <K extends MessageKey>(key: K, ...params: ParamsOf<K>) =>
      send({ text: t(lang, key, ...params) });

    const spec = byName.get(event.name);
    if (!spec) {
      deps.observer.commandRun('unknown', 'unknown');
      await say('command.unknown', { name: event.name });
      return;
    }
    if (spec.where === 'circle' && !circle) {
      deps.observer.commandRun(spec.name, 'invalid');
      await say('generic.groupOnly');
      return;
    }

    let adminMemo: Promise<boolean> | undefined;
    const isAdmin = () => {
      adminMemo ??= circle ? port.isAdmin(circle.chat, event.member) : Promise.resolve(false);
      return adminMemo;
    };

    const allowed = limiter.take(refKey(event.member));
    if (!allowed.ok && !(await isAdmin())) {
      deps.observer.commandRun(spec.name, 'limited');
      log.info({ event: 'command.limited' }, 'command over the rate limit');
      if (allowed.warn) await say('command.slowDown', { seconds: Math.ceil(allowed.retryAfterMs / 1000) });
      return;
    }
    if (event.argsText.length > MAX_ARGS_TEXT) {
      deps.observer.commandRun(spec.name, 'invalid');
      await say('command.tooLong', { max: MAX_ARGS_TEXT });
      return;
    }

    if (spec.adminOnly && !(await isAdmin())) {
      deps.observer.commandRun(spec.name, 'refused');
      log.warn({ event: 'command.refused' }, 'admin-only command from a non-admin');
      await say('command.adminOnly', { name: spec.name });
      return;
    }

    let run = spec.run;
    let argSpecs = spec.args;
    let argsText = event.argsText;
    let usage = usageOf(spec);
    if (spec.subcommands.length > 0) {
      const [word, rest] = firstWord(event.argsText);
      const sub = spec.subcommands.find((s) => s.name === word.toLowerCase());
      if (!sub) {
        deps.observer.commandRun(spec.name, 'invalid');
        if (word === '') await say('command.usage', { usage });
        else
          await say('command.unknownSub', {
            name: spec.name,
            value: word.slice(0, 40),
            subs: spec.subcommands.map((s) => s.name).join(', '),
          });
        return;
      }
      run = sub.run;
      argSpecs = sub.args;
      argsText = rest;
      usage = usageOf(spec, sub.name);
    }

    const parsed = parseArgs(argSpecs, argsText, usage);
    if (!parsed.ok) {
      deps.observer.commandRun(spec.name, 'invalid');
      await send({ text: tDynamic(lang, parsed.key, parsed.params) });
      return;
    }

    lasting = spec.adminOnly;
    const context: CommandContext = {
      event,
      circle,
      caller: member,
      lang,
      port,
      isAdmin,
      reply: say,
      replyWith: send,
      t: (key, ...params) => t(lang, key, ...params),
    };
    try {
      await run(context, parsed.values);
    } catch (err) {
      if (err instanceof InvalidInputError) {
        deps.observer.commandRun(spec.name, 'invalid');
        await send({ text: tDynamic(lang, err.messageKey, err.params) });
        return;
      }
      deps.observer.commandRun(spec.name, 'error');
      deps.observer.error('command');
      log.error({ err }, 'command failed');
      await say('generic.error');
      return;
    }
    deps.observer.commandRun(spec.name, 'ok');
    if (spec.adminOnly && circle) {
      await deps.audit.record({
        circleId: circle.id,
        actorId: member.id,
        action: `command.${spec.name}`,
        detail: { args: event.argsText.slice(0, 200) },
        at: deps.clock.now(),
      });
    }
  };
}
