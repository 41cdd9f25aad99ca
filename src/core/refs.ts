/** Messengers circlebot speaks to. `console` is the terminal adapter for trying the bot with no token. */
export const PLATFORMS = ['telegram', 'discord', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * A chat on one platform: a group (a circle) or a private chat with the bot.
 * Ids are strings everywhere: Discord snowflakes exceed 2^53.
 */
export interface ChatRef {
  readonly platform: Platform;
  readonly id: string;
}

/** A person on one platform. */
export interface MemberRef {
  readonly platform: Platform;
  readonly id: string;
}

/** What the platform tells us about a person; every field may be missing. */
export interface MemberProfile {
  readonly username?: string;
  readonly displayName?: string;
  readonly languageCode?: string;
}

/** `telegram:-100123` — stable key for maps, logs and locks. */
export function refKey(ref: ChatRef | MemberRef): string {
  return `${ref.platform}:${ref.id}`;
}

export function sameRef(a: ChatRef | MemberRef, b: ChatRef | MemberRef): boolean {
  return a.platform === b.platform && a.id === b.id;
}

/** A human label for a member: `@username`, else the display name, else the id. */
export function memberLabel(member: MemberRef, profile?: MemberProfile): string {
  if (profile?.username) return `@${profile.username}`;
  if (profile?.displayName) return profile.displayName;
  return member.id;
}
