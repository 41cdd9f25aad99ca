import type { DcComponent, DcMessage, DcOverwrite, DcRole, DcUser, Snowflake } from './types.js';

/** The shapes of the fake's world: specs tests write, and the records the world keeps. */

/** How to make a user; everything has a realistic default. */
export interface UserSpec {
  id?: Snowflake;
  username?: string;
  global_name?: string | null;
  bot?: boolean;
  /** "Allow direct messages from server members" is off: the bot's DMs answer 403 50007. */
  dmsClosed?: boolean;
}

/** Where a new role goes: a position (roles at or above it move up), the top, the bottom, or next to a role. */
export type RolePlacement = number | 'top' | 'bottom' | { above: Snowflake } | { below: Snowflake };

export interface RoleSpec {
  id?: Snowflake;
  name?: string;
  /** Bits, as a bigint or a decimal string (default none: a cosmetic role). */
  permissions?: bigint | string;
  /** Default `'bottom'` (position 1), where Discord puts a new role. */
  position?: RolePlacement;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
}

export interface OverwriteSpec {
  id: Snowflake;
  type: 'role' | 'member';
  allow?: bigint;
  deny?: bigint;
}

export interface ChannelSpec {
  id?: Snowflake;
  name?: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement. */
  type?: number;
  parentId?: Snowflake | null;
  topic?: string | null;
  overwrites?: OverwriteSpec[];
}

export interface MemberSpec {
  roles?: Snowflake[];
  nick?: string | null;
  /** ms on the fake's clock (default now). */
  joinedAt?: number;
  pending?: boolean;
  communicationDisabledUntil?: string | null;
}

export interface GuildSpec {
  id?: Snowflake;
  name?: string;
  /** The owner: an existing user id or a spec for a new one (default a new user). */
  owner?: Snowflake | UserSpec;
  /** What `@everyone` may do (default Discord's defaults for a new server). */
  everyonePermissions?: bigint;
  /** What the bot's managed role allows (default `DEFAULT_BOT_PERMISSIONS`). */
  botPermissions?: bigint;
  /** Text channels etc.; default one text channel `general`. */
  channels?: ChannelSpec[];
  /** Roles made after the bot's role, in order (each placed as its spec says). */
  roles?: RoleSpec[];
  /** The bot is a member (default true); false for a guild it will join later in the test. */
  botMember?: boolean;
  preferredLocale?: string;
}

export interface UserRecord {
  user: DcUser;
  dmsClosed: boolean;
}

export interface MemberRecord {
  userId: Snowflake;
  nick: string | null;
  roles: Snowflake[];
  joinedAt: string;
  pending: boolean;
  communicationDisabledUntil: string | null;
}

export interface ChannelRecord {
  id: Snowflake;
  type: number;
  guildId?: Snowflake;
  name: string | null;
  position: number;
  parentId: Snowflake | null;
  topic: string | null;
  overwrites: DcOverwrite[];
  /** For a DM channel: the other user. */
  recipientId?: Snowflake;
  lastMessageId: Snowflake | null;
  messages: Map<Snowflake, DcMessage>;
}

export interface GuildRecord {
  id: Snowflake;
  name: string;
  ownerId: Snowflake;
  preferredLocale: string;
  roles: Map<Snowflake, DcRole>;
  channelIds: Snowflake[];
  members: Map<Snowflake, MemberRecord>;
  bans: Map<Snowflake, { reason: string | null }>;
  /** The bot's managed role. */
  botRoleId: Snowflake;
}

/** An interaction the bot has been sent, and what it did with it. */
export interface InteractionRecord {
  id: Snowflake;
  token: string;
  type: number;
  /** ms on the fake's clock when Discord created it (the id's timestamp). */
  createdAt: number;
  guildId?: Snowflake;
  channelId: Snowflake;
  userId: Snowflake;
  /** The message a component sat on (component interactions, and modals opened from one). */
  messageId?: Snowflake;
  /** The callback `type` of the first response, once there is one. */
  responseType?: number;
  /** The reply (types 4, 5) — also in the channel unless ephemeral. */
  original?: DcMessage;
  /** The modal shown with callback type 9. */
  modal?: { custom_id: string; title: string; components: DcComponent[] };
  followups: Snowflake[];
}

/** The privileged intents switched on in the developer portal (all on unless a test says otherwise). */
export interface PrivilegedIntents {
  guildMembers: boolean;
  presences: boolean;
  messageContent: boolean;
}

export interface ApplicationRecord {
  id: Snowflake;
  name: string;
  description: string;
  ownerId: Snowflake;
  privilegedIntents: PrivilegedIntents;
}
