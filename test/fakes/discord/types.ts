/**
 * The subset of Discord API objects the fake speaks (https://discord.com/developers/docs/resources), field names as
 * on the wire; ids and permissions are strings. Shapes follow discord-api-types 0.38 (what discord.js 14.28 reads).
 */

export type Snowflake = string;

/** A user given as the object or its id. */
export type UserLike = Snowflake | { id: Snowflake };
/** A message given as the object (as the fake returned it) or its coordinates. */
export type MessageLike = { id: Snowflake; channel_id: Snowflake };

export const idOf = (u: UserLike): Snowflake => (typeof u === 'string' ? u : u.id);

export interface DcUser {
  id: Snowflake;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  system?: boolean;
  public_flags?: number;
  flags?: number;
  mfa_enabled?: boolean;
  verified?: boolean;
  banner?: string | null;
  accent_color?: number | null;
  avatar_decoration_data?: null;
}

export interface DcRole {
  id: Snowflake;
  name: string;
  color: number;
  colors: { primary_color: number; secondary_color: number | null; tertiary_color: number | null };
  hoist: boolean;
  icon: string | null;
  unicode_emoji: string | null;
  position: number;
  permissions: string;
  managed: boolean;
  mentionable: boolean;
  flags: number;
  tags?: { bot_id?: Snowflake; integration_id?: Snowflake };
}

/** A guild member without `user` (as in MESSAGE_CREATE's `member`). */
export interface DcMemberNoUser {
  nick: string | null;
  avatar: string | null;
  banner: string | null;
  roles: Snowflake[];
  joined_at: string;
  premium_since: string | null;
  deaf: boolean;
  mute: boolean;
  flags: number;
  pending: boolean;
  communication_disabled_until: string | null;
}

export interface DcMember extends DcMemberNoUser {
  user: DcUser;
}

export interface DcOverwrite {
  id: Snowflake;
  /** 0 role, 1 member. */
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface DcChannel {
  id: Snowflake;
  type: number;
  guild_id?: Snowflake;
  name?: string | null;
  position?: number;
  permission_overwrites?: DcOverwrite[];
  parent_id?: Snowflake | null;
  topic?: string | null;
  nsfw?: boolean;
  last_message_id?: Snowflake | null;
  rate_limit_per_user?: number;
  recipients?: DcUser[];
  flags: number;
}

export interface DcEmoji {
  id: Snowflake | null;
  name: string | null;
  animated?: boolean;
}

export interface DcAttachment {
  id: Snowflake;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

/** A message component as sent (action rows, buttons, selects, text inputs, labels…); kept as given. */
export interface DcComponent {
  type: number;
  id?: number;
  custom_id?: string;
  components?: DcComponent[];
  component?: DcComponent;
  [field: string]: unknown;
}

export interface DcMessage {
  id: Snowflake;
  channel_id: Snowflake;
  author: DcUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: DcUser[];
  mention_roles: Snowflake[];
  attachments: DcAttachment[];
  embeds: unknown[];
  pinned: boolean;
  type: number;
  flags: number;
  components: DcComponent[];
  nonce?: string | number;
  webhook_id?: Snowflake;
  application_id?: Snowflake;
  message_reference?: { type?: number; message_id?: Snowflake; channel_id?: Snowflake; guild_id?: Snowflake };
  referenced_message?: DcMessage | null;
  interaction_metadata?: {
    id: Snowflake;
    type: number;
    user: DcUser;
    authorizing_integration_owners: Record<string, Snowflake>;
  };
  poll?: unknown;
  /** Reactions on the message; `me` when the bot is among those who reacted. */
  reactions?: DcReaction[];
}

export interface DcReaction {
  count: number;
  count_details: { burst: number; normal: number };
  me: boolean;
  me_burst: boolean;
  burst_colors: string[];
  emoji: { id: Snowflake | null; name: string };
}

export interface DcCommandOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string | number }[];
  options?: DcCommandOption[];
  [field: string]: unknown;
}

export interface DcCommand {
  id: Snowflake;
  application_id: Snowflake;
  guild_id?: Snowflake;
  version: Snowflake;
  type: number;
  name: string;
  name_localizations?: Record<string, string> | null;
  description: string;
  description_localizations?: Record<string, string> | null;
  options?: DcCommandOption[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  nsfw: boolean;
  contexts?: number[] | null;
  integration_types?: number[];
}

/** An option as it arrives in an interaction (`data.options`). */
export interface DcInteractionOption {
  type: number;
  name: string;
  value?: string | number | boolean;
  options?: DcInteractionOption[];
  focused?: boolean;
}

export interface DcGuildCreate {
  id: Snowflake;
  name: string;
  [field: string]: unknown;
}

/** A gateway dispatch as the fake builds it: the event name and its data (the `s` is set per session). */
export interface DispatchEvent<D = Record<string, unknown>> {
  t: string;
  d: D;
}

/** INTERACTION_CREATE's data, with the fields tests reach for typed. */
export interface InteractionPayload {
  id: Snowflake;
  token: string;
  type: number;
  application_id: Snowflake;
  channel_id: Snowflake;
  guild_id?: Snowflake;
  data: Record<string, unknown>;
  [field: string]: unknown;
}

/** MESSAGE_CREATE's data: the message plus `guild_id` and `member` in a guild. */
export type MessagePayload = DcMessage & {
  guild_id?: Snowflake;
  member?: DcMemberNoUser;
  [field: string]: unknown;
};

/** Any gateway payload on the wire. */
export interface GatewayPayload {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}
