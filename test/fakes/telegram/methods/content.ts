import { badRequest, TG } from '../errors.js';
import { optString, type Params } from '../params.js';
import type { TgInlineKeyboardMarkup } from '../types.js';

const BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

/**
 * Checks `reply_markup` as Telegram does and returns the inline keyboard a message keeps
 * (reply keyboards and force-reply are accepted but not stored on the message).
 */
export function inlineKeyboardParam(p: Params): TgInlineKeyboardMarkup | undefined {
  const markup = p.reply_markup;
  if (markup === undefined || markup === null || markup === '') return undefined;
  if (typeof markup !== 'object')
    throw badRequest("Bad Request: can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return undefined;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest(
      'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
    );
  }
  for (const row of rows as unknown[][]) {
    for (const button of row) {
      const b = (button ?? {}) as Record<string, unknown>;
      if (typeof b.text !== 'string') {
        throw badRequest(
          'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String',
        );
      }
      if (!BUTTON_ACTIONS.some((key) => b[key] !== undefined)) throw badRequest(TG.buttonTypeInvalid);
      if (b.callback_data !== undefined) {
        const bytes = Buffer.byteLength(String(b.callback_data), 'utf8');
        if (bytes < 1 || bytes > 64) throw badRequest(TG.buttonDataInvalid);
      }
    }
  }
  return markup as TgInlineKeyboardMarkup;
}

const HTML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };

/**
 * The text a message ends up with: HTML tags stripped and entities decoded when `parse_mode` is HTML.
 * Markdown is kept as sent, and no formatting entities are produced.
 */
export function visibleText(text: string, parseMode: string | undefined): string {
  if (parseMode?.toUpperCase() !== 'HTML') return text;
  return text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot);/g, (m) => HTML_ENTITIES[m] ?? m);
}

/** `text` after parsing, with Telegram's empty and too-long checks (4096 characters). */
export function messageText(p: Params): string {
  const raw = optString(p, 'text');
  const text = visibleText(raw ?? '', optString(p, 'parse_mode')).trim();
  if (text === '') throw badRequest(TG.textEmpty);
  if (text.length > 4096) throw badRequest(TG.textTooLong);
  return text;
}

/** `caption` after parsing, at most 1024 characters. */
export function captionParam(p: Params): string | undefined {
  const raw = optString(p, 'caption');
  if (raw === undefined) return undefined;
  const caption = visibleText(raw, optString(p, 'parse_mode'));
  if (caption.length > 1024) throw badRequest(TG.captionTooLong);
  return caption;
}
