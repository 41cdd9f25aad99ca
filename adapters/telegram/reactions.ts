import type { TelegramEmoji } from 'telegraf/types';

/**
 * The emoji Telegram lets a bot react with (`ReactionTypeEmoji`); any other is refused with
 * REACTION_INVALID. A group's admins may narrow the list further (the chat's `available_reactions`).
 */
// biome-ignore format: a table reads better packed
const ALLOWED: ReadonlySet<string> = new Set<TelegramEmoji>([
  '👍', '👎', '❤', '🔥', '🥰', '👏', '😁', '🤔', '🤯', '😱', '🤬', '😢', '🎉', '🤩', '🤮', '💩', '🙏', '👌',
  '🕊', '🤡', '🥱', '🥴', '😍', '🐳', '❤‍🔥', '🌚', '🌭', '💯', '🤣', '⚡', '🍌', '🏆', '💔', '🤨', '😐', '🍓',
  '🍾', '💋', '🖕', '😈', '😴', '😭', '🤓', '👻', '👨‍💻', '👀', '🎃', '🙈', '😇', '😨', '🤝', '✍', '🤗', '🫡',
  '🎅', '🎄', '☃', '💅', '🤪', '🗿', '🆒', '💘', '🙉', '🦄', '😘', '💊', '🙊', '😎', '👾', '🤷‍♂', '🤷', '🤷‍♀', '😡',
]);

/** What the bot reacts with when asked for an emoji Telegram does not allow. */
export const FALLBACK_REACTION: TelegramEmoji = '🎉';

/** The emoji itself when Telegram allows it, else 🎉. */
export function telegramReaction(emoji: string): TelegramEmoji {
  return ALLOWED.has(emoji) ? (emoji as TelegramEmoji) : FALLBACK_REACTION;
}
