import { buildMember, isPresent, type MemberSpec } from './members.js';
import type {
  TgChat,
  TgChatJoinRequest,
  TgChatMember,
  TgChatPermissions,
  TgMemberStatus,
  TgMessage,
  TgReactionType,
  TgUser,
} from './types.js';

/** How to make a user; everything has a realistic default. */
export interface UserSpec {
  id?: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_bot?: boolean;
  /** Has pressed Start in a private chat with the bot (default false: the bot may not DM them yet). */
  startedBot?: boolean;
  blockedBot?: boolean;
  deactivated?: boolean;
}

/** How to make a group; the bot is an administrator with the default rights unless `bot` says otherwise. */
export interface ChatSpec {
  type?: 'group' | 'supergroup' | 'channel';
  id?: number;
  title?: string;
  username?: string;
  description?: string;
  join_by_request?: boolean;
  is_forum?: boolean;
  owner?: TgUser | number;
  bot?: MemberSpec | TgMemberStatus;
  permissions?: TgChatPermissions;
}

export interface UserRecord {
  user: TgUser;
  startedBot: boolean;
  blockedBot: boolean;
  deactivated: boolean;
}

export interface ChatRecord {
  chat: TgChat;
  description?: string;
  joinByRequest: boolean;
  permissions: TgChatPermissions;
  members: Map<number, TgChatMember>;
  requests: Map<number, TgChatJoinRequest>;
  messages: Map<number, TgMessage>;
  /** The bot's own reaction on each message it reacted to (`setMessageReaction`). */
  botReactions: Map<number, TgReactionType[]>;
  lastMessageId: number;
  migratedTo?: number;
}

/** A query the bot has been sent and may still answer. */
export interface OpenQuery {
  kind: 'callback_query' | 'pre_checkout_query';
  at: number;
  answered: boolean;
}

/** The `Chat` of a user's private chat with the bot. */
export function privateChatOf(user: TgUser): TgChat {
  return {
    id: user.id,
    type: 'private',
    first_name: user.first_name,
    ...(user.last_name ? { last_name: user.last_name } : {}),
    ...(user.username ? { username: user.username } : {}),
  };
}

const FIRST_NAMES = ['Alice', 'Bob', 'Chen', 'Dana', 'Eve', 'Farid', 'Gita', 'Hiro', 'Ines', 'Jon'];

/** The fake's little Telegram: users, chats, members, join requests and messages. Plain state, no I/O. */
export class World {
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChatRecord>();
  readonly queries = new Map<string, OpenQuery>();
  private lastUserId = 100_000_000;
  private lastGroupId = 4_500_000_000;
  private lastSupergroupId = 1_002_400_000_000;

  /** The bot as it appears in messages and memberships (without `getMe`'s capability fields). */
  readonly botUser: TgUser;

  constructor(
    /** The bot as `getMe` describes it. */
    readonly bot: TgUser,
    readonly now: () => number,
  ) {
    this.botUser = { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username };
    this.users.set(bot.id, { user: this.botUser, startedBot: false, blockedBot: false, deactivated: false });
  }

  /** Unix seconds, as in every `date` field. */
  unixNow(): number {
    return Math.floor(this.now() / 1000);
  }

  addUser(spec: UserSpec = {}): TgUser {
    const id = spec.id ?? ++this.lastUserId;
    const first_name = spec.first_name ?? FIRST_NAMES[id % FIRST_NAMES.length] ?? 'User';
    const user: TgUser = {
      id,
      is_bot: spec.is_bot ?? false,
      first_name,
      ...(spec.last_name ? { last_name: spec.last_name } : {}),
      username: spec.username ?? `${first_name.toLowerCase()}${id % 10_000}`,
      language_code: spec.language_code ?? 'en',
    };
    if (user.is_bot) delete user.language_code;
    this.users.set(id, {
      user,
      startedBot: spec.startedBot ?? false,
      blockedBot: spec.blockedBot ?? false,
      deactivated: spec.deactivated ?? false,
    });
    this.chats.set(id, this.newRecord(privateChatOf(user)));
    return user;
  }

  addChat(spec: ChatSpec = {}): TgChat {
    const type = spec.type ?? 'supergroup';
    const id = spec.id ?? (type === 'group' ? -++this.lastGroupId : -++this.lastSupergroupId);
    const chat: TgChat = {
      id,
      type,
      title: spec.title ?? `Circle ${Math.abs(id) % 10_000}`,
      ...(spec.username ? { username: spec.username } : {}),
      ...(spec.is_forum ? { is_forum: true as const } : {}),
    };
    const record = this.newRecord(chat);
    record.joinByRequest = spec.join_by_request ?? false;
    if (spec.description) record.description = spec.description;
    if (spec.permissions) record.permissions = spec.permissions;
    this.chats.set(id, record);
    if (spec.owner !== undefined) this.setMember(id, spec.owner, 'creator');
    this.setMember(id, this.botUser, spec.bot ?? 'administrator');
    return chat;
  }

  private newRecord(chat: TgChat): ChatRecord {
    return {
      chat,
      joinByRequest: false,
      permissions: { can_send_messages: true, can_send_photos: true, can_add_web_page_previews: true },
      members: new Map(),
      requests: new Map(),
      messages: new Map(),
      botReactions: new Map(),
      lastMessageId: 0,
    };
  }

  user(id: number): TgUser | undefined {
    return this.users.get(id)?.user;
  }

  userRecord(id: number): UserRecord | undefined {
    return this.users.get(id);
  }

  chat(id: number): TgChat | undefined {
    return this.chats.get(id)?.chat;
  }

  chatRecord(id: number): ChatRecord | undefined {
    return this.chats.get(id);
  }

