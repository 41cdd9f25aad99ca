import { badRequest, TG } from '../errors.js';
import { intParam, optBool } from '../params.js';
import type { TgReactionType } from '../types.js';
import { assertCanPost, chatParam, type MethodHandler } from './context.js';

/** The emoji a bot may react with (Bot API `ReactionTypeEmoji`); anything else is refused. */
export const TELEGRAM_REACTION_EMOJI: ReadonlySet<string> = new Set(
  `👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓
   🍾 💋 🖕 😈 😴 😭 🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷‍♂ 🤷 🤷‍♀ 😡`
    .trim()
    .split(/\s+/),
);

/**
 * Sets the bot's reaction on a message in the world: one reaction at most (bots are not premium), an emoji
 * from Telegram's list, on a message the chat holds. An empty list takes the reaction away.
 */
const setMessageReaction: MethodHandler = (p, ctx) => {
  const record = chatParam(p, ctx);
  const id = intParam(p, 'message_id');
  const raw = p.reaction ?? [];
  if (!Array.isArray(raw)) throw badRequest("Bad Request: can't parse reaction types JSON object");
  const reaction = raw as TgReactionType[];
  if (reaction.length > 1) throw badRequest(TG.reactionsTooMany);
  for (const r of reaction) {
    if (r?.type !== 'emoji' || !TELEGRAM_REACTION_EMOJI.has(r.emoji)) throw badRequest(TG.reactionInvalid);
  }
  assertCanPost(ctx, record, 'text');
  if (!record.messages.has(id)) throw badRequest(TG.messageIdInvalid);
  optBool(p, 'is_big');
  record.botReactions.set(id, structuredClone(reaction));
  if (reaction.length === 0) record.botReactions.delete(id);
  return true;
};

export const reactionMethods: Record<string, MethodHandler> = { setMessageReaction };
