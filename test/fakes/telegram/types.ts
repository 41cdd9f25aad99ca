/**
 * The subset of Telegram Bot API objects the fake speaks (https://core.telegram.org/bots/api#available-types).
 * Field names are the API's own; optional fields are left out of objects rather than set to null.
 */

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: true;
  /** Only in `getMe`. */
  can_join_groups?: boolean;
  /** Only in `getMe`: false while privacy mode is on. */
  can_read_all_group_messages?: boolean;
  /** Only in `getMe`. */
  supports_inline_queries?: boolean;
  /** Only in `getMe`. */
  can_connect_to_business?: boolean;
  /** Only in `getMe`. */
  has_main_web_app?: boolean;
}

export type TgChatType = 'private' | 'group' | 'supergroup' | 'channel';

/** `Chat` as it appears inside messages and updates. */
export interface TgChat {
  id: number;
  type: TgChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: true;
}

export interface TgChatPermissions {
  can_send_messages?: boolean;
  can_send_audios?: boolean;
  can_send_documents?: boolean;
  can_send_photos?: boolean;
  can_send_videos?: boolean;
  can_send_video_notes?: boolean;
  can_send_voice_notes?: boolean;
  can_send_polls?: boolean;
  can_send_other_messages?: boolean;
  can_add_web_page_previews?: boolean;
  can_change_info?: boolean;
  can_invite_users?: boolean;
  can_pin_messages?: boolean;
  can_manage_topics?: boolean;
}

/** `ChatFullInfo`, what `getChat` returns (Bot API 7.3+). */
export interface TgChatFullInfo extends TgChat {
  accent_color_id: number;
  max_reaction_count: number;
  description?: string;
  join_by_request?: true;
  permissions?: TgChatPermissions;
}

/** The rights of an administrator (`ChatAdministratorRights` without `is_anonymous`). */
export interface TgAdminRights {
  can_manage_chat: boolean;
  can_delete_messages: boolean;
  can_manage_video_chats: boolean;
  can_restrict_members: boolean;
  can_promote_members: boolean;
  can_change_info: boolean;
  can_invite_users: boolean;
  can_post_stories: boolean;
  can_edit_stories: boolean;
  can_delete_stories: boolean;
  can_pin_messages?: boolean;
  can_manage_topics?: boolean;
}

export type TgChatMember =
  | { status: 'creator'; user: TgUser; is_anonymous: boolean; custom_title?: string }
  | ({ status: 'administrator'; user: TgUser; can_be_edited: boolean; is_anonymous: boolean } & TgAdminRights)
  | { status: 'member'; user: TgUser; until_date?: number }
  | ({
      status: 'restricted';
      user: TgUser;
      is_member: boolean;
      until_date: number;
    } & Required<Omit<TgChatPermissions, 'can_add_web_page_previews'>> & {
        can_add_web_page_previews: boolean;
      })
  | { status: 'left'; user: TgUser }
  | { status: 'kicked'; user: TgUser; until_date: number };

export type TgMemberStatus = TgChatMember['status'];

export interface TgMessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  user?: TgUser;
}

export interface TgInlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [other: string]: unknown;
}

export interface TgInlineKeyboardMarkup {
  inline_keyboard: TgInlineKeyboardButton[][];
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface TgSuccessfulPayment {
  currency: string;
  total_amount: number;
  invoice_payload: string;
  telegram_payment_charge_id: string;
  provider_payment_charge_id: string;
  subscription_expiration_date?: number;
  is_recurring?: true;
  is_first_recurring?: true;
}

export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  caption_entities?: TgMessageEntity[];
  photo?: TgPhotoSize[];
  edit_date?: number;
  reply_markup?: TgInlineKeyboardMarkup;
  reply_to_message?: TgMessage;
  new_chat_members?: TgUser[];
  left_chat_member?: TgUser;
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
  invoice?: {
    title: string;
    description: string;
    start_parameter: string;
    currency: string;
    total_amount: number;
  };
  successful_payment?: TgSuccessfulPayment;
  [other: string]: unknown;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  inline_message_id?: string;
  chat_instance: string;
  data?: string;
}

export interface TgChatInviteLink {
  invite_link: string;
  creator: TgUser;
  creates_join_request: boolean;
  is_primary: boolean;
  is_revoked: boolean;
  name?: string;
}

export interface TgChatJoinRequest {
  chat: TgChat;
  from: TgUser;
  /** The private chat the bot may write to for 5 minutes or until the request is handled. */
  user_chat_id: number;
  date: number;
  bio?: string;
  invite_link?: TgChatInviteLink;
}

export interface TgChatMemberUpdated {
  chat: TgChat;
  from: TgUser;
  date: number;
  old_chat_member: TgChatMember;
  new_chat_member: TgChatMember;
  invite_link?: TgChatInviteLink;
  via_join_request?: true;
  via_chat_folder_invite_link?: true;
}

export type TgReactionType =
  | { type: 'emoji'; emoji: string }
  | { type: 'custom_emoji'; custom_emoji_id: string };

export interface TgMessageReactionUpdated {
  chat: TgChat;
  message_id: number;
  user?: TgUser;
  actor_chat?: TgChat;
  date: number;
  old_reaction: TgReactionType[];
  new_reaction: TgReactionType[];
}

export interface TgPreCheckoutQuery {
  id: string;
  from: TgUser;
  currency: string;
  total_amount: number;
  invoice_payload: string;
  shipping_option_id?: string;
}

/** Every update kind the Bot API names in `allowed_updates`. */
export const UPDATE_TYPES = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_connection',
  'business_message',
  'edited_business_message',
  'deleted_business_messages',
  'message_reaction',
  'message_reaction_count',
  'inline_query',
  'chosen_inline_result',
  'callback_query',
  'shipping_query',
  'pre_checkout_query',
  'purchased_paid_media',
  'poll',
  'poll_answer',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'chat_boost',
  'removed_chat_boost',
] as const;

export type TgUpdateType = (typeof UPDATE_TYPES)[number];

/** An update's payload: exactly one of these kinds. */
export interface TgUpdateBody {
  message?: TgMessage;
  edited_message?: TgMessage;
  channel_post?: TgMessage;
  callback_query?: TgCallbackQuery;
  chat_join_request?: TgChatJoinRequest;
  chat_member?: TgChatMemberUpdated;
  my_chat_member?: TgChatMemberUpdated;
  message_reaction?: TgMessageReactionUpdated;
  pre_checkout_query?: TgPreCheckoutQuery;
  [other: string]: unknown;
}

export type TgUpdate = { update_id: number } & TgUpdateBody;

/** An update before the fake numbers it. */
export type TgUpdateInput = { update_id?: number } & TgUpdateBody;

export interface TgResponseParameters {
  migrate_to_chat_id?: number;
  retry_after?: number;
}

export type TgApiResponse =
  | { ok: true; result: unknown; description?: string }
  // `result?: never` lets tests read `response.result` without narrowing first.
  | { ok: false; error_code: number; description: string; parameters?: TgResponseParameters; result?: never };

export interface TgBotCommand {
  command: string;
  description: string;
}

export interface TgWebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  ip_address?: string;
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  allowed_updates?: string[];
}

/** The kind of an update: its one key besides `update_id`. */
export function updateType(update: TgUpdateInput): string | undefined {
  return Object.keys(update).find((key) => key !== 'update_id');
}