  chatByUsername(username: string): ChatRecord | undefined {
    const name = username.replace(/^@/, '').toLowerCase();
    return [...this.chats.values()].find((c) => c.chat.username?.toLowerCase() === name);
  }

  /** The user as a member of the chat; `left` for a known user who never joined. */
  member(chatId: number, userId: number): TgChatMember | undefined {
    const found = this.chats.get(chatId)?.members.get(userId);
    if (found) return found;
    const user = this.user(userId);
    return user ? { status: 'left', user } : undefined;
  }

  /** Sets a member's status (or full spec) and returns the previous membership. */
  setMember(chatId: number, who: TgUser | number, spec: MemberSpec | TgMemberStatus): TgChatMember {
    const record = this.requireChat(chatId);
    const user = typeof who === 'number' ? this.requireUser(who) : who;
    this.ensureUser(user);
    return this.putMember(chatId, buildMember(user, spec, record.chat.type));
  }

  /** Stores a complete `ChatMember` as is and returns the previous membership. */
  putMember(chatId: number, member: TgChatMember): TgChatMember {
    const record = this.requireChat(chatId);
    const old = this.member(chatId, member.user.id) ?? { status: 'left', user: member.user };
    record.members.set(member.user.id, member);
    if (isPresent(member)) record.requests.delete(member.user.id);
    return old;
  }

  /** Makes sure a user seen in an update exists here (as given). */
  ensureUser(user: TgUser): void {
    if (this.users.has(user.id)) return;
    const { id, first_name, last_name, username, language_code, is_bot } = user;
    this.addUser({ id, first_name, last_name, username, language_code, is_bot });
    this.requireUserRecord(id).user = user;
    this.requireChat(id).chat = privateChatOf(user);
  }

  /** Makes sure a chat seen in an update exists here (as given; the bot a plain member). */
  ensureChat(chat: TgChat): void {
    if (this.chats.has(chat.id) || chat.type === 'private') return;
    this.addChat({ type: chat.type as 'group', id: chat.id, bot: 'member' });
    this.requireChat(chat.id).chat = chat;
  }

  isMember(chatId: number, userId: number): boolean {
    return isPresent(this.chats.get(chatId)?.members.get(userId));
  }

  /** The bot's own membership in a chat. */
  botMember(chatId: number): TgChatMember | undefined {
    return this.chats.get(chatId)?.members.get(this.bot.id);
  }

  /** A user asks to join; the request stays until approved or declined (by the bot or a human admin). */
  addJoinRequest(chatId: number, userId: number, extra: Partial<TgChatJoinRequest> = {}): TgChatJoinRequest {
    const record = this.requireChat(chatId);
    const user = this.requireUser(userId);
    const request: TgChatJoinRequest = {
      chat: record.chat,
      from: user,
      user_chat_id: user.id,
      date: this.unixNow(),
      ...extra,
    };
    record.requests.set(userId, request);
    return request;
  }

  joinRequests(chatId: number): TgChatJoinRequest[] {
    return [...(this.chats.get(chatId)?.requests.values() ?? [])];
  }

  /** A human admin handles the request first: approve makes the user a member; either way it is gone. */
  settleJoinRequest(chatId: number, userId: number, decision: 'approve' | 'decline'): void {
    this.requireChat(chatId).requests.delete(userId);
    if (decision === 'approve') this.setMember(chatId, userId, 'member');
  }

  /** The next `message_id` in a chat (ids count up per chat, as in groups and private chats). */
  nextMessageId(chatId: number): number {
    const record = this.requireChat(chatId);
    record.lastMessageId += 1;
    return record.lastMessageId;
  }

  storeMessage(message: TgMessage): void {
    const record = this.requireChat(message.chat.id);
    record.messages.set(message.message_id, message);
    record.lastMessageId = Math.max(record.lastMessageId, message.message_id);
  }

  findMessage(chatId: number, messageId: number): TgMessage | undefined {
    return this.chats.get(chatId)?.messages.get(messageId);
  }

  /** The emoji the bot reacted to a message with (none: `[]`). */
  botReactions(chatId: number, messageId: number): string[] {
    const reactions = this.chats.get(chatId)?.botReactions.get(messageId) ?? [];
    return reactions.flatMap((r) => (r.type === 'emoji' ? [r.emoji] : []));
  }

  /** Messages still in the chat, oldest first. */
  messages(chatId: number): TgMessage[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])];
  }

  blockBot(userId: number, blocked = true): void {
    this.requireUserRecord(userId).blockedBot = blocked;
  }

  startBot(userId: number): void {
    this.requireUserRecord(userId).startedBot = true;
  }

  /** Upgrades a basic group: a new supergroup takes over title and members; the old id answers "upgraded". */
  migrateChat(oldId: number, newId?: number): TgChat {
    const old = this.requireChat(oldId);
    const chat = this.addChat({
      type: 'supergroup',
      title: old.chat.title,
      id: newId ?? -++this.lastSupergroupId,
    });
    const record = this.requireChat(chat.id);
    for (const [userId, member] of old.members) record.members.set(userId, member);
    record.joinByRequest = old.joinByRequest;
    old.migratedTo = chat.id;
    return chat;
  }

  openQuery(id: string, kind: OpenQuery['kind']): void {
    this.queries.set(id, { kind, at: this.now(), answered: false });
  }

  requireChat(id: number): ChatRecord {
    const record = this.chats.get(id);
    if (!record) throw new Error(`fake Telegram: no chat ${id} in the world`);
    return record;
  }

  requireUser(id: number): TgUser {
    return this.requireUserRecord(id).user;
  }

  private requireUserRecord(id: number): UserRecord {
    const record = this.users.get(id);
    if (!record) throw new Error(`fake Telegram: no user ${id} in the world`);
    return record;
  }
}
