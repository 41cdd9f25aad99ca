import type { CommandSpec } from '../../src/core/commands/spec.js';
import { type Lang, t } from '../../src/core/i18n/index.js';

export interface MenuCall {
  readonly commands: ReadonlyArray<{ command: string; description: string }>;
  readonly scope: { type: 'all_private_chats' | 'all_group_chats' | 'all_chat_administrators' };
  readonly language_code?: string;
}

const LANGUAGES: ReadonlyArray<{ lang: Lang; code?: string }> = [
  { lang: 'en' },
  { lang: 'zh-CN', code: 'zh' },
];

/**
 * The `setMyCommands` calls for a command list: members see member commands in groups, admins see all
 * (`all_chat_administrators`), private chats see what works there; in English and Chinese. Menus only
 * hide commands — the dispatcher checks admin rights on every call.
 */
export function commandMenus(specs: readonly CommandSpec[]): MenuCall[] {
  const line = (lang: Lang) => (spec: CommandSpec) => ({
    command: spec.name,
    description: t(lang, spec.help).slice(0, 256),
  });
  const calls: MenuCall[] = [];
  for (const { lang, code } of LANGUAGES) {
    const language = code ? { language_code: code } : {};
    const members = specs.filter((s) => !s.adminOnly && s.where !== 'private');
    const everything = specs.filter((s) => s.where !== 'private');
    const privately = specs.filter((s) => !s.adminOnly && s.where !== 'circle');
    calls.push(
      { commands: privately.map(line(lang)), scope: { type: 'all_private_chats' }, ...language },
      { commands: members.map(line(lang)), scope: { type: 'all_group_chats' }, ...language },
      { commands: everything.map(line(lang)), scope: { type: 'all_chat_administrators' }, ...language },
    );
  }
  return calls;
}
