import type { Circle } from '../circle.js';
import type { CommandEvent } from '../events.js';
import type { Lang, MessageKey, ParamsOf, TextKey } from '../i18n/index.js';
import type { ChatPort, OutMessage } from '../port.js';
import type { MemberRecord } from '../repos.js';

/** One positional argument. `text` takes the rest of the line and must come last. */
export type ArgSpec =
  | { readonly name: string; readonly kind: 'word'; readonly optional?: boolean }
  | { readonly name: string; readonly kind: 'text'; readonly optional?: boolean }
  | {
      readonly name: string;
      readonly kind: 'int';
      readonly min?: number;
      readonly max?: number;
      readonly optional?: boolean;
    }
  | {
      readonly name: string;
      readonly kind: 'choice';
      readonly choices: readonly string[];
      readonly optional?: boolean;
    }
  | { readonly name: string; readonly kind: 'duration'; readonly optional?: boolean };

type ValueOf<A extends ArgSpec> = A extends { kind: 'int' }
  ? number
  : A extends { kind: 'duration' }
    ? number
    : A extends { kind: 'choice'; choices: readonly (infer C)[] }
      ? C
      : string;

/** The typed record a handler receives for an argument list. */
export type ArgsOf<S extends readonly ArgSpec[]> = {
  [A in S[number] as A['name']]: A extends { optional: true } ? ValueOf<A> | undefined : ValueOf<A>;
};

/** What a handler may do and know; the command's own dependencies come through its factory. */
export interface CommandContext {
  readonly event: CommandEvent;
  /** The circle the command was run in; `null` in a private chat. */
  readonly circle: Circle | null;
  /** The person who ran it, as stored. */
  readonly caller: MemberRecord;
  readonly lang: Lang;
  /** The adapter the command came through. */
  readonly port: ChatPort;
  /** Whether the caller administers the circle (checked with the platform for admin-only commands). */
  isAdmin(): Promise<boolean>;
  /** Replies in the chat the command came from. */
  reply<K extends MessageKey>(key: K, ...params: ParamsOf<K>): Promise<void>;
  replyWith(message: OutMessage): Promise<void>;
  /** Renders a message in the context's language. */
  t<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string;
}

export interface Handler<S extends readonly ArgSpec[]> {
  readonly args: S;
  run(ctx: CommandContext, args: ArgsOf<S>): Promise<void>;
}

/** A named branch of a command: `/gate mode auto` is `gate` → `mode`. */
export interface SubcommandSpec {
  readonly name: string;
  readonly help: TextKey;
  readonly args: readonly ArgSpec[];
  run(ctx: CommandContext, args: Record<string, unknown>): Promise<void>;
}

/** Where a command makes sense. */
export type CommandWhere = 'circle' | 'private' | 'anywhere';

/**
 * A command: name, typed arguments (or subcommands), admin-only flag, help in every language, handler.
 * Adapters read the same spec to publish menus (Telegram scopes, Discord options).
 */
export interface CommandSpec {
  readonly name: string;
  readonly adminOnly: boolean;
  readonly where: CommandWhere;
  readonly help: TextKey;
  readonly args: readonly ArgSpec[];
  readonly subcommands: readonly SubcommandSpec[];
  run(ctx: CommandContext, args: Record<string, unknown>): Promise<void>;
}

interface CommandOptions<S extends readonly ArgSpec[]> {
  name: string;
  adminOnly?: boolean;
  where?: CommandWhere;
  help: TextKey;
  args?: S;
  run(ctx: CommandContext, args: ArgsOf<S>): Promise<void>;
}

/** Declares a command with positional arguments; `args` are inferred into the handler's record. */
export function defineCommand<const S extends readonly ArgSpec[] = []>(opts: CommandOptions<S>): CommandSpec {
  return {
    name: opts.name,
    adminOnly: opts.adminOnly ?? false,
    where: opts.where ?? 'anywhere',
    help: opts.help,
    args: opts.args ?? [],
    subcommands: [],
    run: opts.run as CommandSpec['run'],
  };
}

/** Declares one subcommand; used inside `defineGroup`. */
export function sub<const S extends readonly ArgSpec[] = []>(opts: {
  name: string;
  help: TextKey;
  args?: S;
  run(ctx: CommandContext, args: ArgsOf<S>): Promise<void>;
}): SubcommandSpec {
  return { name: opts.name, help: opts.help, args: opts.args ?? [], run: opts.run as SubcommandSpec['run'] };
}

/** Declares a command made of subcommands (`/gate on`, `/gate mode auto`). */
export function defineGroup(opts: {
  name: string;
  adminOnly?: boolean;
  where?: CommandWhere;
  help: TextKey;
  subcommands: readonly SubcommandSpec[];
}): CommandSpec {
  return {
    name: opts.name,
    adminOnly: opts.adminOnly ?? false,
    where: opts.where ?? 'anywhere',
    help: opts.help,
    args: [],
    subcommands: opts.subcommands,
    run: async () => {},
  };
}

/** `/gate mode <auto|review>` — generated from the spec, so help never drifts from parsing. */
export function usageOf(spec: CommandSpec, subName?: string): string {
  const sub = subName ? spec.subcommands.find((s) => s.name === subName) : undefined;
  if (spec.subcommands.length > 0 && !sub) {
    return `/${spec.name} <${spec.subcommands.map((s) => s.name).join('|')}> …`;
  }
  const args = sub ? sub.args : spec.args;
  const head = sub ? `/${spec.name} ${sub.name}` : `/${spec.name}`;
  return [head, ...args.map(argUsage)].join(' ');
}

function argUsage(arg: ArgSpec): string {
  const body =
    arg.kind === 'choice' ? arg.choices.join('|') : arg.kind === 'text' ? `${arg.name}…` : arg.name;
  return arg.optional ? `[${body}]` : `<${body}>`;
}
