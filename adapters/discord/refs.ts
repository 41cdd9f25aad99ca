import type { ChatRef, MemberRef } from '../../src/core/refs.js';

/**
 * How Discord places map to core refs. A circle is a guild; a private chat is `dm:<user>`. Message ids are
 * opaque to the core, so they carry their channel: `<channel>/<message>`; an interaction to answer is
 * `i/<interaction>`.
 */
export const guildRef = (guildId: string): ChatRef => ({ platform: 'discord', id: guildId });
export const dmRef = (userId: string): ChatRef => ({ platform: 'discord', id: `dm:${userId}` });
/** One channel of a guild, where the core must post somewhere precise (review items). */
export const channelRef = (guildId: string, channelId: string): ChatRef => ({
  platform: 'discord',
  id: `${guildId}/${channelId}`,
});
export const userRef = (userId: string): MemberRef => ({ platform: 'discord', id: userId });

export const messageKey = (channelId: string, messageId: string) => `${channelId}/${messageId}`;
export const interactionKey = (interactionId: string) => `i/${interactionId}`;

export type Place =
  | { readonly kind: 'message'; readonly channelId: string; readonly messageId: string }
  | { readonly kind: 'interaction'; readonly interactionId: string };

/** Reads a message id the port handed out earlier; `null` when it is not one of ours. */
export function parsePlace(key: string | undefined): Place | null {
  if (!key) return null;
  const [head, tail, ...rest] = key.split('/');
  if (!head || !tail || rest.length > 0) return null;
  if (head === 'i') return { kind: 'interaction', interactionId: tail };
  return /^\d{1,25}$/.test(head) && /^\d{1,25}$/.test(tail)
    ? { kind: 'message', channelId: head, messageId: tail }
    : null;
}
