import type { Chat, ChatMember, InlineKeyboardButton, Message, UserFromGetMe } from 'telegraf/types';
import type { CommandSpec } from '../../src/core/commands/spec.js';
import type { Logger } from '../../src/core/logger.js';
import type {
  Capability,
  ChatPort,
  Invoice,
  JoinOutcome,
  OutFile,
  OutImage,
  OutMessage,
  SentMessage,
  SetupCheck,
} from '../../src/core/port.js';
import type { ChatRef, MemberRef } from '../../src/core/refs.js';
import { AdminCache } from './admins.js';
import { type TelegramApi, TelegramCallError } from './api.js';
import { commandMenus } from './commands.js';
import { telegramReaction } from './reactions.js';

/** Errors that mean "someone already handled this join request" — record, do not retry. */
const ALREADY_HANDLED = ['HIDE_REQUESTER_MISSING', 'USER_ALREADY_PARTICIPANT'];
/** Errors that mean a callback query can no longer be answered (answered before, or timed out). */
const QUERY_GONE = ['query is too old', 'QUERY_ID_INVALID'];

/** At most `n` characters (code points, so an emoji is never cut in half). */
const cut = (text: string, n: number): string => Array.from(text).slice(0, n).join('');

function keyboard(message: OutMessage): { inline_keyboard: InlineKeyboardButton[][] } | undefined {
  if (!message.buttons || message.buttons.length === 0) return undefined;
  return {
    inline_keyboard: message.buttons.map((row) =>
      row.map((b) => ('url' in b ? { text: b.label, url: b.url } : { text: b.label, callback_data: b.data })),
    ),
  };
}

