import { badRequest, forbidden, TG } from '../errors.js';
import { chatIdParam, intParam, type Params } from '../params.js';
import type { TgBotCommand, TgChat, TgChatMember, TgUser } from '../types.js';
import type { UpdateQueue } from '../update-queue.js';
import type { ChatRecord, World } from '../world.js';

/** What `setWebhook` stored. */
export interface WebhookState {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
  max_connections?: number;
  ip_address?: string;
}

/** Everything a method handler may read or change. */
export interface MethodContext {
  world: World;
  updates: UpdateQueue;
  webhook: WebhookState;
  /** Command lists by scope key (see `commandScopeKey`). */
  commands: Map<string, TgBotCommand[]>;
  /** Queue `chat_member`/`my_chat_member` updates for changes the bot makes. */
  emitMemberUpdates: boolean;
  /** Aborted when the client goes away or the fake closes. */
  signal: AbortSignal;
  /** A fresh id for files, queries and charges. */
  nextId(prefix: string): string;
}

/** A Bot API method: returns `result` or throws `BotApiError`. */
export type MethodHandler = (p: Params, ctx: MethodContext) => unknown;

/** The chat named by `chat_id` (`@username` too); 400 when unknown, or "upgraded" after a migration. */
export function chatParam(p: Params, ctx: MethodContext): ChatRecord {
  const id = chatIdParam(p);
  const record = typeof id === 'string' ? ctx.world.chatByUsername(id) : ctx.world.chatRecord(id);
  if (!record) throw badRequest(TG.chatNotFound);
  if (record.migratedTo !== undefined) {
    throw badRequest(TG.groupUpgraded, { migrate_to_chat_id: record.migratedTo });
  }
  return record;
}

/** The user named by `user_id`; 400 `user not found` when unknown. */
export function userParam(p: Params, ctx: MethodContext): TgUser {
  const user = ctx.world.user(intParam(p, 'user_id'));
  if (!user) throw badRequest(TG.userNotFound);
  return user;
}

function chatWord(chat: TgChat): string {
  return chat.type === 'supergroup'
    ? 'supergroup chat'
    : chat.type === 'channel'
      ? 'channel chat'
      : 'group chat';
}

/** A join request the user made less than five minutes ago opens their private chat to the bot. */
function joinWindowOpen(ctx: MethodContext, userId: number): boolean {
  const now = ctx.world.unixNow();
  for (const record of ctx.world.chats.values()) {
    const request = record.requests.get(userId);
    if (request && now - request.date < 5 * 60) return true;
  }
  return false;
}

/** Throws what Telegram answers when the bot may not post in this chat right now. */
export function assertCanPost(ctx: MethodContext, record: ChatRecord, what: 'text' | 'photos'): void {
  const { chat } = record;
  if (chat.type === 'private') {
    const user = ctx.world.userRecord(chat.id);
    if (!user) throw badRequest(TG.chatNotFound);
    if (user.user.is_bot) throw forbidden(TG.cantMessageBots);
    if (user.deactivated) throw forbidden(TG.userDeactivated);
    if (user.blockedBot) throw forbidden(TG.blocked);
    if (!user.startedBot && !joinWindowOpen(ctx, chat.id)) throw forbidden(TG.cantInitiate);
    return;
  }
  const bot = ctx.world.botMember(chat.id);
  if (bot?.status === 'kicked') throw forbidden(`Forbidden: bot was kicked from the ${chatWord(chat)}`);
  if (!bot || bot.status === 'left' || (bot.status === 'restricted' && !bot.is_member)) {
    throw forbidden(`Forbidden: bot is not a member of the ${chatWord(chat)}`);
  }
  if (bot.status === 'restricted') {
    const allowed = what === 'text' ? bot.can_send_messages : bot.can_send_photos;
    if (!allowed) throw badRequest(what === 'text' ? TG.notEnoughRightsText : TG.notEnoughRightsPhotos);
  }
}

/** Queues the update Telegram sends when a membership changes through the bot's own call. */
export function emitMemberChange(
  ctx: MethodContext,
  chat: TgChat,
  old: TgChatMember,
  next: TgChatMember,
  extra: { via_join_request?: true } = {},
): void {
  if (!ctx.emitMemberUpdates || old.status === next.status) return;
  const payload = {
    chat,
    from: ctx.world.botUser,
    date: ctx.world.unixNow(),
    old_chat_member: old,
    new_chat_member: next,
    ...extra,
  };
  const key = next.user.id === ctx.world.bot.id ? 'my_chat_member' : 'chat_member';
  ctx.updates.push({ [key]: payload });
}
