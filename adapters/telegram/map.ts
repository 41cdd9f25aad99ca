import type { Chat, ChatMember, Message, Update, User } from 'telegraf/types';
import { parseCommandLine } from '../../src/core/commands/parse.js';
import type { ChatEvent } from '../../src/core/events.js';
import type { ChatRef, MemberProfile, MemberRef } from '../../src/core/refs.js';

/** What the mapping needs to know about the bot itself. */
export interface BotIdentity {
  readonly id: number;
  readonly username: string;
}

/** Updates the adapter asks Telegram for; the defaults leave some of these out. */
export const ALLOWED_UPDATES = [
  'message',
  'callback_query',
  'chat_join_request',
  'chat_member',
  'my_chat_member',
  'message_reaction',
  'pre_checkout_query',
] as const;

/** Telegram Stars' currency code. */
const STARS = 'XTR';

export const chatRef = (chat: Pick<Chat, 'id'>): ChatRef => ({ platform: 'telegram', id: String(chat.id) });
export const memberRef = (user: Pick<User, 'id'>): MemberRef => ({
  platform: 'telegram',
  id: String(user.id),
});

export function profileOf(user: User): MemberProfile {
  const displayName = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return {
    ...(user.username ? { username: user.username } : {}),
    ...(displayName ? { displayName } : {}),
    ...(user.language_code ? { languageCode: user.language_code } : {}),
  };
}

const titleOf = (chat: Chat): string | undefined => ('title' in chat ? chat.title : undefined);
const PRESENT: ReadonlySet<ChatMember['status']> = new Set([
  'creator',
  'administrator',
  'member',
  'restricted',
]);

function isPresent(member: ChatMember): boolean {
  if (member.status === 'restricted') return member.is_member;
  return PRESENT.has(member.status);
}

function hasMedia(message: Message): boolean {
  return ['photo', 'video', 'document', 'animation', 'sticker', 'voice', 'audio', 'video_note'].some(
    (field) => field in message,
  );
}

/**
 * Turns one Telegram update into the core's events (usually one; a message adding several members gives
 * one each). Updates the core has no use for give none. Each event carries a dedupe id derived from
 * `update_id`. Never throws on a well-formed update.
 */
export function mapUpdate(update: Update, bot: BotIdentity): ChatEvent[] {
  const updateId = String(update.update_id);

  if ('message' in update) return mapMessage(update.message, bot, updateId);

  if ('callback_query' in update) {
    const query = update.callback_query;
    const message = query.message;
    return [
      {
        kind: 'button',
        chat: message ? chatRef(message.chat) : chatRef(query.from),
        member: memberRef(query.from),
        profile: profileOf(query.from),
        updateId,
        data: 'data' in query ? query.data : '',
        ...(message ? { messageId: String(message.message_id) } : {}),
        interactionId: query.id,
      },
    ];
  }

  if ('chat_join_request' in update) {
    const request = update.chat_join_request;
    return [
      {
        kind: 'join_requested',
        chat: chatRef(request.chat),
        member: memberRef(request.from),
        profile: profileOf(request.from),
        chatTitle: request.chat.title,
        updateId,
      },
    ];
  }

  if ('chat_member' in update) {
    const change = update.chat_member;
    const user = change.new_chat_member.user;
    const was = isPresent(change.old_chat_member);
    const is = isPresent(change.new_chat_member);
    if (was === is || user.id === bot.id) return [];
    return [
      {
        kind: is ? 'member_joined' : 'member_left',
        chat: chatRef(change.chat),
        member: memberRef(user),
        profile: profileOf(user),
        chatTitle: titleOf(change.chat),
        updateId,
      },
    ];
  }

  if ('my_chat_member' in update) {
    const change = update.my_chat_member;
    if (change.chat.type === 'private' || change.chat.type === 'channel') return [];
    if (isPresent(change.old_chat_member) || !isPresent(change.new_chat_member)) return [];
    return [
      {
        kind: 'bot_added',
        chat: chatRef(change.chat),
        member: memberRef(change.from),
        profile: profileOf(change.from),
        chatTitle: titleOf(change.chat),
        updateId,
      },
    ];
  }

  if ('pre_checkout_query' in update) {
    // The payer confirmed an invoice and Telegram asks whether it still stands (answer within 10 s).
    const query = update.pre_checkout_query;
    return [
      {
        kind: 'payment_check',
        chat: chatRef(query.from),
        member: memberRef(query.from),
        profile: profileOf(query.from),
        updateId,
        checkId: query.id,
        payload: query.invoice_payload,
        currency: query.currency,
        amountMinor: query.total_amount,
      },
    ];
  }

  if ('message_reaction' in update) {
    const reaction = update.message_reaction;
    const emoji = reaction.new_reaction.find((r) => r.type === 'emoji');
    if (!reaction.user || !emoji || emoji.type !== 'emoji') return [];
    return [
      {
        kind: 'reaction',
        chat: chatRef(reaction.chat),
        member: memberRef(reaction.user),
        profile: profileOf(reaction.user),
        updateId,
        messageId: String(reaction.message_id),
        emoji: emoji.emoji,
      },
    ];
  }

  return [];
}

