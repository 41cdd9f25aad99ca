import { circleName } from '../circle.js';
import type { Feature } from '../feature.js';
import { type Lang, type MessageKey, t, tDynamic } from '../i18n/index.js';
import type { Ports } from '../ports.js';
import type { Store } from '../store.js';
import { type CommandContext, type CommandSpec, defineCommand, usageOf } from './spec.js';

export interface BuiltinDeps {
  readonly store: Store;
  readonly ports: Ports;
  /** Every feature of this core, read lazily so `/help` and `/setup` see features added after this one. */
  readonly features: () => readonly Feature[];
}

/** `/help`, `/ping`, `/setup`, `/lang`: what every circle has from the start. */
export function builtinFeature(deps: BuiltinDeps): Feature {
  const allCommands = () => deps.features().flatMap((f) => f.commands ?? []);

  const help = defineCommand({
    name: 'help',
    help: 'help.cmd.help',
    args: [{ name: 'command', kind: 'word', optional: true }],
    async run(ctx, { command }) {
      const commands = allCommands();
      if (command) {
        const spec = commands.find((c) => c.name === command.replace(/^\//, '').toLowerCase());
        if (!spec) return ctx.reply('command.unknown', { name: command.replace(/^\//, '').slice(0, 32) });
        await ctx.replyWith({ text: describeCommand(spec, ctx.lang) });
        return;
      }
      const admin = ctx.circle ? await ctx.isAdmin() : false;
      const line = (c: CommandSpec) => `${usageOf(c)} — ${t(ctx.lang, c.help)}`;
      const lines = [ctx.t('help.header'), ...commands.filter((c) => !c.adminOnly).map(line)];
      if (admin) lines.push('', ctx.t('help.adminHeader'), ...commands.filter((c) => c.adminOnly).map(line));
      lines.push('', ctx.t('help.footer'));
      await ctx.replyWith({ text: lines.join('\n') });
    },
  });

  const ping = defineCommand({
    name: 'ping',
    help: 'help.cmd.ping',
    async run(ctx) {
      const ms = await deps.store.ping();
      await ctx.reply('ping.pong', { ms: Math.round(ms * 10) / 10 });
    },
  });

  const setup = defineCommand({
    name: 'setup',
    adminOnly: true,
    where: 'circle',
    help: 'help.cmd.setup',
    async run(ctx) {
      const circle = ctx.circle!;
      const roles = Object.values(circle.settings.points.levelRoles);
      const checks = await deps.ports.get(circle.chat.platform).checkSetup(circle.chat, { roles });
      const lines = [ctx.t('setup.header', { circle: circleName(circle) })];
      lines.push(ctx.t('setup.lang', { lang: circle.lang }));
      for (const feature of deps.features()) lines.push(...(feature.describe?.(circle, ctx.lang) ?? []));
      lines.push('');
      for (const check of checks) {
        const label = tDynamic(ctx.lang, `setup.check.${check.key}`, check.params);
        lines.push(
          check.ok
            ? ctx.t('setup.ok', { check: label })
            : ctx.t('setup.missing', {
                check: label,
                hint: tDynamic(ctx.lang, check.hintKey ?? `setup.hint.${check.key}`, check.params),
              }),
        );
      }
      if (checks.every((c) => c.ok)) lines.push(ctx.t('setup.allGood'));
      await ctx.replyWith({ text: lines.join('\n') });
    },
  });

  const lang = defineCommand({
    name: 'lang',
    adminOnly: true,
    where: 'circle',
    help: 'help.cmd.lang',
    args: [{ name: 'language', kind: 'choice', choices: ['en', 'zh'] }],
    async run(ctx: CommandContext, { language }) {
      const next: Lang = language === 'zh' ? 'zh-CN' : 'en';
      await deps.store.circles.setLang(ctx.circle!.id, next);
      await ctx.replyWith({ text: t(next, 'lang.set') });
    },
  });

  return {
    name: 'builtin',
    commands: [help, ping, setup, lang],
    on: {
      async bot_added(ctx) {
        if (!ctx.circle) return;
        await ctx.port.send(ctx.circle.chat, {
          text: t(ctx.circle.lang, 'welcome.botAdded', { circle: circleName(ctx.circle) }),
        });
      },
    },
  };
}

function describeCommand(spec: CommandSpec, lang: Lang): string {
  if (spec.subcommands.length === 0) return `${usageOf(spec)} — ${t(lang, spec.help)}`;
  return [
    `/${spec.name} — ${t(lang, spec.help)}`,
    ...spec.subcommands.map((s) => `  ${usageOf(spec, s.name)} — ${t(lang, s.help as MessageKey)}`),
  ].join('\n');
}
