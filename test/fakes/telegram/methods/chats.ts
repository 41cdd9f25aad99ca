import { badRequest, TG } from '../errors.js';
import { optString, type Params } from '../params.js';
import type { TgBotCommand, TgChatFullInfo } from '../types.js';
import { chatParam, type MethodHandler, userParam } from './context.js';

const getMe: MethodHandler = (_p, ctx) => ctx.world.bot;

const getChat: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  const info: TgChatFullInfo = { ...record.chat, accent_color_id: 0, max_reaction_count: 11 };
  if (record.chat.type === 'private') {
    const user = ctx.world.user(record.chat.id);
    if (user?.last_name) info.last_name = user.last_name;
    return info;
  }
  if (record.description) info.description = record.description;
  if (record.joinByRequest) info.join_by_request = true;
  info.permissions = record.permissions;
  return info;
};

const getChatMember: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  const user = userParam(p, ctx);
  return ctx.world.member(record.chat.id, user.id);
};

/** Owners and administrators who are not bots — the bot never sees itself here (Bot API docs). */
const getChatAdministrators: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  if (record.chat.type === 'private')
    throw badRequest('Bad Request: there are no administrators in the private chat');
  return [...record.members.values()].filter(
    (m) => (m.status === 'creator' || m.status === 'administrator') && !m.user.is_bot,
  );
};

/** One key per scope and language, e.g. `chat_administrators:-100123|en`. */
export function commandScopeKey(scope: unknown, languageCode?: string): string {
  const s = (scope ?? { type: 'default' }) as { type?: string; chat_id?: unknown; user_id?: unknown };
  const parts = [s.type ?? 'default', s.chat_id, s.user_id].filter((x) => x !== undefined).join(':');
  return `${parts}|${languageCode ?? ''}`;
}

function commandsParam(p: Params): TgBotCommand[] {
  const list = p.commands;
  if (!Array.isArray(list)) throw badRequest("Bad Request: can't parse commands JSON object");
  if (list.length > 100) throw badRequest('Bad Request: too many commands specified');
  return list.map((item) => {
    const c = (item ?? {}) as Partial<TgBotCommand>;
    const command = String(c.command ?? '').replace(/^\//, '');
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest(TG.botCommandInvalid);
    const description = String(c.description ?? '');
    if (description.length < 1 || description.length > 256) throw badRequest(TG.botCommandDescriptionInvalid);
    return { command, description };
  });
}

const setMyCommands: MethodHandler = (p, ctx) => {
  ctx.commands.set(commandScopeKey(p.scope, optString(p, 'language_code')), commandsParam(p));
  return true;
};

const deleteMyCommands: MethodHandler = (p, ctx) => {
  ctx.commands.delete(commandScopeKey(p.scope, optString(p, 'language_code')));
  return true;
};

const getMyCommands: MethodHandler = (p, ctx) =>
  ctx.commands.get(commandScopeKey(p.scope, optString(p, 'language_code'))) ?? [];

export const chatMethods: Record<string, MethodHandler> = {
  getMe,
  getChat,
  getChatMember,
  getChatAdministrators,
  setMyCommands,
  deleteMyCommands,
  getMyCommands,
};