function mapMessage(message: Message, bot: BotIdentity, updateId: string): ChatEvent[] {
  const from = message.from;
  if (!from || from.is_bot) return [];
  const chat = chatRef(message.chat);
  const base = { chat, member: memberRef(from), profile: profileOf(from), chatTitle: titleOf(message.chat) };

  if ('successful_payment' in message) {
    // The service message in the payer's private chat once the money moved: the payment, never a message.
    // Only Stars (XTR): the bot sends no invoices through other providers.
    const payment = message.successful_payment;
    if (payment.currency !== STARS) return [];
    return [
      {
        kind: 'payment_completed',
        ...base,
        updateId,
        provider: 'telegram_stars',
        providerPaymentId: payment.telegram_payment_charge_id,
        payload: payment.invoice_payload,
        amountMinor: payment.total_amount,
        currency: payment.currency,
      },
    ];
  }

  if ('migrate_to_chat_id' in message) {
    return [
      {
        kind: 'chat_migrated',
        ...base,
        updateId,
        to: { platform: 'telegram', id: String(message.migrate_to_chat_id) },
      },
    ];
  }
  if ('new_chat_members' in message) {
    return message.new_chat_members
      .filter((user) => user.id !== bot.id && !user.is_bot)
      .map((user, i) => ({
        kind: 'member_joined' as const,
        ...base,
        member: memberRef(user),
        profile: profileOf(user),
        updateId: i === 0 ? updateId : `${updateId}:${i}`,
      }));
  }
  if ('left_chat_member' in message) {
    const user = message.left_chat_member;
    if (user.id === bot.id) return [];
    return [{ kind: 'member_left', ...base, member: memberRef(user), profile: profileOf(user), updateId }];
  }

  const text = 'text' in message ? message.text : 'caption' in message ? (message.caption ?? '') : '';
  const entities =
    'entities' in message
      ? message.entities
      : 'caption_entities' in message
        ? message.caption_entities
        : undefined;
  const isPrivate = message.chat.type === 'private';
  const messageId = String(message.message_id);

  if (entities?.[0]?.type === 'bot_command' && entities[0].offset === 0) {
    const command = parseCommandLine(text, bot.username);
    if (!command) return []; // addressed to another bot
    return [{ kind: 'command', ...base, updateId, private: isPrivate, messageId, ...command }];
  }
  const replyTo = 'reply_to_message' in message ? message.reply_to_message?.from : undefined;
  return [
    {
      kind: 'message',
      ...base,
      updateId,
      private: isPrivate,
      messageId,
      text,
      hasMedia: hasMedia(message),
      hasLink: entities?.some((e) => e.type === 'url' || e.type === 'text_link') === true,
      ...(replyTo && !replyTo.is_bot ? { replyTo: memberRef(replyTo) } : {}),
    },
  ];
}
