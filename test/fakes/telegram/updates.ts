import { buildMember, type MemberSpec } from './members.js';
import type {
  TgChat,
  TgChatJoinRequest,
  TgMemberStatus,
  TgMessage,
  TgMessageEntity,
  TgSuccessfulPayment,
  TgUpdateInput,
  TgUser,
} from './types.js';
import { privateChatOf, type World } from './world.js';

/** A chat or user given as the object or its id in the world. */
export type ChatLike = TgChat | number;
export type UserLike = TgUser | number;
export type StatusLike = MemberSpec | TgMemberStatus;

/** Where a callback query's button was: the message (as telegraf returned it) or its coordinates. */
export type MessageLike =
  | { chat: { id: number }; message_id: number }
  | { chat_id: number; message_id: number };

const COMMAND = /\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/y;
const MENTION = /@[A-Za-z0-9_]{5,32}/y;
const URL = /https?:\/\/[^\s]+/y;

/**
 * The entities Telegram's clients attach to plain text: `bot_command` (`/cmd`, `/cmd@bot` as one entity,
 * which is what telegraf's `command()` reads), `mention` and `url`. Offsets are in UTF-16 units, like JS.
 */
export function entitiesFor(text: string): TgMessageEntity[] {
  const entities: TgMessageEntity[] = [];
  let i = 0;
  while (i < text.length) {
    const startsWord = i === 0 || /\s/.test(text[i - 1] ?? '');
    let matched = false;
    for (const [type, re] of [
      ['bot_command', COMMAND],
      ['mention', MENTION],
      ['url', URL],
    ] as const) {
      if (!startsWord) break;
      re.lastIndex = i;
      const m = re.exec(text);
      if (m) {
        entities.push({ type, offset: i, length: m[0].length });
        i += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) i += 1;
  }
  return entities;
}

/** Builds properly shaped updates from the world's users and chats; they only reserve `message_id`s. */
export function createUpdateBuilders(world: World) {
  let lastQueryId = 0;
  let lastCharge = 0;
  const user = (u: UserLike): TgUser => (typeof u === 'number' ? world.requireUser(u) : u);
  const chat = (c: ChatLike): TgChat => {
    if (typeof c !== 'number') return c;
    const known = world.chat(c);
    if (!known) throw new Error(`fake Telegram: no chat ${c} in the world`);
    return known;
  };
  const nextMessageId = (c: TgChat) => (world.chatRecord(c.id) ? world.nextMessageId(c.id) : 1);
  const queryId = (from: TgUser) => `${BigInt(from.id) * 4_294_967_296n + BigInt(++lastQueryId)}`;
  const member = (c: TgChat, u: TgUser, s: StatusLike) => buildMember(u, s, c.type);

  function baseMessage(c: TgChat, from: TgUser, extra: Partial<TgMessage> = {}): TgMessage {
    return { message_id: nextMessageId(c), from, chat: c, date: world.unixNow(), ...extra };
  }

  return {
    /** A text message (`''` for none); `chat` may be a user, meaning their private chat with the bot. */
    message(
      c: ChatLike | TgUser,
      from: UserLike,
      text: string,
      extra: Partial<TgMessage> = {},
    ): TgUpdateInput {
      const target = typeof c === 'object' && 'is_bot' in c ? privateChatOf(c) : chat(c as ChatLike);
      const entities = entitiesFor(text);
      const body: Partial<TgMessage> = text === '' ? {} : { text, ...(entities.length ? { entities } : {}) };
      return { message: baseMessage(target, user(from), { ...body, ...extra }) };
    },

    /** A press on an inline button under `message` (usually one the bot sent). */
    callbackQuery(from: UserLike, message: MessageLike, data: string): TgUpdateInput {
      const chatId = 'chat_id' in message ? message.chat_id : message.chat.id;
      // The message as it is now; one the bot cannot see any more arrives as an InaccessibleMessage.
      const found = world.findMessage(chatId, message.message_id);
      const msg = found
        ? structuredClone(found)
        : {
            chat: chat(chatId),
            message_id: message.message_id,
            date: 0,
          };
      const u = user(from);
      const chat_instance = `${Math.abs(msg.chat.id) * 7 + 1_234_567}`;
      return { callback_query: { id: queryId(u), from: u, message: msg, chat_instance, data } };
    },

    chatJoinRequest(c: ChatLike, from: UserLike, extra: Partial<TgChatJoinRequest> = {}): TgUpdateInput {
      const u = user(from);
      return {
        chat_join_request: { chat: chat(c), from: u, user_chat_id: u.id, date: world.unixNow(), ...extra },
      };
    },

    /** The bot's own membership changed (added, promoted, removed) — `from` is who did it. */
    myChatMember(c: ChatLike, from: UserLike, oldStatus: StatusLike, newStatus: StatusLike): TgUpdateInput {
      const target = chat(c);
      return {
        my_chat_member: {
          chat: target,
          from: user(from),
          date: world.unixNow(),
          old_chat_member: member(target, world.botUser, oldStatus),
          new_chat_member: member(target, world.botUser, newStatus),
        },
      };
    },

    /** Someone's membership changed; `from` is who did it (the user themself when they join or leave). */
    chatMember(
      c: ChatLike,
      from: UserLike,
      subject: UserLike,
      oldStatus: StatusLike,
      newStatus: StatusLike,
      extra: { via_join_request?: true } = {},
    ): TgUpdateInput {
      const target = chat(c);
      const s = user(subject);
      return {
        chat_member: {
          chat: target,
          from: user(from),
          date: world.unixNow(),
          old_chat_member: member(target, s, oldStatus),
          new_chat_member: member(target, s, newStatus),
          ...extra,
        },
      };
    },

    /** A user's emoji reactions on a message changed (only sent to admin bots that ask for it). */
    messageReaction(
      c: ChatLike,
      from: UserLike,
      messageId: number,
      emojis: string[],
      oldEmojis: string[] = [],
    ) {
      const toReaction = (emoji: string) => ({ type: 'emoji' as const, emoji });
      return {
        message_reaction: {
          chat: chat(c),
          message_id: messageId,
          user: user(from),
          date: world.unixNow(),
          old_reaction: oldEmojis.map(toReaction),
          new_reaction: emojis.map(toReaction),
        },
      } satisfies TgUpdateInput;
    },

    preCheckoutQuery(
      from: UserLike,
      invoice: { total_amount: number; invoice_payload: string; currency?: string },
    ): TgUpdateInput {
      const u = user(from);
      return { pre_checkout_query: { id: queryId(u), from: u, currency: 'XTR', ...invoice } };
    },

    /** The service message in the payer's private chat once a payment went through. */
    successfulPayment(
      from: UserLike,
      payment: Pick<TgSuccessfulPayment, 'total_amount' | 'invoice_payload'> & Partial<TgSuccessfulPayment>,
    ): TgUpdateInput {
      const u = user(from);
      lastCharge += 1;
      const successful_payment: TgSuccessfulPayment = {
        currency: 'XTR',
        telegram_payment_charge_id: `stxFake${u.id}c${lastCharge}`,
        provider_payment_charge_id: `${u.id}_${lastCharge}`,
        ...payment,
      };
      return { message: baseMessage(privateChatOf(u), u, { successful_payment }) };
    },

    /** The last message of a basic group that became a supergroup (`migrate_to_chat_id`). */
    migrateToChat(oldChat: ChatLike, newChatId: number, from: UserLike): TgUpdateInput {
      return { message: baseMessage(chat(oldChat), user(from), { migrate_to_chat_id: newChatId }) };
    },

    /** The first message of the new supergroup (`migrate_from_chat_id`). */
    migrateFromChat(newChat: ChatLike, oldChatId: number, from: UserLike): TgUpdateInput {
      return { message: baseMessage(chat(newChat), user(from), { migrate_from_chat_id: oldChatId }) };
    },
  };
}

export type UpdateBuilders = ReturnType<typeof createUpdateBuilders>;
