import { badRequest, TG } from '../errors.js';
import { hasRight } from '../members.js';
import { intParam, optInt, optString, type Params } from '../params.js';
import type { TgMessage, TgPhotoSize } from '../types.js';
import type { ChatRecord } from '../world.js';
import { captionParam, inlineKeyboardParam, messageText } from './content.js';
import { assertCanPost, chatParam, type MethodContext, type MethodHandler } from './context.js';

/** `reply_parameters.message_id` or the older `reply_to_message_id`. */
function replyTarget(p: Params, record: ChatRecord): TgMessage | undefined {
  const params = p.reply_parameters as
    | { message_id?: number; allow_sending_without_reply?: boolean }
    | undefined;
  const id = params?.message_id ?? optInt(p, 'reply_to_message_id');
  if (id === undefined) return undefined;
  const target = record.messages.get(Number(id));
  if (!target && !params?.allow_sending_without_reply)
    throw badRequest('Bad Request: message to be replied not found');
  return target;
}

/** Stores a message the bot posts, with the next id in its chat. */
function post(ctx: MethodContext, record: ChatRecord, p: Params, content: Partial<TgMessage>): TgMessage {
  const replyTo = replyTarget(p, record);
  const markup = inlineKeyboardParam(p);
  const message: TgMessage = {
    message_id: ctx.world.nextMessageId(record.chat.id),
    from: ctx.world.botUser,
    chat: record.chat,
    date: ctx.world.unixNow(),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    ...content,
    ...(markup ? { reply_markup: markup } : {}),
  };
  ctx.world.storeMessage(message);
  return message;
}

const sendMessage: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  const text = messageText(p);
  assertCanPost(ctx, record, 'text');
  return post(ctx, record, p, { text });
};

/** Two sizes per photo, as Telegram returns a thumbnail and the largest size. */
function photoSizes(ctx: MethodContext, size: number): TgPhotoSize[] {
  const id = ctx.nextId('AgACAgIAAxkBAAI');
  return [
    { file_id: `${id}-s`, file_unique_id: `${id}s`, width: 90, height: 90, file_size: Math.min(size, 1_500) },
    { file_id: `${id}-x`, file_unique_id: `${id}x`, width: 800, height: 800, file_size: size },
  ];
}

const sendPhoto: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  const photo = p.photo;
  if (photo === undefined || photo === null || photo === '') throw badRequest(TG.noPhoto);
  const caption = captionParam(p);
  assertCanPost(ctx, record, 'photos');
  const size = typeof photo === 'object' && 'size' in photo ? Number(photo.size) : 50_000;
  return post(ctx, record, p, { photo: photoSizes(ctx, size), ...(caption ? { caption } : {}) });
};

/** `sendDocument`: the upload is kept on the recorded call; the message carries a `document`. */
const sendDocument: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  const document = p.document;
  if (document === undefined || document === null || document === '') throw badRequest(TG.noDocument);
  const caption = captionParam(p);
  assertCanPost(ctx, record, 'text');
  const upload = typeof document === 'object' ? (document as { filename?: string; size?: number }) : {};
  const id = ctx.nextId('BQACAgIAAxkBAAI');
  return post(ctx, record, p, {
    document: {
      file_id: id,
      file_unique_id: `${id}u`,
      file_name: upload.filename ?? 'file',
      file_size: Number(upload.size ?? 0),
    },
    ...(caption ? { caption } : {}),
  });
};

/** The bot's own message named by `chat_id` + `message_id`, for editing. */
function messageToEdit(p: Params, ctx: MethodContext): TgMessage {
  const record = chatParam(p, ctx);
  const message = record.messages.get(intParam(p, 'message_id'));
  if (!message) throw badRequest(TG.messageToEditNotFound);
  if (message.from?.id !== ctx.world.bot.id) throw badRequest(TG.messageCantBeEdited);
  return message;
}

function sameMarkup(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const editMessageText: MethodHandler = (p, ctx) => {
  const text = messageText(p);
  if (optString(p, 'inline_message_id') !== undefined) return true;
  const message = messageToEdit(p, ctx);
  const markup = inlineKeyboardParam(p);
  if (message.text === text && sameMarkup(message.reply_markup, markup))
    throw badRequest(TG.messageNotModified);
  message.text = text;
  if (markup) message.reply_markup = markup;
  else delete message.reply_markup;
  message.edit_date = ctx.world.unixNow();
  return message;
};

const editMessageReplyMarkup: MethodHandler = (p, ctx) => {
  if (optString(p, 'inline_message_id') !== undefined) return true;
  const message = messageToEdit(p, ctx);
  const markup = inlineKeyboardParam(p);
  if (sameMarkup(message.reply_markup, markup)) throw badRequest(TG.messageNotModified);
  if (markup) message.reply_markup = markup;
  else delete message.reply_markup;
  message.edit_date = ctx.world.unixNow();
  return message;
};

const deleteMessage: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  const id = intParam(p, 'message_id');
  const message = record.messages.get(id);
  if (!message) throw badRequest(TG.messageToDeleteNotFound);
  const own = message.from?.id === ctx.world.bot.id;
  if (
    record.chat.type !== 'private' &&
    !own &&
    !hasRight(ctx.world.botMember(record.chat.id), 'can_delete_messages')
  ) {
    throw badRequest(TG.messageCantBeDeleted);
  }
  record.messages.delete(id);
  return true;
};

export const messageMethods: Record<string, MethodHandler> = {
  sendMessage,
  sendPhoto,
  sendDocument,
  editMessageText,
  editMessageReplyMarkup,
  deleteMessage,
};
