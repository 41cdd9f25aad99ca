import type { ArgSpec, CommandSpec } from '../../src/core/commands/spec.js';
import { type TextKey, t } from '../../src/core/i18n/index.js';

/** Discord's option types (application command option type enum). */
const SUB_COMMAND = 1;
const STRING = 3;
const INTEGER = 4;
/** `Manage Server`: who sees admin commands until an owner edits the command's permissions. */
export const MANAGE_GUILD = '32';

export interface SlashOption {
  readonly type: number;
  readonly name: string;
  readonly description: string;
  readonly description_localizations?: Record<string, string>;
  readonly required?: boolean;
  readonly choices?: ReadonlyArray<{ name: string; value: string }>;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly options?: readonly SlashOption[];
}

export interface SlashCommand {
  readonly name: string;
  readonly description: string;
  readonly description_localizations: Record<string, string>;
  readonly options: readonly SlashOption[];
  readonly default_member_permissions: string | null;
  readonly dm_permission: boolean;
}

const describe = (key: TextKey) => ({
  description: t('en', key).slice(0, 100),
  description_localizations: { 'zh-CN': t('zh-CN', key).slice(0, 100) },
});

function option(arg: ArgSpec): SlashOption {
  const base = {
    name: arg.name.toLowerCase().slice(0, 32),
    description: arg.name,
    required: !arg.optional,
  };
  switch (arg.kind) {
    case 'int':
      return {
        ...base,
        type: INTEGER,
        ...(arg.min !== undefined ? { min_value: arg.min } : {}),
        ...(arg.max !== undefined ? { max_value: arg.max } : {}),
      };
    case 'choice':
      return { ...base, type: STRING, choices: arg.choices.map((c) => ({ name: c, value: c })) };
    default:
      return { ...base, type: STRING };
  }
}

/**
 * A command spec as a Discord guild command: positional arguments become typed options (required ones
 * first, as Discord demands, which our specs already do), subcommands become subcommand options, help
 * texts are localised, and admin commands carry `default_member_permissions` (Manage Server) — a default the
 * owner may edit, so the dispatcher checks again on every call.
 */
export function slashCommand(spec: CommandSpec): SlashCommand {
  return {
    name: spec.name,
    ...describe(spec.help),
    options:
      spec.subcommands.length > 0
        ? spec.subcommands.map((sub) => ({
            type: SUB_COMMAND,
            name: sub.name,
            ...describe(sub.help),
            options: sub.args.map(option),
          }))
        : spec.args.map(option),
    default_member_permissions: spec.adminOnly ? MANAGE_GUILD : null,
    dm_permission: spec.where !== 'circle',
  };
}

/**
 * Rebuilds the text a person would have typed (`mode auto`, `add Which city? | a | *b`) from a slash
 * command's options, in the spec's order, so the core parses Discord and Telegram commands alike.
 */
export function argsTextOf(
  spec: CommandSpec | undefined,
  subcommand: string | null,
  value: (name: string) => string | number | boolean | null,
): string {
  if (!spec) return '';
  const sub = subcommand ? spec.subcommands.find((s) => s.name === subcommand) : undefined;
  const args = sub ? sub.args : spec.args;
  const words = args.flatMap((arg) => {
    const v = value(arg.name.toLowerCase());
    return v === null || v === '' ? [] : [String(v)];
  });
  return [...(subcommand ? [subcommand] : []), ...words].join(' ');
}