/** `ChatPort` over the Bot API. Plain text only (no parse mode), so nothing needs escaping. */
export class TelegramPort implements ChatPort {
  readonly platform = 'telegram' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'join_requests',
    'buttons',
    'direct_messages',
    'delete_messages',
    'command_menu',
    'images',
    'reactions',
    'invoices',
    'files',
  ]);
  readonly admins: AdminCache;
  /** People who blocked the bot (403), for logs and `/setup`-style reports. */
  readonly unreachable = new Set<string>();
  /** `user_chat_id` of each pending join request: where Telegram lets the bot write to the applicant. */
  readonly #dmChats = new Map<string, string>();
  #me: UserFromGetMe | undefined;

  constructor(
    private readonly api: TelegramApi,
    private readonly log: Logger,
  ) {
    this.admins = new AdminCache(async (chatId, userId) => {
      const member = await this.api.call<ChatMember>(
        'getChatMember',
        { chat_id: chatId, user_id: Number(userId) },
        chatId,
      );
      return member.status === 'creator' || member.status === 'administrator';
    });
  }

  setMe(me: UserFromGetMe): void {
    this.#me = me;
  }

  /** Remembers the private chat a join request names (`user_chat_id`) for the applicant's DMs. */
  rememberDmChat(userId: string, chatId: string): void {
    this.#dmChats.delete(userId);
    this.#dmChats.set(userId, chatId);
    // Bounded: the oldest entries go first (they are for requests long decided).
    if (this.#dmChats.size > 50_000) this.#dmChats.delete(this.#dmChats.keys().next().value!);
  }

  async send(chat: ChatRef, message: OutMessage): Promise<SentMessage> {
    const sent = await this.api.call<Message>(
      'sendMessage',
      {
        chat_id: chat.id,
        text: message.text,
        reply_markup: keyboard(message),
        ...(message.replyTo
          ? { reply_parameters: { message_id: Number(message.replyTo), allow_sending_without_reply: true } }
          : {}),
      },
      chat.id,
    );
    return { chat, messageId: String(sent.message_id) };
  }

  async sendDirect(member: MemberRef, message: OutMessage): Promise<SentMessage | null> {
    try {
      const sent = await this.send(this.#dmChat(member), message);
      this.unreachable.delete(member.id);
      return sent;
    } catch (err) {
      if (this.#cannotReach(member, err)) return null;
      throw err;
    }
  }

  /**
   * A Telegram Stars invoice in the member's private chat: currency `XTR`, one price, no provider token.
   * Title and description are cut to Telegram's 32 and 255 characters. `null` when the member cannot be
   * written to (blocked the bot, never started it), like `sendDirect`.
   */
  async sendInvoice(member: MemberRef, invoice: Invoice): Promise<SentMessage | null> {
    const chat = this.#dmChat(member);
    try {
      const sent = await this.api.call<Message>(
        'sendInvoice',
        {
          chat_id: chat.id,
          title: cut(invoice.title, 32),
          description: cut(invoice.description, 255),
          payload: invoice.payload,
          provider_token: '',
          currency: invoice.currency,
          prices: [{ label: invoice.label, amount: invoice.amountMinor }],
        },
        chat.id,
      );
      this.unreachable.delete(member.id);
      return { chat, messageId: String(sent.message_id) };
    } catch (err) {
      if (this.#cannotReach(member, err)) return null;
      throw err;
    }
  }

  /**
   * Answers a `pre_checkout_query` (Telegram waits 10 seconds). A refusal must carry the reason Telegram
   * shows the payer; the core always gives one.
   */
  async answerPaymentCheck(checkId: string, ok: boolean, error?: string): Promise<void> {
    await this.api.call('answerPreCheckoutQuery', {
      pre_checkout_query_id: checkId,
      ok,
      ...(!ok && error ? { error_message: error } : {}),
    });
  }

  /** `sendDocument` to the member's private chat (a data export); `null` when they cannot be reached. */
  async sendFile(member: MemberRef, file: OutFile): Promise<SentMessage | null> {
    const chat = this.#dmChat(member);
    try {
      const sent = await this.api.call<Message>(
        'sendDocument',
        {
          chat_id: chat.id,
          document: { source: Buffer.from(file.bytes), filename: file.filename },
          ...(file.caption ? { caption: file.caption.slice(0, 1024) } : {}),
        },
        chat.id,
      );
      return { chat, messageId: String(sent.message_id) };
    } catch (err) {
      if (this.#cannotReach(member, err)) return null;
      throw err;
    }
  }

  /** `sendPhoto` with the PNG uploaded (multipart); captions are cut to Telegram's 1024 characters. */
  async sendImage(chat: ChatRef, image: OutImage): Promise<SentMessage> {
    const sent = await this.api.call<Message>(
      'sendPhoto',
      {
        chat_id: chat.id,
        photo: { source: Buffer.from(image.png), filename: image.filename },
        ...(image.caption ? { caption: image.caption.slice(0, 1024) } : {}),
      },
      chat.id,
    );
    return { chat, messageId: String(sent.message_id) };
  }

  /**
   * `setMessageReaction` with one emoji. Telegram allows only emoji from its own list: any other becomes 🎉
   * (see `reactions.ts`). A group may allow fewer; then Telegram refuses and this throws.
   */
  async react(chat: ChatRef, messageId: string, emoji: string): Promise<void> {
    await this.api.call(
      'setMessageReaction',
      {
        chat_id: chat.id,
        message_id: Number(messageId),
        reaction: [{ type: 'emoji', emoji: telegramReaction(emoji) }],
      },
      chat.id,
    );
  }

  async edit(sent: SentMessage, message: OutMessage): Promise<void> {
    try {
      await this.api.call(
        'editMessageText',
        {
          chat_id: sent.chat.id,
          message_id: Number(sent.messageId),
          text: message.text,
          reply_markup: keyboard(message),
        },
        sent.chat.id,
      );
    } catch (err) {
      if (err instanceof TelegramCallError && /message is not modified/i.test(err.description)) return;
      throw err;
    }
  }

  async deleteMessage(chat: ChatRef, messageId: string): Promise<void> {
    await this.api.call('deleteMessage', { chat_id: chat.id, message_id: Number(messageId) }, chat.id);
  }

  /**
   * Answers a button press. A press Telegram no longer takes an answer for — answered already (a copy of the
   * update handled by another process, or before a crash) or older than its timeout — is logged, not an
   * error: the person saw the spinner stop either way, and the press's effect does not depend on it.
   */
  async acknowledge(interactionId: string, text?: string): Promise<void> {
    try {
      await this.api.call('answerCallbackQuery', {
        callback_query_id: interactionId,
        ...(text ? { text } : {}),
      });
    } catch (err) {
      if (err instanceof TelegramCallError && QUERY_GONE.some((code) => err.description.includes(code))) {
        this.log.info({ interactionId, reason: err.description }, 'button press already answered or expired');
        return;
      }
      throw err;
    }
  }

  approveJoin(chat: ChatRef, member: MemberRef): Promise<JoinOutcome> {
    return this.#join('approveChatJoinRequest', chat, member);
  }

  declineJoin(chat: ChatRef, member: MemberRef): Promise<JoinOutcome> {
    return this.#join('declineChatJoinRequest', chat, member);
  }

  async kick(chat: ChatRef, member: MemberRef): Promise<void> {
    const user = Number(member.id);
    await this.api.call('banChatMember', { chat_id: chat.id, user_id: user }, chat.id);
    await this.api.call(
      'unbanChatMember',
      { chat_id: chat.id, user_id: user, only_if_banned: true },
      chat.id,
    );
  }

  isAdmin(chat: ChatRef, member: MemberRef): Promise<boolean> {
    if (chat.id === member.id) return Promise.resolve(false); // a private chat has no admins
    return this.admins.isAdmin(chat.id, member.id);
  }

  async registerCommands(commands: readonly CommandSpec[]): Promise<void> {
    for (const menu of commandMenus(commands)) await this.api.call('setMyCommands', { ...menu });
  }

  async checkSetup(chat: ChatRef): Promise<readonly SetupCheck[]> {
    const me = this.#me ?? (await this.api.call<UserFromGetMe>('getMe', {}));
    const [bot, info] = await Promise.all([
      this.api.call<ChatMember>('getChatMember', { chat_id: chat.id, user_id: me.id }, chat.id),
      this.api.call<Chat>('getChat', { chat_id: chat.id }, chat.id),
    ]);
    const admin = bot.status === 'administrator' || bot.status === 'creator';
    const right = (name: 'can_invite_users' | 'can_delete_messages' | 'can_restrict_members') =>
      bot.status === 'creator' || (bot.status === 'administrator' && bot[name] === true);
    return [
      { key: 'admin', ok: admin },
      { key: 'inviteUsers', ok: right('can_invite_users') },
      { key: 'deleteMessages', ok: right('can_delete_messages') },
      { key: 'restrictMembers', ok: right('can_restrict_members') },
      { key: 'readMessages', ok: me.can_read_all_group_messages === true },
      { key: 'joinRequests', ok: 'join_by_request' in info && info.join_by_request === true },
    ];
  }

  /** Where the bot may write to the member: the join request's `user_chat_id`, else their own id. */
  #dmChat(member: MemberRef): ChatRef {
    return { platform: 'telegram', id: this.#dmChats.get(member.id) ?? member.id };
  }

  /** True (and noted) when Telegram refused because the member cannot be written to privately. */
  #cannotReach(member: MemberRef, err: unknown): boolean {
    if (
      !(err instanceof TelegramCallError) ||
      !(err.errorCode === 403 || /chat not found/i.test(err.description))
    )
      return false;
    this.unreachable.add(member.id);
    this.log.info({ member: member.id, reason: err.description }, 'member cannot be messaged privately');
    return true;
  }

  async #join(method: string, chat: ChatRef, member: MemberRef): Promise<JoinOutcome> {
    try {
      await this.api.call(method, { chat_id: chat.id, user_id: Number(member.id) }, chat.id);
      return 'done';
    } catch (err) {
      if (
        err instanceof TelegramCallError &&
        ALREADY_HANDLED.some((code) => err.description.includes(code))
      ) {
        this.log.info(
          { method, chat: chat.id, member: member.id, reason: err.description },
          'join request already handled',
        );
        return 'already_handled';
      }
      throw err;
    }
  }
}
